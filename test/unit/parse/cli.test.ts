import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';

const SEED = path.join(__dirname, '../../fixtures/roko-proposal-39-goverland-page.txt');
const env = testEnv();
const dir = tempDir();

function write(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}

describe('govbridge parse', () => {
  it('prints the canonical plan of the seed and exits 0', async () => {
    const r = await runCli(['parse', SEED], env);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { totalRao: string; allocations: unknown[]; dca: unknown };
    expect(plan.totalRao).toBe('884000000000');
    expect(plan.allocations).toHaveLength(6);
    expect(plan.dca).toEqual({ duration: 'P2M', cadences: ['P1D', 'P1W'] });
    expect(r.stderr).toMatch(/warning: line \d+: .*low end/);
  });

  it('reads stdin with -', async () => {
    const r = await runCli(['parse', '-'], env, fs.readFileSync(SEED, 'utf8'));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { lock: unknown }).lock).toEqual({ duration: 'P2M' });
  });

  it('exits 1 with line-numbered errors and nothing on stdout for an invalid proposal', async () => {
    const file = write(
      'bad.md',
      '# Allocation of 100 TAO\n\n- SN1 – A (60% = 60 TAO)\n- SN2 – B (30% = 30 TAO)\n\nBought over a 2-month DCA schedule, purchases weekly.\n',
    );
    const r = await runCli(['parse', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: line 3: percentages sum to 90%, not 100%/);
  });

  it('exits 2 for a missing file', async () => {
    const r = await runCli(['parse', path.join(dir, 'nope.md')], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*ENOENT/);
  });
});

describe('govbridge lint', () => {
  it('shows the plan table, warnings with lines, and a block to paste', async () => {
    const r = await runCli(['lint', SEED], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/51\s+Celium\s+5%\s+44\.2\s+dca/);
    // The seed page states its total in the title, on line 7 of the Goverland page.
    expect(r.stdout).toMatch(/total 884 TAO \(stated on line \d+\)/);
    expect(r.stdout).toMatch(/warnings?:\n {2}- line \d+:/);
    expect(r.stdout).toContain('```govbridge\nversion: 1\nkind: allocation\ntotal: 884 TAO');
    // The suggested block, pasted under the prose, gives the same plan.
    const block = /```govbridge[\s\S]*?```/.exec(r.stdout)![0];
    const pasted = await runCli(['parse', '-'], env, `${fs.readFileSync(SEED, 'utf8')}\n\n${block}\n`);
    expect(pasted.code).toBe(0);
    const a = JSON.parse(pasted.stdout);
    const b = JSON.parse((await runCli(['parse', SEED], env)).stdout);
    // Only where the total was read differs: the block's "total:" line instead of the title.
    expect({ ...a, source: 'x', warnings: [], totalSource: null }).toEqual({ ...b, source: 'x', warnings: [], totalSource: null });
  });

  it('shows the schedule of each allowed cadence from --start', async () => {
    const r = await runCli(['lint', SEED, '--start', '2025-02-14T00:00:00Z'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cadence P1D: 59 tranches per subnet, first 2025-02-14T00:00:00.000Z, last 2025-04-13T00:00:00.000Z');
    expect(r.stdout).toContain('  SN51 Celium: 22 × 0.749152543 TAO + 37 × 0.749152542 TAO');
    expect(r.stdout).toContain('Cadence P1W: 8 tranches per subnet');
    expect((await runCli(['lint', SEED, '--start', '2025-02-14'], env)).code).toBe(2);
  });

  it('exits 1 and lists every error with its line', async () => {
    const file = write('two.md', '# Allocation of 100 TAO\n\nTotal: 120 TAO\n\n- SN1 – A (50% = 50 TAO)\n- SN1 – A (50% = 50 TAO)\n');
    const r = await runCli(['lint', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 3: two different totals are stated: 100 TAO \(line 1\) and 120 TAO \(line 3\)/);
    expect(r.stdout).toMatch(/line 6: netuid 1 is allocated twice \(also on line 5\)/);
  });
});

describe('govbridge schedule', () => {
  const start = ['--start', '2025-02-14T00:00:00Z'];

  it('gives the docs/design.md §4 daily figures for the seed', async () => {
    const r = await runCli(['schedule', SEED, ...start, '--cadence', 'P1D', '--json'], env);
    expect(r.code).toBe(0);
    const tranches: { netuid: number; index: number; dueAt: string; rao: string }[] = JSON.parse(r.stdout);
    for (const netuid of [51, 64, 19, 4, 27]) {
      const mine = tranches.filter((t) => t.netuid === netuid);
      expect(mine).toHaveLength(59);
      expect(mine.filter((t) => t.rao === '749152543')).toHaveLength(22);
      expect(mine.filter((t) => t.rao === '749152542')).toHaveLength(37);
    }
    expect(tranches.some((t) => t.netuid === 0)).toBe(false);
    expect(tranches[0]).toEqual({ netuid: 51, index: 0, dueAt: '2025-02-14T00:00:00.000Z', rao: '749152543' });
  });

  it('gives 8 weekly tranches of 5.525 TAO', async () => {
    const r = await runCli(['schedule', SEED, ...start, '--cadence', 'P1W', '--json'], env);
    const tranches = JSON.parse(r.stdout) as { netuid: number; rao: string }[];
    expect(tranches.filter((t) => t.netuid === 51).map((t) => t.rao)).toEqual(Array(8).fill('5525000000'));
    const text = await runCli(['schedule', SEED, ...start, '--cadence', 'P1W'], env);
    expect(text.stdout).toContain('SN51: 8 tranches (8 × 5.525 TAO = 44.2 TAO)');
  });

  it('refuses bad options with exit 2 and a disallowed cadence with exit 1', async () => {
    const badStart = await runCli(['schedule', SEED, '--start', '14/02/2025', '--cadence', 'P1D'], env);
    expect(badStart.code).toBe(2);
    expect(badStart.stderr).toMatch(/--start "14\/02\/2025" is not an ISO 8601 time/);
    const badCadence = await runCli(['schedule', SEED, ...start, '--cadence', 'daily'], env);
    expect(badCadence.code).toBe(2);
    expect(badCadence.stderr).toMatch(/--cadence "daily"/);
    const notAllowed = await runCli(['schedule', SEED, ...start, '--cadence', 'P1M'], env);
    expect(notAllowed.code).toBe(1);
    expect(notAllowed.stderr).toMatch(/cadence P1M is not allowed by the proposal; allowed: P1D, P1W/);
  });
});
