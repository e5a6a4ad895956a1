import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parsePercent, parseTaoAmount, parseDecimal } from '../amount';
import { parseIsoDuration } from '../duration';
import type { EmergencyPlan } from '../plan';
import { emptyFacts, type PlanFacts } from './facts';
import { issue, type ParseIssue } from './issues';
import { readLabel } from './label';
import type { Fence } from './markdown';
import { blockBoundsProblem, duplicateKeys } from './block-bounds';

/**
 * The ```govbridge block (docs/proposal-format.md §2): YAML read with the failsafe schema so that every scalar
 * stays a string and no number ever passes through a float.
 */
const scalar = z.string().min(1);
const allocationSchema = z
  .object({
    netuid: scalar,
    name: z.string().optional(),
    percent: scalar.optional(),
    amount: scalar.optional(),
    mode: z.enum(['hold', 'dca']).optional(),
  })
  .strict();
const allocationBlock = z
  .object({
    version: z.literal('1'),
    kind: z.literal('allocation'),
    total: scalar.optional(),
    allocations: z.array(allocationSchema).min(1),
    dca: z
      .object({ duration: scalar, cadence: z.union([scalar, z.array(scalar).min(1)]) })
      .strict()
      .optional(),
    lock: z.object({ duration: scalar }).strict().optional(),
  })
  .strict();
const emergencyBlock = z
  .object({
    version: z.literal('1'),
    kind: z.literal('emergency'),
    target: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'the Snapshot id of the plan (0x and 64 hex digits)'),
    action: z.enum(['halt', 'resume', 'cancel', 'adopt']),
    reason: scalar,
  })
  .strict();

export type BlockRead =
  { kind: 'allocation'; facts: PlanFacts; errors: ParseIssue[] } | { kind: 'emergency'; plan: EmergencyPlan | null; errors: ParseIssue[] };

/** Each schema problem at the line of the key it is about (or the block's first line). */
const zodIssues = (e: z.ZodError, where: (path: PropertyKey[]) => { line: number; text: string }) =>
  e.issues.map((i) => {
    const w = where(i.path);
    return issue(w.line, w.text, `govbridge block: ${i.path.map(String).join('.') || 'block'}: ${i.message}`);
  });

export function readBlock(fence: Fence): BlockRead {
  const tooBig = blockBoundsProblem(fence.content, fence.line);
  if (tooBig) return { kind: 'allocation', facts: emptyFacts(), errors: [tooBig] };
  const counter = new LineCounter();
  // yaml's own duplicate-key check is quadratic in the keys of a mapping; duplicateKeys is linear.
  const doc = parseDocument(fence.content, { schema: 'failsafe', lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const lineAt = (offset: number | undefined) => fence.line + (offset === undefined ? 0 : counter.linePos(offset).line - 1);
  const sourceLine = (line: number) => fence.content.split('\n')[line - fence.line] ?? '';
  if (doc.errors.length > 0) {
    // An error at the very end (an unclosed bracket) is shown on the last line that has text.
    const lastText = Math.max(0, fence.content.trimEnd().length - 1);
    const errors = doc.errors.map((e) => {
      const line = lineAt(Math.min(e.pos[0], lastText));
      return issue(line, sourceLine(line), `govbridge block is not valid YAML: ${e.message.split('\n')[0]}`);
    });
    return { kind: 'allocation', facts: emptyFacts(), errors };
  }
  const dups = duplicateKeys(doc);
  if (dups.length > 0) {
    return {
      kind: 'allocation',
      facts: emptyFacts(),
      errors: dups.map((d) =>
        issue(
          lineAt(d.offset),
          sourceLine(lineAt(d.offset)),
          `govbridge block is not valid YAML: Map keys must be unique ("${d.key}" is written twice)`,
        ),
      ),
    };
  }
  const keyLine = (path: PropertyKey[]) => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
    }
    return fence.line;
  };
  const at = (path: PropertyKey[]) => ({ line: keyLine(path), text: sourceLine(keyLine(path)).trim() });
  const raw: unknown = doc.toJS({ maxAliasCount: 0 });
  const kind = typeof raw === 'object' && raw !== null && 'kind' in raw ? raw.kind : undefined;
  if (kind === 'emergency') {
    const r = emergencyBlock.safeParse(raw);
    if (!r.success) return { kind: 'emergency', plan: null, errors: zodIssues(r.error, at) };
    return {
      kind: 'emergency',
      plan: {
        version: 1,
        kind: 'emergency',
        target: r.data.target,
        action: r.data.action,
        reason: r.data.reason,
        source: 'block',
        warnings: [],
      },
      errors: [],
    };
  }
  const r = allocationBlock.safeParse(raw);
  if (!r.success) return { kind: 'allocation', facts: emptyFacts(), errors: zodIssues(r.error, at) };
  const b = r.data;
  const facts = emptyFacts();
  const errors: ParseIssue[] = [];

  if (b.total !== undefined) {
    const t = parseTaoAmount(b.total);
    if (t.ok) facts.totals.push({ value: t.value, ...at(['total']) });
    else errors.push(issue(keyLine(['total']), b.total, `total: ${t.errors[0]}`));
  }
  b.allocations.forEach((a, i) => {
    const where = at(['allocations', i]);
    const label = readLabel(`SN${a.netuid}`);
    if (!label || label.kind === 'bad' || !/^\d+$/.test(a.netuid)) {
      errors.push(issue(where.line, where.text, label?.kind === 'bad' ? label.message : `netuid "${a.netuid}" is not a number`));
      return;
    }
    const percent = a.percent === undefined ? null : parsePercent(a.percent);
    if (percent && !percent.ok) errors.push(issue(where.line, where.text, percent.errors[0]!));
    const rao = a.amount === undefined ? null : parseTaoAmount(a.amount);
    if (rao && !rao.ok) errors.push(issue(where.line, where.text, rao.errors[0]!));
    const scaleText = a.amount?.replace(/[^\d.]/g, '') ?? '';
    const scale = parseDecimal(scaleText);
    facts.allocations.push({
      netuid: label.netuid,
      name: a.name ?? (label.netuid === 0 ? 'Root' : `SN${label.netuid}`),
      percent: percent?.ok ? percent.value : null,
      rao: rao?.ok ? rao.value : null,
      amountScale: scale.ok ? scale.value.scale : 0,
      mode: a.mode ?? null,
      ...where,
    });
  });
  if (b.dca) {
    const cadences = Array.isArray(b.dca.cadence) ? b.dca.cadence : [b.dca.cadence];
    facts.dcaDurations.push({ value: b.dca.duration, ...at(['dca', 'duration']) });
    for (const c of cadences) facts.cadences.push({ value: c, ...at(['dca', 'cadence']) });
  }
  if (b.lock) facts.lockDurations.push({ value: b.lock.duration, ...at(['lock', 'duration']) });
  for (const d of [...facts.dcaDurations, ...facts.cadences, ...facts.lockDurations]) {
    const p = parseIsoDuration(d.value);
    if (!p.ok) errors.push(issue(d.line, d.text, p.errors[0]!));
  }
  return { kind: 'allocation', facts, errors };
}
