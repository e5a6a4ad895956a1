import { RULE_CODES } from '../../../src/domain/rules';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';
import { FIXTURE_ID, hubData, SEED_ID } from '../../fixtures/hub/proposals';
import { LoopbackHub } from '../../fixtures/hub/server';

const dir = tempDir();
let hub: LoopbackHub;
beforeAll(async () => {
  hub = await new LoopbackHub(hubData(1100)).start();
});
afterAll(() => hub.stop());

const lines = (s: string) =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('govbridge poll --once', () => {
  it('prints one JSON line per proposal handed on, then nothing on a second run with one request', async () => {
    const env = testEnv({ GOVBRIDGE_DATA_DIR: `${dir}/hub` });
    const first = await runCli(['poll', '--once', '--hub', hub.url, '--space', 'rokonetwork.eth'], env);
    expect(first.code).toBe(0);
    const out = lines(first.stdout);
    expect(out).toHaveLength(1101);
    // Each line carries the governance verdict: the seed's plan parses, but this fresh store
    // first sees it long after the vote ended, so it is stale; a generated one has no plan.
    expect(out.at(-1)).toEqual({
      id: SEED_ID,
      title: 'ROKO DAO Governance Proposal: Dynamic TAO Allocation of 884 TAO',
      end: '2025-02-14T00:00:00.000Z',
      executable: false,
      problems: [expect.objectContaining({ code: RULE_CODES.stale })],
      reasons: [expect.any(String)],
    });
    expect(out[0]).toMatchObject({ executable: false, reasons: expect.arrayContaining([expect.any(String)]) });
    expect(Object.keys(out[0]!).sort()).toEqual(['end', 'executable', 'id', 'problems', 'reasons', 'title']);
    const before = hub.requests.length;
    const second = await runCli(['poll', '--once', '--hub', hub.url], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(hub.requests.length - before).toBe(1);
  });

  it('serves the bundled seed offline with source.kind fixtures', async () => {
    const env = testEnv({ GOVBRIDGE_DATA_DIR: `${dir}/fixtures`, GOVBRIDGE_SOURCE: 'fixtures' });
    const first = await runCli(['poll', '--once'], env);
    expect(first.code).toBe(0);
    // The bundled record is verified against its bundled signed original, so nothing waits; the
    // dry-run demo's clock starts a minute after the bundled vote ended, so it is not stale.
    expect(lines(first.stdout)).toMatchObject([
      { id: FIXTURE_ID, end: '2025-02-14T00:00:00.000Z', executable: true, problems: [], reasons: [] },
    ]);
    expect((await runCli(['poll', '--once'], env)).stdout).toBe('');
  });

  it('exits 1 naming the source when the hub cannot be reached, and 2 on bad usage', async () => {
    const env = testEnv({ GOVBRIDGE_DATA_DIR: `${dir}/down` });
    const down = await runCli(['poll', '--once', '--hub', 'http://127.0.0.1:9/graphql'], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/poll: snapshot: /);
    expect((await runCli(['poll', '--once', '--hub', 'not a url'], env)).code).toBe(2);
    expect((await runCli(['poll'], env)).code).toBe(2);
    const help = await runCli(['poll', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--hub <url>/);
  });
});
