import { CliExit, EXIT } from './context';

/**
 * The plan a user means by an id or a unique prefix of one (`0x64ff31dd`). An unknown id is
 * answered "no such plan", an ambiguous prefix with the ids it matches; never a silent guess.
 */
export function resolvePlanId(ids: readonly string[], given: string): string {
  if (ids.includes(given)) return given;
  const lower = given.toLowerCase();
  const matches = lower.length === 0 ? [] : ids.filter((id) => id.toLowerCase().startsWith(lower));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new CliExit(EXIT.invalid, `no such plan: ${given}${ids.length ? '' : ' (there are no plans yet)'}`);
  throw new CliExit(
    EXIT.invalid,
    `plan id ${given} is ambiguous: it starts ${matches.length} plans (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''})`,
  );
}
