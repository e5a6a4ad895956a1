/**
 * The codes a refused ledger row ends with, in `outcome_code`. The executor decides from these,
 * never from the reason's words: a row coded `ledger.not-included` never reached a block and is
 * retried without using up a tranche's retries. A refusal the chain named is `chain.<its name>`
 * (`chain.SlippageTooHigh`), the name spelled as the chain spells it.
 */
export const OUTCOME = {
  /** The tx can never land (its era expired, or another tx took its nonce): no one refused it. */
  notIncluded: 'ledger.not-included',
  /** A refusal without a chain's name for it. */
  refused: 'ledger.refused',
} as const;

/** The family of refusals the chain named. */
export const CHAIN_OUTCOME = 'chain.';

/** The outcome code of a refusal the chain named `name`. */
export const chainOutcome = (name: string): string => `${CHAIN_OUTCOME}${name}`;
