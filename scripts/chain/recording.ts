/**
 * What scripts/chain/record-fixtures.ts records with: send an extrinsic and keep its status
 * stream and block in the adapter's wire shapes, name the module errors it mentions from the
 * runtime's metadata, and write one small JSON file per scenario.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { apiChainView, type BlockView } from '../../src/chain/subtensor/blocks';
import type { Tx } from '../../src/chain/subtensor/metadata';
import { registryNamer, type ModuleErrorMeta } from '../../src/chain/subtensor/wire';

export interface Sent {
  txHash: string;
  statuses: unknown[];
  /** The message the submission rejected with, when the pool refused it. */
  submitError?: string;
  block?: BlockView;
}

export class Recorder {
  constructor(
    readonly api: ApiPromise,
    private readonly out: string,
  ) {}

  /** Every `{module: {index, error}}` in a JSON value, named by the runtime's metadata. */
  moduleErrors(json: unknown, into: Record<string, ModuleErrorMeta> = {}): Record<string, ModuleErrorMeta> {
    if (Array.isArray(json)) json.forEach((j) => this.moduleErrors(j, into));
    else if (json && typeof json === 'object') {
      const m = (json as { module?: { index: number; error: string } }).module;
      if (m && typeof m.index === 'number' && typeof m.error === 'string') {
        const e = parseInt(m.error.slice(2, 4), 16);
        into[`${m.index}:${e}`] = registryNamer(this.api.registry)(m.index, e);
      }
      Object.values(json).forEach((j) => this.moduleErrors(j, into));
    }
    return into;
  }

  write(name: string, value: unknown): void {
    fs.mkdirSync(this.out, { recursive: true });
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 1);
    fs.writeFileSync(path.join(this.out, `${name}.json`), `${text}\n`);
    process.stdout.write(`wrote ${name}.json (${text.length} bytes)\n`);
  }

  /**
   * Submits and collects the status stream (into `statuses`, so a caller can look while it
   * waits) until finalized, dropped or `waitMs`, then reads the block it landed in.
   */
  async send(tx: Tx, waitMs = 20_000, statuses: unknown[] = []): Promise<Sent> {
    const txHash = tx.hash.toHex();
    let blockHash: string | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        let timer = setTimeout(resolve, waitMs);
        this.api.rpc.author
          .submitAndWatchExtrinsic(tx, (s) => {
            statuses.push(s.toJSON());
            if (s.isInBlock) {
              blockHash = s.asInBlock.toHex();
              // Wait a little for finalization, which chopsticks may or may not announce.
              clearTimeout(timer);
              timer = setTimeout(resolve, 3_000);
            }
            if (s.isFinalized || s.isDropped || s.isInvalid || s.isUsurped) {
              clearTimeout(timer);
              resolve();
            }
          })
          .catch((e: unknown) => {
            clearTimeout(timer);
            reject(e instanceof Error ? e : new Error(String(e)));
          });
      });
    } catch (e) {
      return { txHash, statuses, submitError: (e as Error).message };
    }
    return { txHash, statuses, block: blockHash ? await apiChainView(this.api).block(blockHash) : undefined };
  }

  /** Sends `tx` and writes `name.json`: the note, `extra`, the stream, the block, the error names. */
  async scenario(name: string, note: string, tx: Tx, extra: Record<string, unknown> = {}): Promise<Sent> {
    const sent = await this.send(tx);
    this.write(name, { scenario: name, note, ...extra, ...sent, moduleErrors: this.moduleErrors(sent.block?.events ?? []) });
    return sent;
  }
}
