import type { Notification } from '../notify/events';

/** Where lifecycle changes are recorded; the hash-chained AuditLog in src/store/audit.ts fits it. */
export interface AuditSink {
  append(
    e: { actor: string; action: string; planId?: string | null; proposalId?: string | null; reason?: string | null; data?: unknown },
    now: Date,
  ): Promise<unknown>;
}

/** Events a person may want to hear about (webhooks); delivery never blocks the caller. */
export type Notify = (n: Notification) => void;
