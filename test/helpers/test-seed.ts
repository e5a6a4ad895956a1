/**
 * The seed of a randomised test: GOVBRIDGE_TEST_SEED when set (to replay a run), else a new one.
 * A bad value is an error rather than a silent new seed, so a replay never tests something else.
 */
export function testSeed(env: NodeJS.ProcessEnv = process.env, now = Date.now()): number {
  const given = env.GOVBRIDGE_TEST_SEED;
  if (given === undefined || given === '') return now % 2_147_483_647;
  if (!/^\d{1,10}$/.test(given) || Number(given) >= 2_147_483_647) {
    throw new Error(`GOVBRIDGE_TEST_SEED must be a whole number below 2147483647, got ${JSON.stringify(given)}`);
  }
  return Number(given);
}
