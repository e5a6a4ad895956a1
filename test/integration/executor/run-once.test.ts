import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';

describe('govbridge run --once', () => {
  const env = testEnv({ GOVBRIDGE_DATA_DIR: tempDir() });

  it('runs one executor tick on the configured (dry-run) chain and prints its report', async () => {
    const r = await runCli(['run', '--once', '--json'], env);
    // A new data dir: the command says it is creating an empty store there.
    expect(r.stderr).toMatch(/^govbridge: warning: creating a new empty store at .*govbridge\.sqlite/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { sent: number; batch: string; problems: unknown[]; pending: number };
    expect(report).toMatchObject({ sent: 0, batch: 'none', problems: [], pending: 0 });
  });

  it('refuses to run without --once, pointing at serve', async () => {
    const r = await runCli(['run'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--once/);
    expect(r.stderr).toMatch(/govbridge serve/);
  });
});
