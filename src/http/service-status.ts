/**
 * What the service knows about its own surroundings, for the dashboard, /api/status and /ready:
 * which source and space it polls, when the hub last answered, and whether the chain is real.
 * The poll job reports each outcome here; times are the service clock's (virtual in a demo).
 */
export interface HubStatus {
  ok: boolean;
  lastPollAt: string | null;
  /** The last poll the hub answered; null when none did since start. */
  lastOkAt: string | null;
  /** When the current run of failures began; null while the hub answers. */
  failingSince: string | null;
  lastError: string | null;
}

export interface StatusSnapshot {
  source: string;
  space: string;
  chain: { kind: string; simulated: boolean };
  hub: HubStatus;
  /** How many failed tranches in a row make a plan "failing" (banner, /ready 503). */
  failingAfter: number;
}

export interface StatusSource {
  snapshot(): StatusSnapshot;
}

export class ServiceStatus implements StatusSource {
  private hub: HubStatus = { ok: true, lastPollAt: null, lastOkAt: null, failingSince: null, lastError: null };

  constructor(private readonly info: { source: string; space: string; chain: string; failingAfter: number }) {}

  pollSucceeded(now: Date): void {
    const at = now.toISOString();
    this.hub = { ok: true, lastPollAt: at, lastOkAt: at, failingSince: null, lastError: null };
  }

  pollFailed(now: Date, error: string): void {
    const at = now.toISOString();
    this.hub = { ok: false, lastPollAt: at, lastOkAt: this.hub.lastOkAt, failingSince: this.hub.failingSince ?? at, lastError: error };
  }

  hubOk(): boolean {
    return this.hub.ok;
  }

  snapshot(): StatusSnapshot {
    return {
      source: this.info.source,
      space: this.info.space,
      chain: { kind: this.info.chain, simulated: this.info.chain === 'dry-run' },
      hub: { ...this.hub },
      failingAfter: this.info.failingAfter,
    };
  }
}
