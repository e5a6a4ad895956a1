import { loadConfig } from '../../../src/config/load';
import { evaluateRecord } from '../../../src/governance/governance';
import { policyFromConfig } from '../../../src/governance/policy';
import { quietLogger } from '../../../src/log';
import { ParsePool } from '../../../src/parse-worker/pool';
import { POLICY, governanceIn } from '../../helpers/governance';
import { seedRecord } from '../../helpers/records';
import { tempDir, testEnv } from '../../helpers/tmp';
import { RULE_CODES } from '../../../src/domain/rules';

/**
 * Governance decides from a body parsed elsewhere (the service's parse pool) and applies the
 * parse limits of the config; a body the pool refused is a rejected proposal with that reason.
 */
describe('governance with parse limits and pre-parsed bodies', () => {
  const dir = tempDir();
  const now = new Date('2026-01-01T00:00:00Z');

  it('reads policy.maxTotal (RAO) and policy.maxAllocations from the config, with their defaults', () => {
    const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dir }));
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.value.policy.maxTotal).toBe(21_000_000n * 10n ** 9n);
    expect(r.value.policy.maxAllocations).toBe(64);
    expect(r.value.parser).toEqual({ timeBudgetMs: 2000, memoryMb: 128 });
    expect(policyFromConfig(r.value).parseLimits).toEqual({ maxTotalRao: 21_000_000n * 10n ** 9n, maxAllocations: 64 });
  });

  it('refuses the seed when its 884 TAO is over a configured maxTotal of 800 TAO', () => {
    const v = evaluateRecord(seedRecord(), { ...POLICY, parseLimits: { maxTotalRao: 800n * 10n ** 9n, maxAllocations: 64 } }, now);
    expect(v.executable).toBe(false);
    expect(new Set(v.problems.map((p) => p.code))).toEqual(new Set([RULE_CODES.parse]));
    expect(v.reasons.join('\n')).toMatch(/the total 884 TAO is over the limit of 800 TAO \(policy\.maxTotal\)/);
    expect(
      evaluateRecord(seedRecord(), { ...POLICY, parseLimits: { maxTotalRao: 10n ** 18n, maxAllocations: 5 } }, now).reasons.join('\n'),
    ).toMatch(/6 allocations, more than the 5/);
  });

  it('records a body the pool refused over budget as rejected, naming the budget', async () => {
    const { governance, plans, db } = await governanceIn(dir);
    const pool = new ParsePool({ timeBudgetMs: 1, memoryMb: 64, log: quietLogger() });
    try {
      const record = seedRecord({ body: `${seedRecord().body}\n${'SN1 (1%) was discussed. '.repeat(8000)}` });
      const parsed = await pool.parse(record.body);
      const d = await governance.decide(record, now, [], parsed);
      expect(d.outcome).toBe('rejected');
      expect(d.problems.map((p) => p.code)).toContain(RULE_CODES.parse);
      expect(d.reasons.join('\n')).toMatch(/the parser exceeded its time budget of 1 ms; the body was not read/);
      expect((await plans.decision(record.id))?.reasons).toEqual(d.reasons);
      expect(await governance.isDecided(record.id)).toBe(true);
    } finally {
      await pool.close();
      await db.close();
    }
  }, 60_000);
});
