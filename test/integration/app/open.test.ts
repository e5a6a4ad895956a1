/**
 * The composition root over a real SQLite file: each mode opens the store once and closes it on
 * every path; what a test changes (prices, the time) goes in through the options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApp, withApp } from '../../../src/app/open';
import { serviceReadiness } from '../../../src/app/readiness';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import { openDb } from '../../../src/store/db';
import { PlanStore } from '../../../src/store/plans';
import { tempDir, testEnv } from '../../helpers/tmp';
import { threeLinePlan } from '../../helpers/three-line-plan';

const dir = tempDir();
const T0 = new Date('2025-02-14T00:00:00Z');
let n = 0;

function config(): Config {
  const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: path.join(dir, `app-${++n}`) }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

const walOf = (cfg: Config) => path.join(cfg.dataDir, 'govbridge.sqlite-wal');

async function withOnePlan(cfg: Config): Promise<void> {
  await withApp(cfg, { mode: 'store' }, async ({ db }) => {
    await new PlanStore(db).insertPlan(
      {
        id: 'p1',
        space: 'rokonetwork.eth',
        title: 'seed',
        state: 'accepted',
        plan: threeLinePlan,
        cadence: 'P1W',
        proposalEnd: 1739491200,
        acceptedAt: null,
      },
      T0,
    );
  });
}

describe('openApp', () => {
  it('read mode: the store read-only, prices from the ledger, said so', async () => {
    const cfg = config();
    await withOnePlan(cfg);
    await withApp(cfg, { mode: 'read' }, async (app) => {
      expect((await app.read.plans()).map((p) => p.id)).toEqual(['p1']);
      expect(app.priceNote).toMatch(/last ones recorded in the ledger/);
      await expect(app.prices.alphaPrice(51)).rejects.toThrow('no price recorded in the ledger yet');
      await expect(new PlanStore(app.db).setState('p1', 'accepted', 'rejected', T0)).rejects.toThrow();
    });
  });

  it('read mode: a caller gives its own prices and time through the options', async () => {
    const cfg = config();
    await withOnePlan(cfg);
    const at = new Date('2025-03-01T00:00:00Z');
    const opts = { mode: 'read', prices: { alphaPrice: () => Promise.resolve(7n) }, now: () => Promise.resolve(at) } as const;
    await withApp(cfg, opts, async (app) => {
      expect(await app.prices.alphaPrice(51)).toBe(7n);
      expect(app.priceNote).toBeNull();
      expect(await app.now()).toEqual(at);
    });
  });

  it('withApp closes the store when the function throws', async () => {
    const cfg = config();
    await expect(
      withApp(cfg, { mode: 'store' }, () => {
        expect(fs.existsSync(walOf(cfg))).toBe(true);
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    // SQLite removes the WAL file when its last connection closes.
    expect(fs.existsSync(walOf(cfg))).toBe(false);
    const db = await openDb(path.join(cfg.dataDir, 'govbridge.sqlite'));
    await db.close();
  });

  it('a store that cannot be opened fails the start with the reason', async () => {
    const cfg = config();
    fs.writeFileSync(path.join(dir, 'not-a-dir'), 'a file where the data dir should be');
    await expect(openApp({ ...cfg, dataDir: path.join(dir, 'not-a-dir') }, { mode: 'service', schedule: false })).rejects.toThrow(
      /data directory .*not-a-dir is not writable/,
    );
  });

  it('/ready says jobs: false until the service has scheduled its jobs', async () => {
    const cfg = config();
    let started = false;
    await withApp(cfg, { mode: 'tick' }, async ({ components }) => {
      const jobs = serviceReadiness(cfg, components, () => started).find((c) => c.name === 'jobs')!;
      expect(await jobs.check()).toBe(false);
      started = true;
      expect(await jobs.check()).toBe(true);
    });
  });
});
