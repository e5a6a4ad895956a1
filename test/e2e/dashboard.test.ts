import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { AuditLog } from '../../src/store/audit';
import { openDb, type Db } from '../../src/store/db';
import { MemoryReadModel, startTestServer } from '../integration/http/fixture';
import { describeWithChromium, launchChromium } from '../helpers/chromium';

const artifacts = path.resolve(__dirname, '..', 'artifacts');
const maybe = describeWithChromium('DASHBOARD TEST');

maybe('dashboard in headless Chromium', () => {
  let db: Db;
  const read = new MemoryReadModel();
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    db = await openDb(':memory:');
    srv = await startTestServer(read, new AuditLog(db));
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await db?.close();
  });

  it('shows a plan in progress with the right numbers, then the halted banner after a halt', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1800 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // Everything the page loads must come from the server itself: no CDN.
    const foreign: string[] = [];
    page.on('request', (r) => !r.url().startsWith(srv.base) && foreign.push(r.url()));

    await page.goto(srv.base + '/');
    const plan = page.locator('[data-plan="p1"]');
    await plan.waitFor();
    expect(await plan.locator('.state').textContent()).toBe('active');
    // The page says which process answered: here a standby, naming the leader.
    await page.locator('#role[data-role="standby"]').waitFor();
    expect(await page.locator('#role').textContent()).toBe(
      'this process stands by and serves the API; the executor runs on host-a:101:abcd1234',
    );
    expect(await plan.locator('.deployed-total').textContent()).toBe('104.975');
    expect(await plan.locator('.scheduled-total').textContent()).toBe('110.5');
    expect(await plan.locator('.lock').textContent()).toBe('34d 12h 0m');
    expect(await plan.locator('.subnet[data-netuid="51"] .subnet-text').textContent()).toBe(
      'SN51 Celium: 16.575 of 44.2 TAO sent (0.0003 TAO fees), 16.575 staked, 7.5 alpha (schedule by now 22.1, tranches 3/8)',
    );
    const row51 = plan.locator('table.review tr[data-netuid="51"]');
    expect(await row51.locator('.entry').textContent()).toBe('2.21');
    expect(await row51.locator('.price').textContent()).toBe('2');
    expect(await row51.locator('.change').textContent()).toBe('-9.50%');
    expect(await plan.locator('table.review tr[data-netuid="64"] .change').textContent()).toBe('8.59%');
    // The schedule line and the deployed line of the cumulative chart, and the review bars.
    expect(await plan.locator('svg.cumulative path.schedule-line').count()).toBe(1);
    expect(await plan.locator('svg.cumulative path.deployed-line').getAttribute('d')).toMatch(/V/);
    expect(await plan.locator('svg.review-chart rect.change-bar').count()).toBe(3);
    const firstLink = plan.locator('table.tranches a').first();
    expect(await firstLink.getAttribute('href')).toMatch(/^https:\/\/taostats\.io\/extrinsic\/0x[0-9a-f]{64}$/);
    expect(await plan.locator('table.tranches td.st-failed').textContent()).toBe('failed (SlippageTooHigh)');
    expect(await page.locator('#proposals tr[data-verdict="blocked"]').count()).toBe(1);
    expect(await page.locator('#halt-banner').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-active.png'), fullPage: true });

    // An ops halt lands in the store; the page picks it up on its own next refresh.
    read.halt('critical vulnerability in SN51 validator');
    const banner = page.locator('#halt-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(
      /^HALTED: Treasury allocation \(proposal 39\) — critical vulnerability in SN51 validator \(by ops:alice/,
    );
    expect(await plan.locator('.state').textContent()).toBe('halted');
    expect(await banner.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(182, 35, 36)');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-halted.png'), fullPage: true });

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
