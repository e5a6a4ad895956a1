import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config/load';
import { quietLogger } from '../../src/log';
import { startService, type Service, type ServiceOptions } from '../../src/main';
import { chainError } from '../../src/chain/errors';
import type { ChainPort } from '../../src/chain/port';
import { runCli } from '../helpers/cli';
import { tempDir, testEnv } from '../helpers/tmp';
import { FIXTURE_ID } from '../fixtures/hub/proposals';
import { describeWithChromium, launchChromium } from '../helpers/chromium';

/** The bundled demo record: the seed's text, signed by the fixtures' demo key. */
const SEED_ID = FIXTURE_ID;
const DAY = 86_400_000;
const SHOTS = process.env.GOVBRIDGE_SCREENSHOTS ?? '/tmp';
const maybe = describeWithChromium('OPS DASHBOARD TEST');

/** A chain that lands phase 1 but refuses every tranche, as a node would for a broke treasury. */
function refusingTranches(chain: ChainPort): ChainPort {
  return new Proxy(chain, {
    get(target, prop, receiver) {
      if (prop === 'send') {
        return (tx: Parameters<ChainPort['send']>[0], onInBlock?: Parameters<ChainPort['send']>[1]) =>
          tx.actions.some((a) => a.kind === 'addStakeLimit' || (a.kind === 'addStake' && a.netuid !== 0))
            ? Promise.resolve({
                ok: false,
                error: chainError('module', 'NotEnoughBalanceToStake', 'SubtensorModule.NotEnoughBalanceToStake: not enough free balance'),
              })
            : target.send(tx, onInBlock);
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

maybe('ops see the truth: the dashboard in headless Chromium against the real service', () => {
  const root = tempDir();
  let browser: Browser;
  const services: Service[] = [];

  async function service(
    name: string,
    env: Record<string, string>,
    opts: ServiceOptions = {},
  ): Promise<{ s: Service; base: string; dir: string }> {
    const dir = path.join(root, name);
    const cfg = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dir, ...env }));
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    const s = await startService(cfg.value, quietLogger(), opts);
    services.push(s);
    return { s, base: `http://127.0.0.1:${s.port}`, dir };
  }

  async function phone(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.getAttribute('data-renders')) >= 1);
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of services) await s.stop();
  });

  it('a hub that does not answer gets a banner with source, space and last good poll; /ready names it', async () => {
    const { base } = await service('nohub', { GOVBRIDGE_SOURCE: 'snapshot', GOVBRIDGE_HUB_URL: 'http://127.0.0.1:9/graphql' });
    let ready: Response | undefined;
    for (let i = 0; i < 100 && (ready = await fetch(`${base}/ready`)).status !== 503; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await ready!.json()).toMatchObject({ ready: false, checks: { hub: false } });
    const page = await phone(base + '/');
    const banner = page.locator('#hub-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(
      /^HUB NOT ANSWERING: snapshot \(space rokonetwork\.eth\) has not answered since \d{4}-\d\d-\d\d \d\d:\d\d UTC; last good poll: none since start\. Last error: /,
    );
    expect(await page.locator('#source-line').textContent()).toMatch(
      /^Source snapshot · space rokonetwork\.eth · chain dry-run · last poll .* UTC \(failed\)$/,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('a chain that refuses every tranche: failing banner with the reason and advice, /ready 503, refusals by kind in metrics', async () => {
    let now = new Date('2025-02-14T06:00:00Z');
    const { s, base } = await service(
      'refusing',
      { GOVBRIDGE_SOURCE: 'fixtures' },
      { clock: () => now, schedule: false, wrapChain: refusingTranches },
    );
    expect((await s.components.poller.runOnce(now)).error).toBeNull();
    await s.components.executor.runOnce(now);
    now = new Date(now.getTime() + DAY);
    await s.components.executor.runOnce(now);
    expect((await s.components.plans.get(SEED_ID))?.state).toBe('active');
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { tranches: false, hub: true } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^govbridge_chain_refusals\{kind="NotEnoughBalanceToStake"\} (\d+)$/m);
    expect(Number(/govbridge_chain_refusals\{kind="NotEnoughBalanceToStake"\} (\d+)/.exec(metrics)![1])).toBeGreaterThanOrEqual(5);

    const page = await phone(base + '/');
    const banner = page.locator('#failing-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(
      /^TRANCHES FAILING: ROKO DAO Governance Proposal.* — the last \d+ tranches failed since 2025-02-14 06:00 UTC \(NotEnoughBalanceToStake\)\. What to do: the treasury lacks free balance/,
    );
    // Simulated: the marker is there, and no tx hash links anywhere.
    expect(await page.locator('#dry-run').isVisible()).toBe(true);
    expect(await page.locator('table.tranches .tx.simulated').count()).toBeGreaterThan(0);
    expect(await page.locator('table.tranches a').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'govbridge-failing-390.png'), fullPage: true });
    await page.close();
  });

  it('a completed dry-run plan reads the same everywhere: 44.2 of 44.2 TAO sent with fees apart; audit counts every outcome', async () => {
    let now = new Date('2025-02-14T06:00:00Z');
    const { s, base, dir } = await service('demo', { GOVBRIDGE_SOURCE: 'fixtures' }, { clock: () => now, schedule: false });
    await s.components.poller.runOnce(now);
    for (let day = 0; day < 70 && (await s.components.plans.get(SEED_ID))?.state !== 'completed'; day++) {
      await s.components.executor.runOnce(now);
      now = new Date(now.getTime() + DAY);
    }
    expect((await s.components.plans.get(SEED_ID))?.state).toBe('completed');
    const rows = (await s.components.ledger.forPlan(SEED_ID)).filter((r) => r.kind === 'tranche');
    const fees51 = rows.filter((r) => r.netuid === 51).reduce((x, r) => x + r.feeRao!, 0n);
    expect(fees51).toBeGreaterThan(0n);
    const sentence = /44\.2 of 44\.2 TAO sent \(0\.0\d+ TAO fees\)/;

    // API: RAO strings, sent = staked + fees.
    const plan = (await (await fetch(`${base}/api/plans/${SEED_ID}`)).json()) as {
      progress: { subnets: { netuid: number; sentRao: string; stakedRao: string; feesRao: string }[] };
      phase1: { amountRao: string }[];
      explorerLink?: string;
    };
    const sn51 = plan.progress.subnets.find((x) => x.netuid === 51)!;
    expect(sn51).toMatchObject({ sentRao: '44200000000', feesRao: fees51.toString() });
    expect(BigInt(sn51.stakedRao) + BigInt(sn51.feesRao)).toBe(44_200_000_000n);
    expect(plan.phase1).toEqual([expect.objectContaining({ amountRao: '220000000000', state: 'finalized' })]);
    const tranches = (await (await fetch(`${base}/api/plans/${SEED_ID}/tranches`)).json()) as {
      tranches: { explorerLink: string | null }[];
    };
    expect(tranches.tranches.every((t) => t.explorerLink === null)).toBe(true);

    // CLI on the same store, read by path from the config.
    const env = testEnv({ GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_SOURCE: 'fixtures' });
    const status = await runCli(['status'], env);
    expect(status.stdout).toMatch(new RegExp(`SN51 Celium +\\[#{24}\\] ${sentence.source}`));
    expect(status.stdout).toMatch(/phase 1: 220 TAO unstaked from root \(finalized\)/);
    const report = await runCli(['report', SEED_ID], env);
    expect(report.stdout).toMatch(new RegExp(`^SN51 Celium: ${sentence.source}$`, 'm'));
    const audit = await runCli(['audit', 'verify'], env);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(new RegExp(`^ +${rows.length + 1}  ledger\\.finalized$`, 'm'));

    // Dashboard at phone width.
    const page = await phone(base + '/');
    const card = page.locator(`[data-plan="${SEED_ID}"]`);
    await card.waitFor();
    expect(await card.locator('.subnet[data-netuid="51"] .subnet-text').textContent()).toMatch(
      new RegExp(`^SN51 Celium: ${sentence.source}`),
    );
    expect(await card.locator('.plan-total').textContent()).toBe(
      'Plan 884 TAO: 663 held at root; phase 1: 220 TAO unstaked from root (finalized)',
    );
    expect(await card.locator('.subnet .fill').first().getAttribute('style')).toBe('width:100%');
    expect(await page.locator('#dry-run').isVisible()).toBe(true);
    expect(await page.locator('table.tranches a').count()).toBe(0);
    expect(await page.locator('.lock').first().textContent()).toBe('ended');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'govbridge-completed-390.png'), fullPage: true });
    await page.close();
  });
});
