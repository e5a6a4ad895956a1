import fs from 'node:fs';
import { parseProposal } from '../src/domain/parse';
import { quietLogger } from '../src/log';
import { BUNDLED_ORIGINALS_DIR } from '../src/sources/authenticity';
import { BundledOriginals } from '../src/sources/authenticity/gateway';
import { AuthenticityVerifier } from '../src/sources/authenticity/verify';
import { FixturesSource } from '../src/sources/fixtures';
import { row, type BenchRow } from './row';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeMs(runs: number, f: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/**
 * What checking one record against its author-signed original costs (bundled envelope read
 * from disk, CID digest, EIP-712 digest, signature recovery, field comparison), compared with
 * parsing the same body: the check runs once per proposal the rules would execute.
 */
export async function benchAuthenticity(): Promise<BenchRow[]> {
  const [record] = (await new FixturesSource().closedSince('rokonetwork.eth', { end: 0, ids: [] })).records;
  if (!record) throw new Error('bundled fixture missing');
  const verifier = new AuthenticityVerifier(new BundledOriginals(BUNDLED_ORIGINALS_DIR), quietLogger());
  const check = await verifier.check(record);
  if (check.status !== 'verified') throw new Error(`bundled fixture does not verify: ${check.status}`);
  const envelopeBytes = fs.statSync(`${BUNDLED_ORIGINALS_DIR}/${record.ipfs}.json`).size;
  const verify = await timeMs(30, () => verifier.check(record));
  const parse = await timeMs(30, () => parseProposal(record.body));
  return [row('authenticity.check.median', verify, 'ms', parse, `parsing the same body; envelope ${envelopeBytes} bytes`)];
}
