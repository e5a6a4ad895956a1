/**
 * Submitting and following a transaction, replayed from status streams and pool refusals recorded
 * on the dev runtime (scripts/chain/record-fixtures.ts). Every path ends in a value, in time.
 */
import { followTx, type Submission } from '../../../src/chain/subtensor/submit';
import type { ChainView } from '../../../src/chain/subtensor/blocks';
import { quietLogger } from '../../../src/log';
import { blockOf, load, namer, viewAt, type Scenario } from './recorded';

const log = quietLogger();

interface Replay extends Submission {
  /** Drops the connection, as the provider's `disconnected` event would. */
  disconnect(): void;
  unsubscribed: number;
  listening(): number;
}

/** Plays `statuses` one per macrotask after the subscription resolves, or rejects with `refusal`. */
function replay(statuses: unknown[], refusal?: string): Replay {
  const listeners = new Set<() => void>();
  const r: Replay = {
    unsubscribed: 0,
    listening: () => listeners.size,
    disconnect: () => [...listeners].forEach((l) => l()),
    onDisconnect(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    // A refusal rejects the promise (as a node refusing the submission does), never throws.
    watch(onStatus) {
      if (refusal !== undefined) return Promise.reject(new Error(refusal));
      statuses.forEach((s, i) => setTimeout(() => onStatus(s), i + 1));
      return Promise.resolve(() => void r.unsubscribed++);
    },
  };
  return r;
}

function view(s: Scenario): ChainView {
  return viewAt([blockOf(s)], namer(s.moduleErrors), blockOf(s).number);
}

/** Cuts a stream after its first status of `type` (e.g. 'inBlock'). */
function upTo(statuses: unknown[], type: string): unknown[] {
  const i = statuses.findIndex((x) => typeof x === 'object' && x !== null && type in x);
  expect(i).toBeGreaterThanOrEqual(0);
  return statuses.slice(0, i + 1);
}

describe('following a recorded stake: ready → broadcast → inBlock → finalized', () => {
  const s = load('proxy-stake');

  it('lands finalized, tells in-block once, and unsubscribes', async () => {
    const sub = replay(s.statuses);
    const inBlock: [number, string][] = [];
    const out = await followTx(s.txHash, sub, view(s), { timeoutMs: 5_000, log, onInBlock: (n, h) => inBlock.push([n, h]) });
    expect(out).toMatchObject({
      ok: true,
      value: { txHash: s.txHash, blockNumber: blockOf(s).number, finalized: true, stakes: [{ kind: 'added', coldkey: s.treasury }] },
    });
    expect(inBlock).toEqual([[blockOf(s).number, blockOf(s).hash]]);
    expect(sub.unsubscribed).toBe(1);
    expect(sub.listening()).toBe(0);
  });

  it('counts an in-block tx that is not finalized in time as landed, not finalized', async () => {
    const out = await followTx(s.txHash, replay(upTo(s.statuses, 'inBlock')), view(s), { timeoutMs: 150, log });
    expect(out).toMatchObject({ ok: true, value: { finalized: false, blockNumber: blockOf(s).number } });
  });

  it.each([['retracted'], ['finalityTimeout']])('settles in-block at once on %s after inclusion', async (type) => {
    const stream = [...upTo(s.statuses, 'inBlock'), { [type]: blockOf(s).hash }];
    const started = Date.now();
    const out = await followTx(s.txHash, replay(stream), view(s), { timeoutMs: 20_000, log });
    expect(out).toMatchObject({ ok: true, value: { finalized: false } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the landing when the node goes away after inclusion', async () => {
    const sub = replay(upTo(s.statuses, 'inBlock'));
    const following = followTx(s.txHash, sub, view(s), { timeoutMs: 20_000, log });
    await new Promise((r) => setTimeout(r, 100));
    sub.disconnect();
    expect(await following).toMatchObject({ ok: true, value: { finalized: false } });
  });

  it('ends in ReadFailed when the block cannot be read', async () => {
    const broken: ChainView = { ...view(s), block: () => Promise.reject(new Error('state pruned')) };
    const out = await followTx(s.txHash, replay(s.statuses), broken, { timeoutMs: 5_000, log });
    expect(out).toMatchObject({
      ok: false,
      error: { kind: 'connection', name: 'ReadFailed', message: expect.stringContaining('state pruned') },
    });
  });
});

describe('a tx that waits in the pool (recorded with manual block building)', () => {
  const p = load<Scenario & { statusesWhileWaiting: unknown[] }>('pool-wait');

  it('times out with a named error that says to reconcile, and unsubscribes', async () => {
    expect(p.statusesWhileWaiting.length).toBeGreaterThan(0);
    const sub = replay(p.statusesWhileWaiting);
    const out = await followTx(p.txHash, sub, view(p), { timeoutMs: 120, log });
    expect(out).toMatchObject({
      ok: false,
      error: { kind: 'timeout', name: 'Timeout', priceRefusal: false, message: expect.stringMatching(/reconcile before resending/) },
    });
    expect(sub.unsubscribed).toBe(1);
  });

  it('names a disconnect while it waits', async () => {
    const sub = replay(p.statusesWhileWaiting);
    const following = followTx(p.txHash, sub, view(p), { timeoutMs: 20_000, log });
    await new Promise((r) => setTimeout(r, 50));
    sub.disconnect();
    expect(await following).toMatchObject({ ok: false, error: { kind: 'connection', name: 'Disconnected' } });
  });

  it('unsubscribes a subscription that the node confirms only after the outcome', async () => {
    let unsubscribed = 0;
    let confirm: () => void = () => undefined;
    const late: Submission = {
      onDisconnect: () => () => undefined,
      watch: () => new Promise((resolve) => (confirm = () => resolve(() => void unsubscribed++))),
    };
    expect(await followTx(p.txHash, late, view(p), { timeoutMs: 50, log })).toMatchObject({ ok: false, error: { name: 'Timeout' } });
    expect(unsubscribed).toBe(0);
    confirm();
    await new Promise((r) => setImmediate(r));
    expect(unsubscribed).toBe(1);
  });

  it.each([
    [{ dropped: null }, 'Dropped'],
    [{ invalid: null }, 'Invalid'],
    [{ usurped: `0x${'11'.repeat(32)}` }, 'Usurped'],
  ])('ends on %j from the pool as dropped (%s)', async (status, name) => {
    const out = await followTx(p.txHash, replay([...p.statusesWhileWaiting, status]), view(p), { timeoutMs: 20_000, log });
    expect(out).toMatchObject({
      ok: false,
      error: { kind: 'dropped', name, message: expect.stringMatching(/reconcile before resending/) },
    });
  });

  it('lands once the block is built', async () => {
    const out = await followTx(p.txHash, replay(p.statuses), view(p), { timeoutMs: 5_000, log });
    expect(out).toMatchObject({ ok: true, value: { finalized: true, stakes: [{ kind: 'added' }] } });
  });
});

describe('refusals', () => {
  it('fails a tx whose proxied call failed in its block, naming the block', async () => {
    const s = load('proxy-unregistered');
    const inBlock: number[] = [];
    const out = await followTx(s.txHash, replay(s.statuses), view(s), { timeoutMs: 5_000, log, onInBlock: (n) => inBlock.push(n) });
    expect(out).toMatchObject({
      ok: false,
      error: { kind: 'module', name: 'HotKeyAccountNotExists', message: expect.stringContaining(`(in block #${blockOf(s).number})`) },
    });
    expect(inBlock).toEqual([]);
  });

  it('fails a batch_all refused for price in its block as a price refusal, to be retried', async () => {
    const s = load('batch-all-slippage');
    const out = await followTx(s.txHash, replay(s.statuses), view(s), { timeoutMs: 5_000, log });
    expect(out).toMatchObject({
      ok: false,
      error: {
        kind: 'module',
        name: 'SlippageTooHigh',
        priceRefusal: true,
        message: expect.stringContaining(`(in block #${blockOf(s).number})`),
      },
    });
  });

  it('lands a partly failed proxied batch with its per-action failures', async () => {
    const s = load('proxy-batch-slippage');
    const out = await followTx(s.txHash, replay(s.statuses), view(s), { timeoutMs: 5_000, log });
    expect(out).toMatchObject({ ok: true, value: { failures: [{ index: 1, error: { name: 'SlippageTooHigh', priceRefusal: true } }] } });
  });

  const refusals = load<{ refusals: { name: string; submitError?: string }[] }>('pool-refusals').refusals;
  it.each(refusals.map((r) => [r.name, r.submitError ?? '']))('maps the recorded pool refusal for %s (%s)', async (name, submitError) => {
    expect(submitError).toMatch(/^1010/);
    const out = await followTx('0xab', replay([], submitError), viewAt([], namer({}), 0), { timeoutMs: 5_000, log });
    expect(out).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'invalid-tx', name, priceRefusal: name !== 'StakeAmountTooLow' }),
    });
  });
});
