/**
 * The service's clock. At speed 1 it is the wall clock; a dry-run demo may run faster, so that
 * two months of daily tranches pass in minutes: virtual time = origin + elapsed × speed.
 */
export function scaledClock(speed: number, origin: Date = new Date(), wall: () => number = Date.now): () => Date {
  if (speed === 1) return () => new Date(wall());
  const start = wall();
  return () => new Date(origin.getTime() + (wall() - start) * speed);
}
