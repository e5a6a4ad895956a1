/**
 * The offline chain fixtures (test/fixtures/chain/) are what the dev runtime emits: records them
 * afresh with scripts/chain/record-fixtures.ts and compares them with the committed ones. Block
 * and transaction hashes differ between runs (blocks carry the time); everything else — events,
 * amounts, fees, error names, status sequences, nonces, eras — must be the same.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeChain } from './harness/availability';

const ROOT = path.resolve(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'test', 'fixtures', 'chain');

/** 32-byte hashes vary with block time; everything else is compared as recorded. */
const masked = (text: string): unknown => JSON.parse(text.replace(/0x[0-9a-f]{64}/gi, '0x<hash>'));

function record(spec: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './scripts/chain/ts-hook.cjs', 'scripts/chain/record-fixtures.ts', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, GOVBRIDGE_CHAINSPEC: spec },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`record-fixtures exited ${String(code)}: ${err}`))));
  });
}

describeChain('recorded chain fixtures', (spec) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-fixtures-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('match a fresh recording from the dev runtime', async () => {
    await record(spec, out);
    const fresh = fs.readdirSync(out).sort();
    expect(fresh).toEqual(
      fs
        .readdirSync(COMMITTED)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    );
    for (const file of fresh) {
      expect({ file, json: masked(fs.readFileSync(path.join(out, file), 'utf8')) }).toEqual({
        file,
        json: masked(fs.readFileSync(path.join(COMMITTED, file), 'utf8')),
      });
    }
  }, 300_000);
});
