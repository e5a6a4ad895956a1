import { z } from 'zod';

/** 1 TAO = 10^9 RAO. Every amount of money in govbridge is a bigint of RAO. */
export const RAO_PER_TAO = 1_000_000_000n;
/** The chain's minimum stake (docs/design.md §3.4): no tranche may be smaller. */
export const MIN_TRANCHE_RAO = 2_000_000n;

export type AllocationMode = 'hold' | 'dca';

export interface Allocation {
  netuid: number;
  name: string;
  /** Exact decimal string, e.g. "12.5". */
  percent: string;
  rao: bigint;
  mode: AllocationMode;
}

/**
 * Where the total came from: the line that states it, or the allocation lines whose sum it is
 * (then `lines` is the first and last of them). Not part of the contract's required keys.
 */
export type TotalSource = { line: number | null; text: string } | { lines: [number, number]; text: string };

export interface AllocationPlan {
  version: 1;
  kind: 'allocation';
  totalRao: bigint;
  totalSource?: TotalSource;
  allocations: Allocation[];
  /** ISO 8601 durations: how long DCA runs and which cadences the proposal allows. */
  dca: { duration: string; cadences: string[] } | null;
  lock: { duration: string } | null;
  source: 'prose' | 'block';
  warnings: string[];
}

export type EmergencyAction = 'halt' | 'resume' | 'cancel' | 'adopt';

export interface EmergencyPlan {
  version: 1;
  kind: 'emergency';
  /** The Snapshot id of the plan's proposal. */
  target: string;
  action: EmergencyAction;
  reason: string;
  source: 'block';
  warnings: string[];
}

export type Plan = AllocationPlan | EmergencyPlan;

const raoJson = z
  .string()
  .regex(/^\d+$/, 'a decimal string of RAO')
  .transform((s) => BigInt(s));
const percentJson = z.string().regex(/^\d{1,3}(\.\d+)?$/, 'a decimal percent string');
const duration = z.string().regex(/^P(\d+[YMWD])+$/, 'an ISO 8601 duration');

const allocationJson = z.object({
  netuid: z.number().int().min(0).max(65535),
  name: z.string(),
  percent: percentJson,
  rao: raoJson,
  mode: z.enum(['hold', 'dca']),
});

/** The canonical JSON of docs/design.md §3.1 (amounts as strings); extra fields are allowed. */
export const planJsonSchema = z.discriminatedUnion('kind', [
  z.object({
    version: z.literal(1),
    kind: z.literal('allocation'),
    totalRao: raoJson,
    totalSource: z
      .union([
        z.object({ line: z.number().int().nullable(), text: z.string() }),
        z.object({ lines: z.tuple([z.number().int(), z.number().int()]), text: z.string() }),
      ])
      .optional(),
    allocations: z.array(allocationJson).min(1),
    dca: z.object({ duration, cadences: z.array(duration).min(1) }).nullable(),
    lock: z.object({ duration }).nullable(),
    source: z.enum(['prose', 'block']),
    warnings: z.array(z.string()),
  }),
  z.object({
    version: z.literal(1),
    kind: z.literal('emergency'),
    target: z.string().min(1),
    action: z.enum(['halt', 'resume', 'cancel', 'adopt']),
    reason: z.string(),
    source: z.literal('block'),
    warnings: z.array(z.string()),
  }),
]);

/** Plan → canonical JSON value (bigints as decimal strings). */
export function planToJson(plan: Plan): unknown {
  if (plan.kind === 'emergency') return { ...plan };
  return {
    version: plan.version,
    kind: plan.kind,
    totalRao: plan.totalRao.toString(),
    ...(plan.totalSource ? { totalSource: plan.totalSource } : {}),
    allocations: plan.allocations.map((a) => ({ ...a, rao: a.rao.toString() })),
    dca: plan.dca,
    lock: plan.lock,
    source: plan.source,
    warnings: plan.warnings,
  };
}

/** Canonical JSON (e.g. from the store) → Plan, validated. */
export function planFromJson(json: unknown): Plan {
  return planJsonSchema.parse(json);
}
