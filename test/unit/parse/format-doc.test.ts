/**
 * The examples of docs/proposal-format.md are executable: each ````proposal block is parsed and
 * must give the outcome written in the `json outcome` block under it, so the document cannot
 * drift from the parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatTao } from '../../../src/domain/amount';
import { parseProposal } from '../../../src/domain/parse';
import { planToJson } from '../../../src/domain/plan';

const DOC = fs.readFileSync(path.resolve(__dirname, '../../../docs/proposal-format.md'), 'utf8');

interface Outcome {
  ok: boolean;
  kind?: 'allocation' | 'emergency';
  source?: 'prose' | 'block';
  total?: string;
  allocations?: [number, string, string, string][];
  dca?: string | null;
  cadences?: string[];
  lock?: string | null;
  action?: string;
  target?: string;
  errors?: { line: number | null; contains: string }[];
}

const EXAMPLE = /^````proposal(?: (\S+))?\n([\s\S]*?)\n````\n+```json outcome\n([\s\S]*?)\n```$/gm;
const examples = [...DOC.matchAll(EXAMPLE)].map((m) => ({ name: m[1] ?? null, body: `${m[2]!}\n`, outcome: JSON.parse(m[3]!) as Outcome }));

describe('docs/proposal-format.md examples', () => {
  it('has examples, and every ````proposal block has an outcome', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples.length).toBe((DOC.match(/^````proposal/gm) ?? []).length);
  });

  it.each(examples.map((e, i) => [`${i + 1}: ${e.body.split('\n')[0]}`, e] as const))('example %s parses as documented', (_title, e) => {
    const r = parseProposal(e.body);
    const want = e.outcome;
    expect(r.ok).toBe(want.ok);
    if (!r.ok) {
      for (const w of want.errors ?? []) {
        expect(r.errors).toContainEqual(expect.objectContaining({ line: w.line, message: expect.stringContaining(w.contains) }));
      }
      return;
    }
    const plan = r.value;
    expect(plan.kind).toBe(want.kind ?? 'allocation');
    if (plan.kind === 'emergency') {
      expect({ action: plan.action, target: plan.target }).toEqual({ action: want.action, target: want.target });
      return;
    }
    expect(plan.source).toBe(want.source ?? 'prose');
    expect(formatTao(plan.totalRao)).toBe(want.total);
    expect(plan.allocations.map((a) => [a.netuid, a.percent, formatTao(a.rao), a.mode])).toEqual(want.allocations);
    expect(plan.dca?.duration ?? null).toBe(want.dca ?? null);
    expect(plan.dca?.cadences ?? []).toEqual(want.cadences ?? []);
    expect(plan.lock?.duration ?? null).toBe(want.lock ?? null);
  });

  it('shows the canonical JSON of the complete example exactly', () => {
    const canonical = /^```json canonical\n([\s\S]*?)\n```$/m.exec(DOC)![1]!;
    const complete = examples.find((e) => e.name === 'complete')!;
    const r = parseProposal(complete.body);
    expect(r.ok && planToJson(r.value)).toEqual(JSON.parse(canonical));
  });
});
