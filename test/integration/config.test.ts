import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, redactConfig } from '../../src/config/load';
import { runCli } from '../helpers/cli';
import { testEnv } from '../helpers/tmp';

describe('loadConfig', () => {
  it('loads the defaults with the test layer', () => {
    const r = loadConfig(testEnv());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.port).toBe(0);
      expect(r.value.executor.caps.perTick).toBe(100000000000n);
      expect(r.value.space).toBe('rokonetwork.eth');
    }
  });

  it('honours PORT and GOVBRIDGE_* overrides', () => {
    const r = loadConfig(testEnv({ PORT: '9123', GOVBRIDGE_DATA_DIR: '/tmp/x', GOVBRIDGE_CHAIN: 'subtensor' }));
    expect(r.ok && [r.value.port, r.value.dataDir, r.value.chain.kind]).toEqual([9123, '/tmp/x', 'subtensor']);
  });

  it('lists every bad key at once, naming the variable it came from', () => {
    const r = loadConfig(testEnv({ GOVBRIDGE_PORT: 'abc', GOVBRIDGE_CHAIN: 'mainnet', GOVBRIDGE_TYPO: '1' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(3);
      expect(r.errors.join('\n')).toMatch(/port: .*number.*GOVBRIDGE_PORT="abc"/);
      expect(r.errors.join('\n')).toMatch(/chain.kind: .*GOVBRIDGE_CHAIN="mainnet"/);
      expect(r.errors.join('\n')).toMatch(/GOVBRIDGE_TYPO: unknown environment variable/);
    }
  });

  it('refuses unknown keys in a config file and secrets in files', () => {
    const file = path.join(os.tmpdir(), `gb-cfg-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify({ prot: 1, source: { hubURL: 'x' }, secrets: { signerSeed: 'x' } }));
    const r = loadConfig(testEnv({ GOVBRIDGE_CONFIG: file }));
    fs.rmSync(file);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual(
        expect.arrayContaining([
          'prot: unknown config key',
          'source.hubURL: unknown config key',
          expect.stringMatching(/^secrets: must come from the environment/),
        ]),
      );
    }
  });

  it('takes secrets from the environment and redacts them for display', () => {
    const r = loadConfig(testEnv({ GOVBRIDGE_SIGNER_SEED: '//Alice', GOVBRIDGE_HUB_API_KEY: 'k-123' }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.secrets.signerSeed).toBe('//Alice');
      const shown = JSON.stringify(redactConfig(r.value));
      expect(shown).not.toContain('//Alice');
      expect(shown).not.toContain('k-123');
      expect(shown).toContain('[redacted]');
    }
  });
});

describe('govbridge config', () => {
  it('prints the effective config and exits 0', async () => {
    const r = await runCli(['config'], testEnv({ GOVBRIDGE_SIGNER_SEED: 'secret-seed' }));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { space: string }).space).toBe('rokonetwork.eth');
    expect(r.stdout).not.toContain('secret-seed');
  });

  it('exits 2 naming the bad key', async () => {
    const r = await runCli(['config'], testEnv({ GOVBRIDGE_PORT: 'abc' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GOVBRIDGE_PORT');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on an unknown command and 0 on --help', async () => {
    expect((await runCli(['bogus'], testEnv())).code).toBe(2);
    const help = await runCli(['config', '--help'], testEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('print the effective configuration');
  });
});

describe('cron expressions are checked when the configuration loads', () => {
  it('names the variable of a bad poll or tick cron, so serve and config exit 2 before listening', async () => {
    const r = loadConfig(testEnv({ GOVBRIDGE_POLL_CRON: '*/5 * * *', GOVBRIDGE_TICK_CRON: 'every minute' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join('\n')).toMatch(/source\.pollCron: .*cron expression.*GOVBRIDGE_POLL_CRON="\*\/5 \* \* \*"/);
      expect(r.errors.join('\n')).toMatch(/executor\.cron: .*GOVBRIDGE_TICK_CRON="every minute"/);
    }
    for (const command of ['config', 'serve']) {
      const out = await runCli([command], testEnv({ GOVBRIDGE_POLL_CRON: '*/5 * * *' }));
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/GOVBRIDGE_POLL_CRON/);
    }
  });

  it('accepts six-field expressions with seconds', () => {
    const r = loadConfig(testEnv({ GOVBRIDGE_POLL_CRON: '*/10 * * * * *' }));
    expect(r.ok).toBe(true);
  });
});
