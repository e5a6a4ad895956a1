/**
 * The outcome of a refused ledger row as a code: `outcome_code` holds what the executor
 * decides from (`ledger.not-included` is retried freely), so that rewording a reason never changes
 * a decision. Rows written before it get their code from their reason, as the release that wrote
 * them worded it: `NotIncluded: …` is a tx that never landed, `Name: …` or `not signed: Name: …` a
 * refusal the chain named, anything else a refusal without a name.
 *
 * The fencing trigger of migration 12 would refuse the backfill once a lease exists (old rows
 * carry the tokens of former leaders), so it is dropped for the backfill and created again, the
 * same text, in the same transaction.
 */
const head = (text: string): string => `substr(${text}, 1, instr(${text}, ':') - 1)`;
const isName = (text: string): string =>
  `instr(${text}, ':') > 1 AND ${head(text)} GLOB '[A-Za-z]*' AND ${head(text)} NOT GLOB '*[^A-Za-z0-9_.]*'`;
const REFUSED = `status IN ('failed', 'skipped') AND reason IS NOT NULL`;
const SIGNED = `substr(reason, 13)`;

export default `
ALTER TABLE ledger ADD COLUMN outcome_code TEXT;

DROP TRIGGER ledger_fence_update;
UPDATE ledger SET outcome_code = 'ledger.refused' WHERE status IN ('failed', 'skipped');
UPDATE ledger SET outcome_code = 'chain.' || ${head('reason')} WHERE ${REFUSED} AND ${isName('reason')};
UPDATE ledger SET outcome_code = 'chain.' || ${head(SIGNED)}
  WHERE ${REFUSED} AND substr(reason, 1, 12) = 'not signed: ' AND ${isName(SIGNED)};
UPDATE ledger SET outcome_code = 'ledger.not-included' WHERE ${REFUSED} AND substr(reason, 1, 12) = 'NotIncluded:';
CREATE TRIGGER ledger_fence_update BEFORE UPDATE ON ledger
WHEN EXISTS (SELECT 1 FROM leases WHERE name = 'executor')
  AND NEW.fence_token IS NOT (SELECT token FROM leases WHERE name = 'executor')
BEGIN SELECT RAISE(ABORT, 'fenced: this writer does not hold the current executor lease'); END;
`;
