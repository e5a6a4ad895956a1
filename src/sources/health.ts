/**
 * Whether the proposal sources answer, as `/ready` reports it under `hub`. It is fed by every
 * request the sources make (through PoliteCaller), not by the end of a poll cycle: the flag clears
 * on the first request that succeeds, even in the middle of a long walk, and a failure of our own
 * (a store error while ingesting) says nothing about the hub.
 */
export interface SourceHealthSink {
  succeeded(source: string): void;
  failed(source: string): void;
}

export class SourceHealth implements SourceHealthSink {
  private readonly last = new Map<string, { ok: boolean; at: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  succeeded(source: string): void {
    this.last.set(source, { ok: true, at: this.clock() });
  }

  failed(source: string): void {
    this.last.set(source, { ok: false, at: this.clock() });
  }

  /**
   * Healthy until a request has failed; then healthy again once any source's latest request
   * succeeded (with a fallback configured, Goverland answering while the hub is down is enough
   * for the service to go on, as a poll then succeeds).
   */
  healthy(): boolean {
    if (this.last.size === 0) return true;
    return [...this.last.values()].some((s) => s.ok);
  }

  /** The last outcome per source, for logs and the status of `/ready`. */
  snapshot(): Record<string, { ok: boolean; at: string }> {
    return Object.fromEntries([...this.last].map(([k, v]) => [k, { ok: v.ok, at: new Date(v.at).toISOString() }]));
  }
}
