import { quietLogger } from '../../../src/log';
import { IpfsGateways } from '../../../src/sources/authenticity/gateway';
import { LoopbackGateway } from '../../fixtures/ipfs/gateway';
import { messageFor, signOriginal, type SignedOriginal } from '../../helpers/signed-original';
import { seedRecord } from '../../helpers/records';
import { instantTiming } from './setup';

describe('IPFS gateways (real HTTP on loopback)', () => {
  let a: LoopbackGateway;
  let b: LoopbackGateway;
  let signed: SignedOriginal;
  const gateways = (list: string[], over: { maxRetries?: number; timeoutMs?: number; maxBytes?: number } = {}) => {
    const timing = instantTiming();
    return {
      timing,
      g: new IpfsGateways({ gateways: list, timeoutMs: 2000, maxRetries: 2, baseDelayMs: 100, timing, ...over }, quietLogger()),
    };
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([new LoopbackGateway().start(), new LoopbackGateway().start()]);
    signed = await signOriginal(messageFor(seedRecord()));
  });
  afterAll(() => Promise.all([a.stop(), b.stop()]));
  beforeEach(() => {
    for (const g of [a, b]) {
      g.files.clear();
      g.requests = [];
      g.down = false;
      g.chunked = false;
    }
  });

  it('returns the bytes of the first gateway that has them, checked against the CID', async () => {
    b.put(signed.cid, signed.bytes);
    const { g } = gateways([a.url, b.url]);
    const r = await g.fetch(signed.cid);
    expect(r).toMatchObject({ kind: 'ok', check: 'sha2-256 of the bytes equals the CID', from: b.url });
    expect(a.requests).toEqual([`/ipfs/${signed.cid}`]);
  });

  it('skips a gateway that serves other bytes when another serves the right ones', async () => {
    a.put(signed.cid, new TextEncoder().encode('{"not":"it"}'));
    b.put(signed.cid, signed.bytes);
    expect(await gateways([a.url, b.url]).g.fetch(signed.cid)).toMatchObject({ kind: 'ok', from: b.url });
  });

  it('calls the content tampered when every gateway serves bytes that do not hash to the CID', async () => {
    a.put(signed.cid, new TextEncoder().encode('{"not":"it"}'));
    const { g, timing } = gateways([a.url]);
    expect(await g.fetch(signed.cid)).toMatchObject({ kind: 'tampered', reason: expect.stringMatching(/do not hash to it/) });
    // Asking the same liar again would not help: no retry round.
    expect(timing.sleeps).toEqual([]);
  });

  it('does not call it tampered while another gateway is only down: that stays a retry', async () => {
    a.put(signed.cid, new TextEncoder().encode('{"not":"it"}'));
    b.down = true;
    expect(await gateways([a.url, b.url]).g.fetch(signed.cid)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringMatching(/do not hash to it|HTTP 503/),
    });
  });

  it('starts no request once the time budget is spent', async () => {
    a.down = true;
    const { g, timing } = gateways([a.url], { maxRetries: 10, timeoutMs: 100 });
    await g.fetch(signed.cid);
    // Budget 3 × 100 ms of virtual time: rounds at 0 and +100; the next, at +300, would be past it.
    expect(timing.sleeps).toEqual([100]);
    expect(a.requests).toHaveLength(2);
  });

  it('retries rounds with doubling backoff, then reports unreachable with the causes', async () => {
    a.down = true;
    const { g, timing } = gateways([a.url, 'http://127.0.0.1:9']);
    const r = await g.fetch(signed.cid);
    expect(r).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/HTTP 503/) });
    expect(timing.sleeps).toEqual([100, 200]);
    expect(a.requests).toHaveLength(3);
  });

  it('refuses an answer over the size cap and a CID that does not parse, without a request', async () => {
    a.put(signed.cid, signed.bytes);
    expect(await gateways([a.url], { maxBytes: 100, maxRetries: 0 }).g.fetch(signed.cid)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringMatching(/larger than 100 bytes/),
    });
    a.chunked = true;
    expect(await gateways([a.url], { maxBytes: 100, maxRetries: 0 }).g.fetch(signed.cid)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringMatching(/larger than 100 bytes/),
    });
    expect(await gateways([a.url], { maxRetries: 0 }).g.fetch(signed.cid)).toMatchObject({ kind: 'ok' });
    a.requests = [];
    expect(await gateways([a.url]).g.fetch('not-a-cid')).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/not a CID/) });
    expect(a.requests).toEqual([]);
    expect(await gateways([]).g.fetch(signed.cid)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringMatching(/no IPFS gateway is configured/),
    });
  });
});
