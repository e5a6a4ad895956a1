import fc from 'fast-check';
import { createDryRunChain } from '../../../src/chain/sim';
import { isqrt, moveToPrice, poolPrice, quoteBuy, quoteSell } from '../../../src/chain/sim/pool';
import type { StakeAction } from '../../../src/chain/port';

const TAO = 1_000_000_000n;
const T0 = Date.parse('2025-02-14T00:00:00Z');

function chainAt(seed = 1, extra = {}) {
  let t = T0;
  const chain = createDryRunChain({
    seed,
    clock: () => new Date(t),
    pools: [{ netuid: 51, taoRao: 10_000n * TAO, price: 20_000_000n }],
    ...extra,
  });
  chain.fund(chain.treasury, 1_000n * TAO);
  return { chain, set: (ms: number) => void (t = ms) };
}
const buy = (amountRao: bigint, limitPrice: bigint): StakeAction => ({
  kind: 'addStakeLimit',
  hotkey: 'hk',
  netuid: 51,
  amountRao,
  limitPrice,
});

describe('constant-product pool math', () => {
  it("never lets the product of the reserves fall, and rounds in the pool's favour", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2_000_000n, max: 10n ** 13n }), fc.bigInt({ min: 10n ** 9n, max: 10n ** 15n }), (amount, depth) => {
        const pool = { taoRao: depth, alpha: depth * 50n };
        const q = quoteBuy(pool, amount, 500n);
        expect(q.pool.taoRao * q.pool.alpha >= pool.taoRao * pool.alpha).toBe(true);
        expect(q.priceAfter >= q.priceBefore).toBe(true);
        const s = quoteSell(q.pool, q.alphaOut, 500n);
        expect(s.taoOut <= amount).toBe(true);
      }),
    );
  });

  it('moves a pool to a price along its curve', () => {
    const pool = { taoRao: 10_000n * TAO, alpha: 500_000n * TAO };
    const moved = moveToPrice(pool, 30_000_000n);
    expect(Number(poolPrice(moved))).toBeCloseTo(30_000_000, -2);
    expect(isqrt(10n ** 30n)).toBe(10n ** 15n);
    expect(isqrt(99n)).toBe(9n);
  });
});

