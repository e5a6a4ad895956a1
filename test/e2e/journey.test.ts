import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { quietLogger } from '../../src/log';
import { startService, type Service } from '../../src/main';
import { LoopbackHub } from '../integration/sources/hub-server';
import { seedProposal, SEED_ID } from '../fixtures/hub/proposals';
import { tempDir, testEnv } from '../helpers/tmp';

const DAY = 86_400_000;
const TAO = 1_000_000_000n;

/**
 * The whole journey with no human step: a real GraphQL hub on loopback serves the seed
 * proposal; the service polls it, accepts the plan, activates it on the dry-run chain and runs
 * every daily tranche to completion on a fast virtual clock.
 */
describe('end to end: poll → verdict → accept → activate → ticks → completed', () => {
  const dir = tempDir();
  let hub: LoopbackHub;
  let service: Service;
  let receiver: http.Server;
  const received: { event: string }[] = [];
  let now = new Date('2025-02-14T06:00:00Z');

  beforeAll(async () => {
    hub = await new LoopbackHub([seedProposal()]).start();
    // A real webhook receiver on loopback: every notification the service sends lands here.
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as { event: string });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ notifications: { webhooks: [{ url: hook, events: ['*'], format: 'generic' }] } }));
    const cfg = loadConfig(
      testEnv({ GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_SOURCE: 'snapshot', GOVBRIDGE_HUB_URL: hub.url, GOVBRIDGE_CONFIG: file }),
    );
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    service = await startService(cfg.value, quietLogger(), { clock: () => now, schedule: false });
  });
  afterAll(async () => {
    await service?.stop();
    await hub?.stop();
    receiver?.close();
  });

  it('detects, accepts, activates and completes the seed plan; the ledger holds every tranche', async () => {
    const c = service.components;
    const poll = await c.poller.runOnce(now);
    expect(poll.error).toBeNull();
    expect(poll.processed).toEqual([expect.objectContaining({ id: SEED_ID, executable: true, reasons: [] })]);
    expect((await c.plans.get(SEED_ID))?.state).toBe('accepted');

    await c.executor.runOnce(now);
    const activated = (await c.plans.get(SEED_ID))!;
    expect(activated.state).toBe('active');
    expect(activated.lockEndsAt?.toISOString()).toBe('2025-04-14T06:00:00.000Z');

    for (let day = 0; day < 70 && (await c.plans.get(SEED_ID))!.state === 'active'; day++) {
      now = new Date(now.getTime() + DAY);
      await c.executor.runOnce(now);
    }
    expect((await c.plans.get(SEED_ID))?.state).toBe('completed');

    const rows = (await c.ledger.forPlan(SEED_ID)).filter((r) => r.kind === 'tranche');
    for (const netuid of [51, 64, 19, 4, 27]) {
      const done = rows.filter((r) => r.netuid === netuid && r.status === 'finalized');
      expect(done).toHaveLength(59);
      expect(done.reduce((s, r) => s + r.amount, 0n)).toBe(44_200_000_000n);
    }
    expect(rows.every((r) => r.status === 'finalized')).toBe(true);

    // The same story over HTTP: the plan is completed and every tranche is listed.
    const base = `http://127.0.0.1:${service.port}`;
    const plan = (await (await fetch(`${base}/api/plans/${SEED_ID}`)).json()) as { state: string; totalRao: string };
    expect(plan).toMatchObject({ state: 'completed', totalRao: (884n * TAO).toString() });
    const tranches = (await (await fetch(`${base}/api/plans/${SEED_ID}/tranches`)).json()) as { tranches: unknown[] };
    expect(tranches.tranches).toHaveLength(5 * 59);
    expect(await c.audit.verify()).toMatchObject({ ok: true });

    // Every outcome was announced: acceptance, each finalized tranche, completion.
    await service.components.notifier.drain();
    const count = (e: string) => received.filter((n) => n.event === e).length;
    expect([count('plan.accepted'), count('tranche.finalized'), count('plan.completed')]).toEqual([1, 5 * 59, 1]);

    // A second poll finds nothing new and changes nothing.
    const again = await c.poller.runOnce(now);
    expect(again.processed).toHaveLength(0);
    expect(again.requests).toBe(1);
  });
});
