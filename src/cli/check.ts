import { planToJson } from '../domain/plan';
import { hubToRecord } from '../sources/snapshot';
import { proposalRecordSchema, type ProposalRecord } from '../domain/proposal';
import { zodReasons } from '../sources/types';
import { err, ok, type Result } from '../result';
import { evaluateRecord } from '../governance/governance';
import { policyFromConfig } from '../governance/policy';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { readInput } from './input';

/**
 * Accepts the hub's answer as saved (`{data:{proposal}}`), `{proposal}`, or the bare record; a
 * one-element array (the bundled config/fixtures/proposals.json) is its element.
 */
function unwrap(json: unknown): unknown {
  const one = Array.isArray(json) && json.length === 1 ? (json[0] as unknown) : json;
  const o = one as { data?: { proposal?: unknown }; proposal?: unknown } | null;
  return o?.data?.proposal ?? o?.proposal ?? one;
}

/** A hub record (as the README shows), or a record in govbridge's own form (the fixtures'). */
function readRecord(item: unknown): Result<ProposalRecord> {
  const hub = hubToRecord(item);
  if (hub.ok) return hub;
  const own = proposalRecordSchema.safeParse(item);
  if (own.success) return ok(own.data);
  // Name the problems of the form the record looks most like: govbridge's own has `origin`.
  return (item as { origin?: unknown } | null)?.origin !== undefined ? err(...zodReasons(own.error)) : hub;
}

export const registerCheck: Register = (program, io) => {
  program
    .command('check')
    .description('apply the governance rules to a hub proposal record (JSON) and say whether it may move money')
    .argument('<record>', 'a hub `proposal` record as JSON (see README "Checking a record"), or - for stdin')
    .addHelpText('after', '\nPrints {"executable", "reasons", "problems", "plan"}; exit 0 if executable, 1 if not.')
    .action(async (file: string) => {
      const config = requireConfig(io);
      const text = await readInput(io, file);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new CliExit(EXIT.invalid, `${file} is not JSON: ${(e as Error).message}`);
      }
      const record = readRecord(unwrap(json));
      if (!record.ok) {
        io.stdout(JSON.stringify({ executable: false, reasons: record.errors.map((e) => `record is malformed: ${e}`), plan: null }) + '\n');
        throw new CliExit(EXIT.invalid, '');
      }
      const v = evaluateRecord(record.value, policyFromConfig(config), new Date());
      const plan = v.parsed.ok ? planToJson(v.parsed.value) : null;
      io.stdout(JSON.stringify({ executable: v.executable, reasons: v.reasons, problems: v.problems, plan }, null, 2) + '\n');
      if (!v.executable) throw new CliExit(EXIT.invalid, '');
    });
};
