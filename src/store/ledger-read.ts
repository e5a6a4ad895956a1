import type { Selectable } from 'kysely';
import type { Db, Schema } from './db';
import type { StakeAction } from '../chain/port';
import { COMMITTED } from './ledger-row';
import type { LedgerKind, LedgerProgress, LedgerRow, LedgerStatus } from './ledger-row';

type Raw = Selectable<Schema['ledger']>;

// The drivers already give numbers and strings as the schema says; the conversions stay so that
// a row written by an older release (an integer stored where text is expected) still reads.
const big = (v: string | number | null): bigint | null => (v === null ? null : BigInt(v));
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const str = (v: string | number | null): string | null => (v === null ? null : String(v));

/** One stored row as the ledger's callers see it: amounts as bigint, never a float. */
export function fromRaw(r: Raw): LedgerRow {
  return {
    id: Number(r.id),
    planId: String(r.plan_id),
    kind: r.kind as LedgerKind,
    netuid: Number(r.netuid),
    trancheIndex: Number(r.tranche_index),
    action: r.action as StakeAction['kind'],
    hotkey: String(r.hotkey),
    amount: BigInt(r.amount),
    price: big(r.price),
    limitPrice: big(r.limit_price),
    status: r.status as LedgerStatus,
    reason: str(r.reason),
    outcomeCode: str(r.outcome_code),
    txHash: str(r.tx_hash),
    callHash: str(r.call_hash),
    signer: str(r.signer),
    nonce: num(r.nonce),
    eraBlock: num(r.era_block),
    validUntil: num(r.valid_until),
    actionIndex: num(r.action_index),
    blockNumber: num(r.block_number),
    blockHash: str(r.block_hash),
    taoRao: big(r.tao_rao),
    alpha: big(r.alpha),
    feeRao: big(r.fee_rao),
    txFeeRao: big(r.tx_fee_rao),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

/**
 * The queries of the execution ledger, the same text on SQLite and PostgreSQL. Inside a ledger
 * write they run on that write's transaction (the store's `q` joins it), so what a write reads
 * back is what it wrote.
 */
export class LedgerReader {
  constructor(protected readonly db: Db) {}

  protected async byId(id: number): Promise<LedgerRow> {
    return fromRaw(await this.db.q.selectFrom('ledger').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  async byTx(txHash: string): Promise<LedgerRow[]> {
    const rows = await this.db.q.selectFrom('ledger').selectAll().where('tx_hash', '=', txHash).orderBy('action_index').execute();
    return rows.map(fromRaw);
  }

  /** Rows whose fate the chain has not settled yet: reconciled before anything new is sent. */
  async unsettled(): Promise<LedgerRow[]> {
    const rows = await this.db.q.selectFrom('ledger').selectAll().where('status', 'in', ['submitting', 'in-block']).orderBy('id').execute();
    return rows.map(fromRaw);
  }

  /** Every plan id with ledger rows. */
  async planIds(): Promise<string[]> {
    const rows = await this.db.q.selectFrom('ledger').select('plan_id').distinct().execute();
    return rows.map((r) => r.plan_id);
  }

  async forPlan(planId: string): Promise<LedgerRow[]> {
    const rows = await this.db.q.selectFrom('ledger').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
    return rows.map(fromRaw);
  }

  /**
   * The few columns the executor decides from, for every row of a plan: cheap on every tick. A
   * row's fate is read from its outcome code, never from the words of its reason.
   */
  async progress(planId: string): Promise<LedgerProgress[]> {
    const rows = await this.db.q
      .selectFrom('ledger')
      .select(['kind', 'netuid', 'tranche_index', 'status', 'amount', 'outcome_code'])
      .where('plan_id', '=', planId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      kind: r.kind as LedgerKind,
      netuid: Number(r.netuid),
      trancheIndex: Number(r.tranche_index),
      status: r.status as LedgerStatus,
      amount: BigInt(r.amount),
      outcomeCode: r.outcome_code,
    }));
  }

  /**
   * RAO of tranches sent since `since` (any plan) that landed or may still land. The sum is made
   * here over the exact decimal strings: SQLite would add TEXT amounts as floats and lose RAO.
   */
  async committedSince(since: Date): Promise<bigint> {
    const rows = await this.db.q
      .selectFrom('ledger')
      .select('amount')
      .where('kind', '=', 'tranche')
      .where('status', 'in', COMMITTED)
      .where('created_at', '>=', since.toISOString())
      .execute();
    return rows.reduce((s, r) => s + BigInt(r.amount), 0n);
  }

  /** The last `limit` prices recorded for a subnet's tranches, newest first. */
  async recentPrices(netuid: number, limit: number): Promise<bigint[]> {
    const rows = await this.db.q
      .selectFrom('ledger')
      .select('price')
      .where('kind', '=', 'tranche')
      .where('netuid', '=', netuid)
      .where('price', 'is not', null)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => BigInt(r.price!));
  }
}
