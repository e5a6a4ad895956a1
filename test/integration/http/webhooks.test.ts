import http from 'node:http';
import { quietLogger } from '../../../src/log';
import { trancheSummary, type Notification } from '../../../src/notify/events';
import { WebhookNotifier } from '../../../src/notify/webhooks';

/** A real HTTP receiver on loopback that answers from a script of statuses (then 200). */
async function receiver(script: (number | 'hang')[] = []) {
  const got: { path: string; type: string | undefined; body: unknown }[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', type: req.headers['content-type'], body: JSON.parse(text) });
      const step = script.shift() ?? 200;
      if (step === 'hang') return void hanging.push(res);
      res.writeHead(step, step === 429 ? { 'retry-after': '0' } : {}).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    base,
    got,
    close: () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const halted: Notification = {
  event: 'plan.halted',
  summary: 'plan p1 halted by ops:alice: validator bug',
  at: '2025-03-10T12:00:00.000Z',
  planId: 'p1',
  data: { amountRao: 5n },
};
// Short backoff keeps the test quick; the generous timeout keeps a cold first request from
// counting as a failure (only the hang test relies on the timeout, and it is warm by then).
const fast = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };

describe('webhook notifications', () => {
  it('posts generic, Slack and Discord bodies to subscribed receivers only', async () => {
    const rx = await receiver();
    try {
      const n = new WebhookNotifier(
        [
          { url: rx.base + '/generic', events: ['*'], format: 'generic' },
          { url: rx.base + '/slack', events: ['plan.*'], format: 'slack' },
          { url: rx.base + '/discord', events: ['tranche.failed'], format: 'discord' },
        ],
        quietLogger(),
        fast,
      );
      n.notify(halted);
      n.notify({
        event: 'tranche.failed',
        summary: trancheSummary({ netuid: 51, amountRao: 5_525_000_000n, state: 'failed', reason: 'SlippageTooHigh' }),
        at: halted.at,
      });
      await n.drain();
      const by = (p: string) => rx.got.filter((g) => g.path === p).map((g) => g.body);
      expect(by('/generic')).toEqual([
        { event: 'plan.halted', summary: halted.summary, at: halted.at, planId: 'p1', proposalId: null, data: { amountRao: '5' } },
        expect.objectContaining({ event: 'tranche.failed', summary: 'SN51: 5.525 TAO failed: SlippageTooHigh' }),
      ]);
      expect(by('/slack')).toEqual([{ text: '🛑 govbridge plan.halted: plan p1 halted by ops:alice: validator bug' }]);
      expect(by('/discord')).toEqual([
        { username: 'govbridge', content: '🔴 govbridge tranche.failed: SN51: 5.525 TAO failed: SlippageTooHigh' },
      ]);
      expect(rx.got.every((g) => g.type === 'application/json')).toBe(true);
      expect(n.stats).toMatchObject({ delivered: 4, failed: 0 });
    } finally {
      await rx.close();
    }
  });

  it('retries 5xx, 429 and timeouts with backoff until delivered, without blocking the caller', async () => {
    const rx = await receiver([500, 429, 'hang', 503]);
    try {
      const n = new WebhookNotifier([{ url: rx.base + '/h', events: ['*'], format: 'generic' }], quietLogger(), {
        ...fast,
        timeoutMs: 1000,
      });
      n.notify(halted);
      // notify only enqueued: nothing has reached the receiver when it returns.
      expect(rx.got).toHaveLength(0);
      expect(n.pending()).toBe(1);
      await n.drain();
      expect(rx.got).toHaveLength(5);
      expect(n.stats).toMatchObject({ delivered: 1, attempts: 5, failed: 0 });
    } finally {
      await rx.close();
    }
  });

  it('gives up after maxAttempts, and never retries a 4xx refusal', async () => {
    const rx = await receiver([500, 500, 500, 400]);
    try {
      const n = new WebhookNotifier([{ url: rx.base + '/h', events: ['*'], format: 'generic' }], quietLogger(), {
        ...fast,
        maxAttempts: 3,
      });
      n.notify(halted);
      await n.drain();
      expect(rx.got).toHaveLength(3);
      n.notify(halted);
      await n.drain();
      expect(rx.got).toHaveLength(4);
      expect(n.stats).toMatchObject({ delivered: 0, failed: 2 });
    } finally {
      await rx.close();
    }
  });

  it('keeps the queue bounded, dropping the oldest, and survives a dead receiver', async () => {
    const n = new WebhookNotifier([{ url: 'http://127.0.0.1:9/dead', events: ['*'], format: 'generic' }], quietLogger(), {
      ...fast,
      maxQueue: 3,
      maxAttempts: 2,
    });
    for (let i = 0; i < 10; i++) n.notify({ ...halted, summary: `n${i}` });
    // Three waiting plus the one in flight.
    expect(n.pending()).toBe(4);
    await n.drain();
    expect(n.stats.dropped).toBeGreaterThanOrEqual(6);
    expect(n.stats.delivered).toBe(0);
    expect(n.stats.dropped + n.stats.failed).toBe(10);
  });
});
