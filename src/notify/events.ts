/**
 * What govbridge tells people about, and how each webhook format spells it. Event names are
 * dotted so a webhook can subscribe to a family (`tranche.*`) or everything (`*`).
 */
import { displayTao } from '../domain/tao-text';

/** Every event name, for the config schema to check webhook subscriptions against. */
export const NOTIFY_EVENTS = [
  'plan.accepted',
  'plan.refused',
  'tranche.finalized',
  'tranche.failed',
  'tranche.skipped',
  'plan.halted',
  'plan.resumed',
  'plan.cancelled',
  'plan.completed',
  'error',
] as const;

export type NotifyEventName = (typeof NOTIFY_EVENTS)[number];

export interface Notification {
  event: NotifyEventName;
  /** One sentence for a person: what happened and, for refusals and errors, why. */
  summary: string;
  at: string;
  planId?: string | null;
  proposalId?: string | null;
  /** Machine details (amounts as bigint are written as decimal strings). */
  data?: Record<string, unknown>;
}

export type WebhookFormat = 'generic' | 'slack' | 'discord';

/** True when a subscription list (`*`, `tranche.*`, `plan.halted`) covers the event. */
export function subscribed(events: string[], event: string): boolean {
  return events.some((e) => e === '*' || e === event || (e.endsWith('.*') && event.startsWith(e.slice(0, -1))));
}

const ICON: Record<NotifyEventName, string> = {
  'plan.accepted': '✅',
  'plan.refused': '⛔',
  'tranche.finalized': '🟢',
  'tranche.failed': '🔴',
  'tranche.skipped': '⏭️',
  'plan.halted': '🛑',
  'plan.resumed': '▶️',
  'plan.cancelled': '✖️',
  'plan.completed': '🏁',
  error: '🚨',
};

/** The JSON body for a webhook of the given format (Slack `text`, Discord `content`). */
export function formatBody(n: Notification, format: WebhookFormat): unknown {
  const line = `${ICON[n.event]} govbridge ${n.event}: ${n.summary}`;
  if (format === 'slack') return { text: line };
  // Discord refuses content longer than 2000 characters.
  if (format === 'discord') return { username: 'govbridge', content: line.length > 2000 ? line.slice(0, 1999) + '…' : line };
  return { ...n, planId: n.planId ?? null, proposalId: n.proposalId ?? null };
}

/** A tranche outcome in words, e.g. "SN51: 5.525 TAO finalized in block 5000000 (tx 0x…)". */
export function trancheSummary(t: {
  netuid: number;
  amountRao: bigint;
  state: string;
  blockNumber?: number | null;
  txHash?: string | null;
  reason?: string | null;
}): string {
  const where = t.blockNumber ? ` in block ${t.blockNumber}` : '';
  const tx = t.txHash ? ` (tx ${t.txHash})` : '';
  const why = t.reason ? `: ${t.reason}` : '';
  return `SN${t.netuid}: ${displayTao(t.amountRao)} TAO ${t.state}${where}${tx}${why}`;
}
