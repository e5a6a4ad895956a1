import { CircuitBreaker } from '../../../src/sources/circuit';
import { retryAfterMs } from '../../../src/sources/errors';
import { RateLimiter } from '../../../src/sources/rate-limit';
import { virtualTiming } from './setup';

describe('RateLimiter', () => {
  it('never lets more than the limit through in any 60-second window', async () => {
    const clock = virtualTiming();
    const limiter = new RateLimiter(3, clock);
    const sent: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.take();
      sent.push(clock.t);
      clock.t += 1000;
    }
    for (let i = 3; i < sent.length; i++) expect(sent[i]! - sent[i - 3]!).toBeGreaterThanOrEqual(60_000);
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('queues concurrent callers in order without exceeding the limit', async () => {
    const clock = virtualTiming();
    const limiter = new RateLimiter(2, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.sleeps).toEqual([60_000, 0].filter((ms) => ms > 0));
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown, and doubles it on a failed trial', () => {
    const clock = virtualTiming();
    const b = new CircuitBreaker(2, 1000, 3000, clock);
    b.failure();
    expect(b.state()).toBe('closed');
    b.failure();
    expect(b.state()).toBe('open');
    clock.t += 1000;
    expect(b.state()).toBe('half-open');
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.retryInMs()).toBe(2000);
    clock.t += 2000;
    b.failure();
    expect(b.retryInMs()).toBe(3000);
    clock.t += 3000;
    b.success();
    expect(b.state()).toBe('closed');
  });
});

describe('retryAfterMs', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('reads seconds, HTTP dates and RateLimit-Reset', () => {
    expect(retryAfterMs(h({ 'retry-after': '3' }), 0)).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(h({ 'ratelimit-reset': '12' }), 0)).toBe(12_000);
    expect(retryAfterMs(h({ 'ratelimit-reset': '1700000030' }), 1_700_000_000_000)).toBe(30_000);
    expect(retryAfterMs(h({ 'retry-after': 'soon' }), 0)).toBeNull();
    expect(retryAfterMs(h({}), 0)).toBeNull();
  });
});
