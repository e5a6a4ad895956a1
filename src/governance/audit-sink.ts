import type { Notification } from '../notify/events';

/**
 * Where lifecycle changes are recorded; the hash-chained AuditLog in src/store/audit.ts fits it.
 * Its answer is awaited: a store's promise, or a plain value from an in-memory sink.
 */
export interface AuditSink {
  append(
    e: { actor: string; action: string; planId?: string | null; proposalId?: string | null; reason?: string | null; data?: unknown },
    now: Date,
  ): unknown;
}

/** Events a person may want to hear about (webhooks); delivery never blocks the caller. */
export type Notify = (n: Notification) => void;
