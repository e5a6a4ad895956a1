import fs from 'node:fs';
import path from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { seedProposal } from '../../fixtures/hub/proposals';
import { runCli } from '../../helpers/cli';
import { RULE_CODES } from '../../../src/domain/rules';
import { tempDir, testEnv } from '../../helpers/tmp';
import { signedRequestSchema, verifySignature } from '../../../src/ops/signed-request';

describe('govbridge check', () => {
  const dir = tempDir();
  const write = (name: string, json: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('says the seed record is executable, with its plan, and exits 0', async () => {
    const r = await runCli(['check', write('seed.json', { data: { proposal: { ...seedProposal(), state: 'closed' } } })], testEnv());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { executable: boolean; reasons: string[]; plan: { totalRao: string } };
    expect(out).toMatchObject({ executable: true, reasons: [], plan: { totalRao: '884000000000' } });
  });

  it('names every failed rule and exits 1', async () => {
    const r = await runCli(
      ['check', '-'],
      testEnv(),
      JSON.stringify({ ...seedProposal(), state: 'closed', flagged: true, scores: [1, 2, 0] }),
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { executable: boolean; reasons: string[]; problems: { code: string; message: string }[] };
    expect(out.executable).toBe(false);
    expect(out.problems.map((p) => p.code)).toEqual(expect.arrayContaining([RULE_CODES.flagged, RULE_CODES.notPassed]));
    expect(out.reasons).toEqual(out.problems.map((p) => p.message));
  });

  it('refuses a malformed record with the field named, and a file that is not JSON', async () => {
    const bad = await runCli(['check', write('bad.json', { ...seedProposal(), scores: 'lots' })], testEnv());
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/record is malformed: .*scores/);
    const notJson = await runCli(['check', '-'], testEnv(), '{"id":');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/is not JSON/);
    expect((await runCli(['check', path.join(dir, 'missing.json')], testEnv())).code).toBe(2);
  });
});

describe('govbridge halt --print', () => {
  it('prints a request the server verifies, signed with the key from --key-uri', async () => {
    await cryptoWaitReady();
    const r = await runCli(['halt', '--plan', '0xplan', '--key-uri', '//OpsAlice', '--type', 'ed25519', '--print'], testEnv());
    expect(r.code).toBe(0);
    const req = signedRequestSchema.parse(JSON.parse(r.stdout));
    expect(req).toMatchObject({ action: 'halt', planId: '0xplan' });
    expect(verifySignature(req, [{ name: 'alice', publicKey: req.publicKey, type: 'ed25519' }])).toMatchObject({ ok: true });
    expect(verifySignature(req, [{ name: 'alice', publicKey: req.publicKey, type: 'sr25519' }])).toMatchObject({ ok: false, status: 401 });
  });

  it('exits 2 on a missing --plan', async () => {
    expect((await runCli(['halt', '--key-uri', '//A'], testEnv())).code).toBe(2);
  });
});
