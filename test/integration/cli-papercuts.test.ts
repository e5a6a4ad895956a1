import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ledger } from '../../src/store/ledger';
import { loadConfig } from '../../src/config/load';
import { runCli } from '../helpers/cli';
import { governanceIn } from '../helpers/governance';
import { seedPlan } from '../helpers/records';
import { tempDir, testEnv } from '../helpers/tmp';
import { problem } from '../../src/domain/problem';
import { chainOutcome } from '../../src/domain/execution/outcome';

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const sh = promisify(execFile);
const NOW = new Date('2025-03-01T12:00:00Z');

describe('CLI papercuts', () => {
  const dir = tempDir();
  const env = testEnv({ GOVBRIDGE_DATA_DIR: dir });

  beforeAll(async () => {
    const { db, plans } = await governanceIn(dir, 'govbridge.sqlite');
    for (const id of ['0xaaaa1111', '0xaaaa2222', '0xbbbb3333'])
      await plans.insertPlan(
        {
          id,
          space: 'rokonetwork.eth',
          title: `plan ${id}`,
          state: 'detected',
          plan: seedPlan(),
          cadence: 'P1D',
          proposalEnd: 1739491200,
          acceptedAt: null,
        },
        NOW,
      );
    const ledger = new Ledger(db);
    // Enough rows that `| head -1` closes the pipe while the CLI is still writing.
    for (let i = 0; i < 3000; i++)
      await ledger.recordRefused(
        {
          planId: '0xbbbb3333',
          kind: 'tranche',
          netuid: 51,
          trancheIndex: i,
          action: 'addStakeLimit',
          hotkey: '5F',
          amount: 1_000_000_000n,
          price: null,
          limitPrice: null,
        },
        'skipped',
        problem(chainOutcome('SlippageTooHigh'), 'SlippageTooHigh: price moved'),
        NOW,
      );
    await db.close();
  });

  it('accepts a unique plan-id prefix, and says "no such plan" or "ambiguous" otherwise', async () => {
    const ok = await runCli(['ledger', '0xbbbb', '--json'], env);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { planId: string }).planId).toBe('0xbbbb3333');
    const none = await runCli(['ledger', '0xcccc'], env);
    expect([none.code, none.stderr]).toEqual([1, 'govbridge: no such plan: 0xcccc\n']);
    const two = await runCli(['ledger', '0xaaaa'], env);
    expect(two.code).toBe(1);
    expect(two.stderr).toMatch(/plan id 0xaaaa is ambiguous: it starts 2 plans \(0xaaaa1111, 0xaaaa2222\)/);
    const empty = await runCli(['ledger', '0xaaaa1111'], env);
    expect(empty.stderr).toMatch(/plan 0xaaaa1111 has no ledger rows yet/);
  });

  it('`ledger PLAN | head -1` ends quietly, without an EPIPE trace', async () => {
    const r = await sh('sh', ['-c', `"${process.execPath}" "${path.join(root, 'dist', 'cli.js')}" ledger 0xbbbb3333 | head -1`], {
      env: { PATH: process.env.PATH, GOVBRIDGE_DATA_DIR: dir },
    });
    expect(r.stdout).toMatch(/^id +kind/);
    expect(r.stderr).toBe('');
  });

  it('read-only commands never create a store and say where they looked; writers warn first', async () => {
    const elsewhere = path.join(dir, 'not-here');
    for (const args of [['status'], ['report', 'x'], ['ledger', 'x'], ['audit', 'verify']]) {
      const r = await runCli(args, testEnv({ GOVBRIDGE_DATA_DIR: elsewhere }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`no store at ${path.join(elsewhere, 'govbridge.sqlite')}`);
    }
    expect(fs.existsSync(elsewhere)).toBe(false);
    const poll = await runCli(['poll', '--once'], testEnv({ GOVBRIDGE_DATA_DIR: elsewhere, GOVBRIDGE_SOURCE: 'fixtures' }));
    expect(poll.stderr).toContain(`warning: creating a new empty store at ${path.join(elsewhere, 'govbridge.sqlite')}`);
  });

  it('resolves a relative dataDir from the config file, not the working directory', () => {
    const file = path.join(dir, 'cfg', 'govbridge.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ dataDir: 'state' }));
    const fromFile = loadConfig(testEnv({ GOVBRIDGE_CONFIG: file }));
    expect(fromFile.ok && fromFile.value.dataDir).toBe(path.join(dir, 'cfg', 'state'));
    const bundled = loadConfig(testEnv());
    expect(bundled.ok && bundled.value.dataDir).toBe(path.join(root, 'data'));
  });

  it('check accepts the README record example and the bundled fixture record', async () => {
    const example = /<!-- check-example:start -->\n```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const r = await runCli(['check', '-'], env, example);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ executable: true, plan: { totalRao: '884000000000' } });
    const fixture = await runCli(['check', path.join(root, 'config', 'fixtures', 'proposals.json')], env);
    expect(fixture.code).toBe(0);
    expect(JSON.parse(fixture.stdout)).toMatchObject({ executable: true });
    const bad = await runCli(['check', '-'], env, JSON.stringify({ id: 'x' }));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/record is malformed/);
  });

  it('halt --print checks the plan against the local store', async () => {
    const unknown = await runCli(['halt', '--print', '--plan', 'nope', '--key-uri', '//Alice'], env);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'govbridge: no such plan: nope\n']);
    const known = await runCli(['halt', '--print', '--plan', '0xbbbb', '--key-uri', '//Alice'], env);
    expect(known.code).toBe(0);
    expect(JSON.parse(known.stdout)).toMatchObject({ action: 'halt', planId: '0xbbbb3333' });
  });
});
