import { loadConfig } from '../../src/config/load';
import { quietLogger } from '../../src/log';
import { startService, type Service } from '../../src/main';
import { LoopbackHub } from '../integration/sources/hub-server';
import { seedProposal, SEED_ID } from '../fixtures/hub/proposals';
import { tempDir, testEnv } from '../helpers/tmp';
import { RULE_CODES } from '../../src/domain/rules';

const t = (iso: string) => Date.parse(iso) / 1000;
const RIVAL = '0x' + 'cd'.repeat(32);

/**
 * "No interim votes or changes": a second allocation proposal that passes while the seed plan is
 * locked is recorded as blocked and never reaches the executor, even after the lock has ended.
 */
describe('lock: a non-emergency proposal during the lock never reaches the executor', () => {
  const dir = tempDir();
  let hub: LoopbackHub;
  let service: Service;
  let now = new Date('2025-02-14T06:00:00Z');

  beforeAll(async () => {
    hub = await new LoopbackHub([seedProposal()]).start();
    const cfg = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_SOURCE: 'snapshot', GOVBRIDGE_HUB_URL: hub.url }));
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    service = await startService(cfg.value, quietLogger(), { clock: () => now, schedule: false });
  });
  afterAll(async () => {
    await service?.stop();
    await hub?.stop();
  });

  it('blocks the rival and spends nothing on it', async () => {
    const c = service.components;
    await c.poller.runOnce(now);
    await c.executor.runOnce(now);
    expect((await c.plans.get(SEED_ID))?.state).toBe('active');

    // A rival reallocation (the same prose, so it parses clean and passes every vote rule).
    hub.data.push({
      ...seedProposal(),
      id: RIVAL,
      title: 'Reallocate again',
      start: t('2025-02-28T00:00:00Z'),
      end: t('2025-03-01T00:00:00Z'),
    });
    now = new Date('2025-03-01T06:00:00Z');
    const poll = await c.poller.runOnce(now);
    expect(poll.processed).toEqual([
      expect.objectContaining({
        id: RIVAL,
        executable: false,
        problems: [expect.objectContaining({ code: RULE_CODES.locked, data: { planId: SEED_ID, until: '2025-04-14T06:00:00.000Z' } })],
      }),
    ]);
    expect((await c.plans.get(RIVAL))?.state).toBe('blocked');

    // Run the executor far past the lock's end: the rival never gets a ledger row.
    for (let day = 0; day < 80; day++) {
      now = new Date(now.getTime() + 86_400_000);
      await c.executor.runOnce(now);
    }
    expect((await c.plans.get(SEED_ID))?.state).toBe('completed');
    expect((await c.plans.get(RIVAL))?.state).toBe('blocked');
    expect(await c.ledger.forPlan(RIVAL)).toEqual([]);
    const api = (await (await fetch(`http://127.0.0.1:${service.port}/api/proposals`)).json()) as {
      proposals: { id: string; verdict: string }[];
    };
    expect(api.proposals.find((p) => p.id === RIVAL)?.verdict).toBe('blocked');
  });
});
