import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { loadConfig } from '../../../src/config/load';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;
/** Writes a config file layered over the defaults and returns the env that loads it. */
function withFile(over: Record<string, unknown>, env: Record<string, string> = {}) {
  const file = path.join(dir, `cfg-${++n}.json`);
  fs.writeFileSync(file, JSON.stringify(over));
  return testEnv({ GOVBRIDGE_CONFIG: file, ...env });
}
const errorsOf = (env: NodeJS.ProcessEnv): string[] => {
  const r = loadConfig(env);
  return r.ok ? [] : r.errors;
};

let alice: { hex: string; ss58: string };
let bob: { hex: string; ss58: string };
beforeAll(async () => {
  await cryptoWaitReady();
  const a = new Keyring({ type: 'sr25519' }).addFromUri('//OpsAlice');
  const b = new Keyring({ type: 'ed25519' }).addFromUri('//OpsBob');
  alice = { hex: u8aToHex(a.publicKey), ss58: a.address };
  bob = { hex: u8aToHex(b.publicKey), ss58: b.address };
});

describe('ops keys in the config', () => {
  it('accepts real keys as hex or SS58 with a threshold they can meet', () => {
    const env = withFile({
      ops: {
        keys: [
          { name: 'alice', publicKey: alice.ss58, type: 'sr25519' },
          { name: 'bob', publicKey: bob.hex, type: 'ed25519' },
        ],
        resumeThreshold: 2,
      },
    });
    expect(errorsOf(env)).toEqual([]);
  });

  it.each([
    ['a word', 'not-a-key'],
    ['two bytes of hex', '0x1234'],
    ['33 bytes of hex', '0x' + '11'.repeat(33)],
    ['an SS58 address with a broken checksum', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ'],
  ])('refuses %s as a public key, naming the key', (_what, publicKey) => {
    const errors = errorsOf(withFile({ ops: { keys: [{ name: 'alice', publicKey, type: 'sr25519' }], resumeThreshold: 1 } }));
    expect(errors).toEqual([expect.stringMatching(/^ops\.keys\.0\.publicKey: .* is not a public key/)]);
  });

  it('refuses one key listed twice: the same bytes, as hex and SS58, under two names and two schemes', () => {
    const errors = errorsOf(
      withFile({
        ops: {
          keys: [
            { name: 'alice', publicKey: alice.hex, type: 'sr25519' },
            { name: 'alice2', publicKey: alice.ss58, type: 'ed25519' },
            { name: 'bob', publicKey: bob.hex, type: 'ed25519' },
          ],
          resumeThreshold: 2,
        },
      }),
    );
    expect(errors).toEqual([expect.stringMatching(/^ops\.keys\.1\.publicKey: the same key as ops\.keys\.0 \("alice"\)/)]);
  });

  it('refuses two keys with one name', () => {
    const errors = errorsOf(
      withFile({
        ops: {
          keys: [
            { name: 'ops', publicKey: alice.hex, type: 'sr25519' },
            { name: 'ops', publicKey: bob.hex, type: 'ed25519' },
          ],
          resumeThreshold: 1,
        },
      }),
    );
    expect(errors).toEqual([expect.stringMatching(/^ops\.keys\.1\.name: the name "ops" is also used by ops\.keys\.0/)]);
  });

  it('refuses a resume threshold larger than the number of keys', () => {
    const errors = errorsOf(withFile({ ops: { keys: [{ name: 'alice', publicKey: alice.hex, type: 'sr25519' }], resumeThreshold: 2 } }));
    expect(errors).toEqual([
      expect.stringMatching(/^ops\.resumeThreshold: 2 signatures are required to resume but only 1 ops key is configured/),
    ]);
  });

  it('govbridge config exits 2 naming every problem at once', async () => {
    const env = withFile({
      ops: {
        keys: [
          { name: 'a', publicKey: 'not-a-key', type: 'sr25519' },
          { name: 'b', publicKey: alice.hex, type: 'sr25519' },
          { name: 'c', publicKey: alice.ss58, type: 'sr25519' },
        ],
        resumeThreshold: 4,
      },
      notifications: { webhooks: [{ url: 'http://127.0.0.1:9/hook', events: ['tranche.finalised', 'plan.*'] }] },
    });
    const r = await runCli(['config'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ops\.keys\.0\.publicKey: "not-a-key" is not a public key/);
    expect(r.stderr).toMatch(/ops\.keys\.2\.publicKey: the same key as ops\.keys\.1/);
    expect(r.stderr).toMatch(/ops\.resumeThreshold: 4 signatures/);
    expect(r.stderr).toMatch(/notifications\.webhooks\.0\.events\.0: .*one of: plan\.accepted/);
    expect(r.stderr).not.toMatch(/events\.1/);
  });
});

describe('webhook events, host and trust proxy in the config', () => {
  it('accepts *, a family and known names; refuses unknown names', () => {
    expect(
      errorsOf(
        withFile({
          notifications: {
            webhooks: [
              { url: 'http://x.test/h', events: ['*'] },
              { url: 'http://x.test/h', events: ['tranche.*', 'plan.halted', 'error'] },
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(errorsOf(withFile({ notifications: { webhooks: [{ url: 'http://x.test/h', events: ['nope.*'] }] } }))).toEqual([
      expect.stringMatching(/^notifications\.webhooks\.0\.events\.0: /),
    ]);
  });

  it('takes GOVBRIDGE_HOST and GOVBRIDGE_TRUST_PROXY, and refuses what express could not use', () => {
    const ok = loadConfig(testEnv({ GOVBRIDGE_HOST: '127.0.0.1', GOVBRIDGE_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback' }));
    expect(ok.ok && [ok.value.host, ok.value.http.trustProxy]).toEqual(['127.0.0.1', ['10.0.0.0/8', '192.168.1.7', 'loopback']]);
    const hops = loadConfig(testEnv({ GOVBRIDGE_TRUST_PROXY: '1' }));
    expect(hops.ok && hops.value.http.trustProxy).toBe(1);
    const byDefault = loadConfig(testEnv());
    expect(byDefault.ok && [byDefault.value.host, byDefault.value.http.trustProxy]).toEqual(['0.0.0.0', false]);
    expect(errorsOf(testEnv({ GOVBRIDGE_TRUST_PROXY: '10.0.0.0/33' })).join('\n')).toMatch(/http\.trustProxy.*0: an IP address, a CIDR/);
    expect(errorsOf(withFile({ http: { trustProxy: true } })).join('\n')).toMatch(/^http\.trustProxy: /);
    expect(errorsOf(testEnv({ GOVBRIDGE_HOST: 'not a host!' })).join('\n')).toMatch(/host: an IP address .*GOVBRIDGE_HOST="not a host!"/);
  });
});

describe('development keys on a live chain', () => {
  const demo = path.resolve(__dirname, '../../../config/demo.json');

  it('the demo configuration loads on the simulated chain it is made for', () => {
    expect(errorsOf(testEnv({ GOVBRIDGE_CONFIG: demo }))).toEqual([]);
  });

  it('refuses the demo keys //Alice and //Bob once the chain is real, naming each', async () => {
    await cryptoWaitReady();
    const derived = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').address;
    const errors = errorsOf(testEnv({ GOVBRIDGE_CONFIG: demo, GOVBRIDGE_CHAIN: 'subtensor' }));
    const devKeyErrors = errors.filter((e) => /development key/.test(e));
    expect(devKeyErrors).toHaveLength(2);
    expect(devKeyErrors[0]).toMatch(/^ops\.keys\.0\.publicKey: .*\/\/Alice.*live chain/);
    expect(devKeyErrors[1]).toMatch(/^ops\.keys\.1\.publicKey: .*\/\/Bob/);
    // The refused key is the one //Alice derives to, whatever way the file writes it.
    const hex = u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri('//Alice').publicKey);
    const asHex = errorsOf(
      withFile({ ops: { keys: [{ name: 'a', publicKey: hex, type: 'sr25519' }], resumeThreshold: 1 } }, { GOVBRIDGE_CHAIN: 'subtensor' }),
    );
    expect(asHex.some((e) => e.includes('//Alice'))).toBe(true);
    expect(derived).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });

  it('accepts a key of its own on a live chain', () => {
    const errors = errorsOf(
      withFile(
        { ops: { keys: [{ name: 'a', publicKey: alice.hex, type: 'sr25519' }], resumeThreshold: 1 } },
        { GOVBRIDGE_CHAIN: 'subtensor' },
      ),
    );
    expect(errors.filter((e) => /development key/.test(e))).toEqual([]);
  });
});
