/**
 * Loads the fixtures that scripts/chain/record-fixtures.ts recorded from the subtensor dev
 * runtime (test/fixtures/chain/), and replays them as the adapter's ChainView: the blocks as the
 * node served them and the metadata's names for the module errors they mention.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BlockView, ChainView } from '../../../src/chain/subtensor/blocks';
import type { ErrorNamer, ModuleErrorMeta } from '../../../src/chain/subtensor/wire';

const DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'chain');

export interface RecordedAction {
  kind: string;
  hotkey: string;
  netuid: number;
  amountRao: string;
}

/** One extrinsic sent and followed: statuses as `toJSON()`, its block, or the pool's refusal. */
export interface RecordedSend {
  txHash: string;
  statuses: unknown[];
  submitError?: string;
  block?: BlockView;
}

export interface Scenario extends RecordedSend {
  scenario: string;
  treasury: string;
  govbridge: string;
  actions: RecordedAction[];
  moduleErrors: Record<string, ModuleErrorMeta>;
}

export function load<T = Scenario>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as T;
}

/** The recorded metadata names; an error the recording did not name is a fixture bug, said so. */
export function namer(table: Record<string, ModuleErrorMeta>): ErrorNamer {
  return (pallet, error) => {
    const meta = table[`${pallet}:${error}`];
    if (!meta) throw new Error(`no recorded name for module error ${pallet}:${error}`);
    return meta;
  };
}

/** The block of a scenario; failing loudly when the recording has none. */
export function blockOf(s: RecordedSend): BlockView {
  if (!s.block) throw new Error(`recording of ${s.txHash} has no block`);
  return s.block;
}

export interface ReplayedView extends ChainView {
  /** Block numbers whose hash was asked for, in order. */
  readonly asked: number[];
}

/**
 * The chain as it stood at block `at`: later blocks do not exist yet, the nonce is the one
 * recorded at `at`, and `finalized` is capped at `at`.
 */
export function viewAt(blocks: (BlockView & { signerNonce?: number })[], names: ErrorNamer, at: number, finalized = at): ReplayedView {
  const asked: number[] = [];
  const known = blocks.filter((b) => b.number <= at);
  const find = (pred: (b: BlockView) => boolean, what: string): BlockView & { signerNonce?: number } => {
    const b = known.find(pred);
    if (!b) throw new Error(`the replayed chain at #${at} has no block ${what}`);
    return b;
  };
  // Runs `f` now and answers with a promise that is rejected when `f` throws, as a failed read
  // of a live chain is: callers see a rejection, never a synchronous throw.
  const answer = <T>(f: () => T): Promise<T> => new Promise((resolve) => resolve(f()));
  return {
    names,
    asked,
    block: (hash) => answer(() => find((b) => b.hash === hash, hash)),
    blockHash: (n) =>
      answer(() => {
        asked.push(n);
        return find((b) => b.number === n, `#${n}`).hash;
      }),
    heads: () => Promise.resolve({ best: at, finalized: Math.min(finalized, at) }),
    nonce: () =>
      answer(() => {
        const n = find((b) => b.number === at, `#${at}`).signerNonce;
        if (n === undefined) throw new Error(`no nonce recorded at #${at}`);
        return n;
      }),
  };
}
