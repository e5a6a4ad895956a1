import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog, GENESIS_HASH } from '../../../src/store/audit';
import { openDb } from '../../../src/store/db';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';

const t0 = new Date('2025-02-14T00:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

async function seeded(dir: string): Promise<string> {
  const file = path.join(dir, 'govbridge.sqlite');
  const db = await openDb(file);
  const audit = new AuditLog(db);
  await audit.append({ actor: 'poller', action: 'proposal.seen', proposalId: '0xabc' }, at(0));
  await audit.append(
    { actor: 'rules', action: 'plan.accepted', planId: 'p1', proposalId: '0xabc', data: { totalRao: 884000000000n, b: 1, a: [1, 2] } },
    at(1),
  );
  await audit.append({ actor: 'executor', action: 'tranche.finalized', planId: 'p1', data: { netuid: 51, txHash: '0x01' } }, at(2));
  await audit.append({ actor: 'ops:alice', action: 'plan.halted', planId: 'p1', reason: 'validator bug' }, at(3));
  await db.close();
  return file;
}

describe('audit trail', () => {
  const root = tempDir();

  it('chains each entry to the previous hash and verifies', async () => {
    const db = await openDb(':memory:');
    const audit = new AuditLog(db);
    const a = await audit.append({ actor: 'x', action: 'one' }, at(0));
    const b = await audit.append({ actor: 'x', action: 'two', data: { amount: 5n } }, at(1));
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.data).toEqual({ amount: '5' });
    expect(await audit.verify()).toEqual({ ok: true, count: 2 });
    expect(await audit.head()).toEqual({ seq: 2, hash: b.hash });
  });

  it('refuses UPDATE and DELETE through SQL', async () => {
    const db = await openDb(':memory:');
    await new AuditLog(db).append({ actor: 'x', action: 'one' }, at(0));
    expect(() => db.sqlite!.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/);
    expect(() => db.sqlite!.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('pages with a cursor and filters by plan', async () => {
    const dir = path.join(root, 'page');
    const db = await openDb(await seeded(dir));
    const audit = new AuditLog(db);
    const first = await audit.page(null, 3);
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.nextCursor).toBe(3);
    const second = await audit.page(first.nextCursor, 3);
    expect(second.entries.map((e) => e.action)).toEqual(['plan.halted']);
    expect(second.nextCursor).toBeNull();
    expect((await audit.page(null, 10, 'p1')).entries.map((e) => e.seq)).toEqual([2, 3, 4]);
    await db.close();
  });

  it('CLI: verify passes, export writes JSON lines, tampering one row makes verify exit 1 naming it', async () => {
    const dir = path.join(root, 'cli');
    const file = await seeded(dir);
    const env = testEnv({ GOVBRIDGE_DATA_DIR: dir });
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    const head = /^audit trail intact: 4 entries, head (4:[0-9a-f]{64})\n/.exec(ok.stdout)![1]!;
    expect(ok.stdout).toMatch(/^ +1 {2}plan.halted$/m);
    expect((await runCli(['audit', 'verify', '--anchor', head], env)).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--anchor', 'nonsense'], env)).code).toBe(2);

    const out = path.join(dir, 'audit.jsonl');
    expect((await runCli(['audit', 'export', '--out', out], env)).code).toBe(0);
    const lines = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; data: unknown });
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(lines[1]!.data).toEqual({ a: [1, 2], b: 1, totalRao: '884000000000' });
    const stdoutExport = await runCli(['audit', 'export'], env);
    expect(stdoutExport.stdout.trim().split('\n')).toHaveLength(4);

    // An attacker with the file: drop the triggers, change one amount in row 3.
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    raw.prepare("UPDATE audit_log SET data = replace(data, '51', '52') WHERE seq = 3").run();
    raw.close();
    const bad = await runCli(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken at entry 3: entry 3 was altered/);
  });

  it('an anchor catches the newest entries being cut off', async () => {
    const dir = path.join(root, 'cut');
    const file = await seeded(dir);
    const env = testEnv({ GOVBRIDGE_DATA_DIR: dir });
    const head = /head (\S+)/.exec((await runCli(['audit', 'verify'], env)).stdout)![1]!;
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq >= 3').run();
    raw.close();
    // The shortened chain is still a valid chain on its own...
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    // ...but not against the head noted before.
    const r = await runCli(['audit', 'verify', '--anchor', head], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken at entry 3: entry 4 was anchored but the trail ends at entry 2/);
  });

  it('names a deleted entry and a relinked chain', async () => {
    const dir = path.join(root, 'deleted');
    const file = await seeded(dir);
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    raw.close();
    const r = await runCli(['audit', 'verify'], testEnv({ GOVBRIDGE_DATA_DIR: dir }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken at entry 3: expected entry 2/);

    // Rewriting seq and prev_hash but not the hash is still caught at the rewritten row.
    const db = await openDb(':memory:');
    const audit = new AuditLog(db);
    await audit.append({ actor: 'x', action: 'one' }, at(0));
    await audit.append({ actor: 'x', action: 'two' }, at(1));
    db.sqlite!.exec('DROP TRIGGER audit_log_no_update');
    db.sqlite!.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 2').run(GENESIS_HASH);
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: 2, reason: expect.stringMatching(/does not link/) });
  });
});
