/**
 * The service's clock. At speed 1 it is the wall clock; a dry-run demo may run faster, so that
 * two months of daily tranches pass in minutes: virtual time = origin + elapsed × speed.
 */
export function scaledClock(speed: number, origin: Date = new Date(), wall: () => number = Date.now): () => Date {
  if (speed === 1) return () => new Date(wall());
  const start = wall();
  return () => new Date(origin.getTime() + (wall() - start) * speed);
}

/** Where a dry-run demo's virtual clock is anchored: virtual = virtualMs + (wall − wallMs) × speed. */
export interface ClockAnchor {
  wallMs: number;
  virtualMs: number;
  speed: number;
}

export interface AnchorStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, now: Date): Promise<void>;
}

const ANCHOR_KEY = 'demo.clock';

/**
 * The demo's virtual clock, anchored in the store so that every process on one data dir, and
 * every restart, reads the same timeline: the lock countdown and the schedule continue where
 * they were. A different speed re-anchors at the current virtual time, so time never jumps back.
 * `origin` is the virtual time of the very first start (the wall clock unless given). The anchor
 * is read (and, when new, written) once here, so the clock it returns never touches the store.
 */
export async function persistedClock(store: AnchorStore, speed: number, wall: () => number = Date.now, origin?: Date): Promise<() => Date> {
  const now = wall();
  const raw = await store.get(ANCHOR_KEY);
  let anchor: ClockAnchor | null = raw ? (JSON.parse(raw) as ClockAnchor) : null;
  if (!anchor || anchor.speed !== speed) {
    const virtualMs = anchor ? anchor.virtualMs + (now - anchor.wallMs) * anchor.speed : (origin?.getTime() ?? now);
    anchor = { wallMs: now, virtualMs, speed };
    await store.set(ANCHOR_KEY, JSON.stringify(anchor), new Date(now));
  }
  const a = anchor;
  return () => new Date(a.virtualMs + (wall() - a.wallMs) * a.speed);
}

/**
 * The demo's virtual clock as the store anchors it, without re-anchoring (read-only commands):
 * the anchor is read once, so the clock it returns is synchronous. The wall clock when none is kept.
 */
export async function anchoredClock(store: Pick<AnchorStore, 'get'>, wall: () => number = Date.now): Promise<() => Date> {
  const raw = await store.get(ANCHOR_KEY);
  if (!raw) return () => new Date(wall());
  const a = JSON.parse(raw) as ClockAnchor;
  return () => new Date(a.virtualMs + (wall() - a.wallMs) * a.speed);
}

/** The demo's virtual time now as the store anchors it, without re-anchoring (read-only commands). */
export async function anchoredNow(store: Pick<AnchorStore, 'get'>, wall: () => number = Date.now): Promise<Date> {
  return (await anchoredClock(store, wall))();
}
