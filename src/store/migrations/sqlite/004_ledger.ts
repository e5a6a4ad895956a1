/**
 * The execution ledger: one row per action sent (or refused) for a plan. A row is written as
 * `submitting`, with the signed transaction's identity, BEFORE the transaction is sent, so a
 * crash at any instant leaves a trace that start-up reconciles from the chain. Amounts are
 * decimal strings of RAO (or alpha units) because SQLite integers cannot hold every bigint.
 */
export default `
CREATE TABLE ledger (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id       TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('phase1', 'tranche')),
  netuid        INTEGER NOT NULL,
  tranche_index INTEGER NOT NULL,
  action        TEXT NOT NULL CHECK (action IN ('addStakeLimit', 'addStake', 'removeStake', 'removeStakeLimit')),
  hotkey        TEXT NOT NULL,
  amount        TEXT NOT NULL,
  price         TEXT,
  limit_price   TEXT,
  status        TEXT NOT NULL CHECK (status IN ('submitting', 'in-block', 'finalized', 'failed', 'skipped')),
  reason        TEXT,
  tx_hash       TEXT,
  call_hash     TEXT,
  signer        TEXT,
  nonce         INTEGER,
  era_block     INTEGER,
  valid_until   INTEGER,
  action_index  INTEGER,
  block_number  INTEGER,
  block_hash    TEXT,
  tao_rao       TEXT,
  alpha         TEXT,
  fee_rao       TEXT,
  tx_fee_rao    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX ledger_plan_netuid ON ledger (plan_id, netuid, tranche_index);
CREATE INDEX ledger_status ON ledger (status);
CREATE INDEX ledger_tx ON ledger (tx_hash);
`;
