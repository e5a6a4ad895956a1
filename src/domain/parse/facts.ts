import type { ParseIssue } from './issues';

/**
 * What a reader (prose or block) found in a proposal, before validation: every statement with
 * its line and text, so that validation can name exactly where each problem is.
 */
export interface Where {
  line: number | null;
  text: string;
}

export interface Stated<T> extends Where {
  value: T;
}

export interface AllocationFact extends Where {
  netuid: number;
  name: string;
  /** Canonical percent string, or null when the proposal gave only an amount. */
  percent: string | null;
  /** RAO, or null when the proposal gave only a percent. */
  rao: bigint | null;
  /** Digits after the decimal point in the written amount: the precision of the check. */
  amountScale: number;
  /** Explicit mode from a block; prose derives it from the netuid. */
  mode: 'hold' | 'dca' | null;
}

/** A schedule figure stated in prose ("~5.525-11.05 TAO weekly per subnet"). */
export interface FigureFact extends Where {
  period: 'day' | 'week' | 'month' | 'whole';
  scope: 'subnet' | 'all';
  /** The written values in RAO with their decimal scale, one or two (a range). */
  values: { rao: bigint; scale: number; text: string }[];
  /** How the proposal wrote it, for messages ("weekly deployment per subnet", "~5.525-11.05 TAO"). */
  label: string;
  written: string;
}

/** A figure that totals one group of lines ("(150 TAO in total)", a total under a sub-heading). */
export interface SubtotalFact extends Where {
  /** The group's amount and share; either may be absent ("the remaining 25% …"). */
  value: bigint | null;
  percent: string | null;
  /** Indices into `allocations` of the lines the figure is the total of. */
  covers: number[];
}

export interface PlanFacts {
  totals: Stated<bigint>[];
  allocations: AllocationFact[];
  dcaDurations: Stated<string>[];
  cadences: Stated<string>[];
  lockDurations: Stated<string>[];
  /** "no interim votes" and similar without a duration: the lock lasts as long as the DCA. */
  lockImplied: Where[];
  figures: FigureFact[];
  subtotals: SubtotalFact[];
  /** Sentences that speak of a lock or a change rule. */
  lockMentions: Where[];
  /** "until the end of the DCA window": the lock lasts as long as the DCA. */
  lockToDcaEnd: Where[];
  /** "No lock.", "Lock: none": the proposal says it has none. */
  lockDenied: Where[];
  /** Governance clauses that were not turned into a field: errors for safety terms, warnings else. */
  clauseErrors: ParseIssue[];
  clauseWarnings: ParseIssue[];
}

export const emptyFacts = (): PlanFacts => ({
  totals: [],
  allocations: [],
  dcaDurations: [],
  cadences: [],
  lockDurations: [],
  lockImplied: [],
  figures: [],
  subtotals: [],
  lockMentions: [],
  lockToDcaEnd: [],
  lockDenied: [],
  clauseErrors: [],
  clauseWarnings: [],
});
