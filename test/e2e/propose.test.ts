import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AuditLog } from '../../src/store/audit';
import { openDb, type Db } from '../../src/store/db';
import { MemoryReadModel, startTestServer } from '../integration/http/fixture';
import { describeWithChromium, launchChromium } from '../helpers/chromium';

const artifacts = path.resolve(__dirname, '..', 'artifacts');
const SEED = fs.readFileSync(path.resolve(__dirname, '../fixtures/roko-proposal-39-goverland-page.txt'), 'utf8');
const WRONG_SUM =
  '# Treasury allocation of 100 TAO\n\nWe propose:\n\n- SN1 – Alpha (50% = 50 TAO)\n- SN2 – Beta (40% = 45 TAO)\n- SN3 – Gamma (10% = 10 TAO)\n\nBought over a 2-month DCA schedule, daily or weekly.\n';
const maybe = describeWithChromium('PROPOSE PAGE TEST');

maybe('the proposers page in headless Chromium', () => {
  let db: Db;
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    db = await openDb(':memory:');
    srv = await startTestServer(new MemoryReadModel(), new AuditLog(db));
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await db?.close();
  });

  async function open(width: number): Promise<{ page: Page; problems: string[]; foreign: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => !r.url().startsWith(srv.base) && foreign.push(r.url()));
    await page.goto(srv.base + '/propose');
    return { page, problems, foreign };
  }

  it('is linked from the dashboard header', async () => {
    const page = await browser.newPage();
    await page.goto(srv.base + '/');
    await page.locator('header a[href="/propose"]').click();
    await page.waitForURL(/\/propose$/);
    expect(await page.locator('h1').textContent()).toBe('Check a proposal');
    await page.close();
  });

  it('reads the seed as it is pasted: 663 TAO at root and 5 × 44.2 TAO, both schedules, a block to copy', async () => {
    const { page, problems, foreign } = await open(1200);
    // The start picker defaults to now; pick the seed's activation day instead.
    expect(await page.locator('#start').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await page.evaluate(() => {
      const d = new Date('2025-02-14T00:00:00Z');
      const p = (n: number) => String(n).padStart(2, '0');
      (document.getElementById('start') as HTMLInputElement).value =
        `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    });
    const typedAt = Date.now();
    await page.locator('#body').fill(SEED);
    const rows = page.locator('#plan-table tbody tr');
    await rows.nth(5).waitFor();
    const elapsed = Date.now() - typedAt;
    expect(await page.locator('#plan-table tbody tr[data-mode="hold"] .tao').allTextContents()).toEqual(['663 TAO']);
    expect(await page.locator('#plan-table tbody tr[data-mode="hold"] .rao').allTextContents()).toEqual(['663000000000 RAO']);
    const dca = page.locator('#plan-table tbody tr[data-mode="dca"]');
    expect(await dca.locator('.tao').allTextContents()).toEqual(Array(5).fill('44.2 TAO'));
    expect(await dca.locator('.percent').allTextContents()).toEqual(Array(5).fill('5%'));
    expect(await page.locator('#plan-facts .total').textContent()).toBe('884 TAO');
    // Where the total was read: the title line of the pasted page.
    expect(await page.locator('#plan-facts').textContent()).toMatch(/884 TAO \(line \d+\)/);
    const daily = page.locator('.schedule[data-cadence="P1D"]');
    expect(await daily.locator('.count').textContent()).toBe('59');
    expect(await daily.locator('.first').textContent()).toBe('2025-02-14 00:00 UTC');
    expect(await daily.locator('.last').textContent()).toBe('2025-04-13 00:00 UTC');
    expect(await daily.locator('tr[data-netuid="51"] .sizes').textContent()).toBe('22 × 0.749152543 TAO + 37 × 0.749152542 TAO');
    expect(await page.locator('.schedule[data-cadence="P1W"] .count').textContent()).toBe('8');
    // The seed's warnings are marked on their lines in the numbered view.
    const warned = page.locator('#lines li.line.warning');
    expect(await warned.count()).toBeGreaterThan(0);
    const first = warned.first();
    const lineNo = Number(await first.getAttribute('data-line'));
    expect(await first.locator('.text').textContent()).toBe(SEED.split('\n')[lineNo - 1]);
    expect(await page.locator('#block').textContent()).toMatch(/^```govbridge\nversion: 1\nkind: allocation\ntotal: 884 TAO\n/);
    expect(await page.locator('#status').textContent()).toMatch(/^govbridge can execute this proposal as written/);
    await page.screenshot({ path: path.join(artifacts, 'propose-seed.png'), fullPage: true });
    // Within a second of the last keystroke (debounce included), with a generous bound for a busy machine.
    expect(elapsed).toBeLessThan(5_000);

    // The copy button copies the block (the clipboard is allowed for this origin).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.base });
    await page.locator('#copy').click();
    await page.locator('#copied', { hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#block').textContent());
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('shows a wrong amount as an error on its line, by keyboard alone', async () => {
    const { page, problems } = await open(1200);
    await page.keyboard.press('Tab'); // the dashboard link in the header
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('body');
    await page.keyboard.insertText(WRONG_SUM);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');
    // The date-time field has a stop per part (day, month, year, hours, minutes); then the button.
    for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement?.id)) === 'start'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('check');
    // A visible focus ring on the button.
    expect(await page.locator('#check').evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    const marked = page.locator('#lines li.line.error');
    await marked.waitFor();
    expect(await marked.getAttribute('data-line')).toBe('6');
    expect(await marked.locator('.text').textContent()).toBe('- SN2 – Beta (40% = 45 TAO)');
    expect(await marked.locator('.msg').textContent()).toMatch(/40% of 100 TAO is 40 TAO, but the proposal says 45 TAO/);
    expect(await page.locator('#issues li.error a').textContent()).toBe('line 6');
    expect(await page.locator('#status').textContent()).toMatch(/^1 error: govbridge would refuse/);
    expect(await page.locator('#plan-section').isVisible()).toBe(false);
    expect(await page.locator('#block-section').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(artifacts, 'propose-error.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the pasted text as text: markup in a proposal never becomes page elements', async () => {
    const { page, problems } = await open(1200);
    const hostile = WRONG_SUM.replace(
      '- SN2 – Beta (40% = 45 TAO)',
      '- SN2 – Beta (40% = 45 TAO) <img src=x onerror="document.title=1"><script>document.title=2</script>',
    );
    await page.locator('#body').fill(hostile);
    await page.locator('#lines li.line.error').waitFor();
    expect(await page.locator('#lines img, #lines script, #issues img').count()).toBe(0);
    expect(await page.locator('#lines li.line.error .text').textContent()).toContain('<img src=x');
    expect(await page.title()).toMatch(/^govbridge/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is readable at 390 px: no horizontal scroll, long lines wrap', async () => {
    const { page } = await open(390);
    const long = `${SEED}\n${'averyveryverylongwordwithoutanyspace'.repeat(12)} and SN51 ${'x'.repeat(300)}\n`;
    await page.locator('#body').fill(long);
    await page.locator('#plan-table tbody tr').nth(5).waitFor();
    await page.locator('#lines li.line').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/h5b/propose-390.png', fullPage: true });
    await page.close();
  });
});