describe('the dry-run chain', () => {
  it('refuses add_stake_limit when the price after the buy would exceed the limit (SlippageTooHigh, a price refusal)', async () => {
    const { chain } = chainAt();
    const price = await chain.alphaPrice(51);
    const tx = await chain.prepare([buy(500n * TAO, price + 1n)]);
    if (!tx.ok) throw new Error('prepare');
    const r = await chain.send(tx.value);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-tx', name: 'SlippageTooHigh', priceRefusal: true } });
    expect(await chain.freeBalance(chain.treasury)).toBe(1_000n * TAO);
    expect(await chain.reconcile(tx.value)).toEqual({ status: 'pending' });
  });

  it('refuses a stake under the minimum (StakeAmountTooLow), not a price refusal', async () => {
    const { chain } = chainAt();
    const tx = await chain.prepare([buy(1_999_999n, 10n ** 15n)]);
    if (!tx.ok) throw new Error('prepare');
    expect(await chain.send(tx.value)).toMatchObject({ ok: false, error: { name: 'StakeAmountTooLow', priceRefusal: false } });
  });

  it('executes a batch_all atomically: one failing call reverts all, the tx is in a block', async () => {
    const { chain } = chainAt();
    const price = await chain.alphaPrice(51);
    const tx = await chain.prepare([buy(1n * TAO, price * 2n), buy(900n * TAO, price)]);
    if (!tx.ok) throw new Error('prepare');
    const r = await chain.send(tx.value);
    expect(r).toMatchObject({ ok: false, error: { kind: 'module', name: 'SlippageTooHigh' } });
    expect(await chain.stake('hk', chain.treasury, 51)).toBe(0n);
    expect(await chain.reconcile(tx.value)).toMatchObject({ status: 'included', failure: { name: 'SlippageTooHigh' } });
  });

  it('records StakeAdded with tao + fee = amount, and never includes a tx twice', async () => {
    const { chain } = chainAt();
    const tx = await chain.prepare([buy(10n * TAO, 10n ** 12n)]);
    if (!tx.ok) throw new Error('prepare');
    const r = await chain.send(tx.value);
    if (!r.ok) throw new Error(r.error.message);
    const ev = r.value.stakes[0]!;
    expect(ev.taoRao + ev.feeRao).toBe(10n * TAO);
    expect(ev.feeRao).toBe((10n * TAO * 500n) / 1_000_000n);
    expect(await chain.stake('hk', chain.treasury, 51)).toBe(ev.alpha);
    expect(await chain.send(tx.value)).toMatchObject({ ok: false, error: { name: 'AlreadyImported' } });
    expect(await chain.reconcile(tx.value)).toMatchObject({ status: 'included' });
  });

  it('tells a tx that can never land: its nonce taken, or its era expired', async () => {
    const { chain, set } = chainAt();
    const a = await chain.prepare([buy(1n * TAO, 10n ** 12n)]);
    const b = await chain.prepare([buy(1n * TAO, 10n ** 12n)]);
    if (!a.ok || !b.ok) throw new Error('prepare');
    expect(a.value.nonce).toBe(b.value.nonce);
    await chain.send(b.value);
    expect(await chain.reconcile(a.value)).toEqual({ status: 'nonce-taken' });
    const c = await chain.prepare([buy(1n * TAO, 10n ** 12n)]);
    if (!c.ok) throw new Error('prepare');
    set(T0 + 65 * 12_000);
    expect(await chain.reconcile(c.value)).toEqual({ status: 'not-included' });
    expect(await chain.send(c.value)).toMatchObject({ ok: false, error: { name: 'AncientBirthBlock' } });
  });

  it('is deterministic under a seed, and the outside market does not depend on how often it is read', async () => {
    const a = chainAt(42);
    const b = chainAt(42);
    const c = chainAt(43);
    for (let h = 1; h <= 48; h++) {
      a.set(T0 + h * 3600_000);
      await a.chain.alphaPrice(51);
    }
    b.set(T0 + 48 * 3600_000);
    c.set(T0 + 48 * 3600_000);
    // The same shocks, applied in 48 moves or in one: equal up to integer rounding of the moves.
    const pa = Number(await a.chain.alphaPrice(51));
    const pb = Number(await b.chain.alphaPrice(51));
    expect(Math.abs(pa - pb) / pb).toBeLessThan(1e-5);
    expect(pb).not.toBe(20_000_000);
    const pc = Number(await c.chain.alphaPrice(51));
    expect(Math.abs(pc - pb) / pb).toBeGreaterThan(1e-4);
    const again = chainAt(42);
    again.set(T0 + 48 * 3600_000);
    expect(await again.chain.alphaPrice(51)).toBe(BigInt(pb));
    expect(await a.chain.genesisHash()).toBe(await b.chain.genesisHash());
  });

  it('rate-limits staking and unstaking the same hotkey on a netuid within one block', async () => {
    const { chain, set } = chainAt();
    const add = await chain.prepare([buy(10n * TAO, 10n ** 12n)]);
    if (!add.ok) throw new Error('prepare');
    const added = await chain.send(add.value);
    if (!added.ok) throw new Error(added.error.message);
    const remove = await chain.prepare([{ kind: 'removeStake', hotkey: 'hk', netuid: 51, amountAlpha: added.value.stakes[0]!.alpha }]);
    if (!remove.ok) throw new Error('prepare');
    expect(await chain.send(remove.value)).toMatchObject({ ok: false, error: { name: 'RateLimitExceeded', priceRefusal: false } });
    set(T0 + 12_000);
    expect(await chain.send(remove.value)).toMatchObject({ ok: true });
  });

  it('reports unregistered hotkeys as authority problems', async () => {
    const { chain } = chainAt(1, { unregistered: ['51:hk'] });
    expect((await chain.checkAuthority([{ netuid: 51, hotkey: 'hk' }])).problems).toEqual(['hotkey hk is not registered on netuid 51']);
  });
});
