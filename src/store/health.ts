import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Db } from './db';

export { storeProblemOf, type StoreProblem, type StoreStatus } from './problem';
import { storeProblemOf, type StoreProblem, type StoreStatus } from './problem';

const OK: StoreStatus = { ok: true, problem: null, message: null };

/** The probe's pad on PostgreSQL, in bytes. */
const PG_PAD_BYTES = 16 * 1024;

/** Problems that do not heal while the process runs: only a restart on a sound file clears them. */
const LASTING: ReadonlySet<StoreProblem | null> = new Set(['file-deleted', 'file-replaced', 'corrupt']);

interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Whether the store can still be trusted with a write. `check` proves it the hard way each time.
 * On SQLite, the file at the configured path must still be the one opened (same device and
 * inode): a deleted or replaced file would take every later write into a file nobody reads again,
 * and a restart would forget tranches already sent. On both databases a probe row of two pages is
 * written, committed and read back, so a full disk or a server that went away fails here rather
 * than in the middle of a tranche. Errors the jobs or the HTTP routes meet (`observe`) mark the
 * store unhealthy until a check passes again; a deleted or replaced file, or corrupted pages, stay
 * unhealthy until the service is restarted.
 */
export class StoreHealth {
  private readonly file: string | null;
  private readonly identity: FileIdentity | null;
  private readonly padBytes: number;
  private last: StoreStatus = OK;

  constructor(
    private readonly db: Db,
    /** Told when the status changes; `via` says whether a check found it or a job's error did. */
    private readonly onChange: (status: StoreStatus, via: 'check' | 'observed') => void = () => {},
  ) {
    // PostgreSQL has no file of ours to watch, and an in-memory SQLite store has none either.
    this.file = db.file === ':memory:' ? null : db.file;
    this.identity = this.file === null ? null : identityOf(this.file);
    // A pad of two pages makes the probe need fresh pages, as a tranche's rows would: two SQLite
    // pages, or 16 KiB (two 8 KiB pages) on PostgreSQL.
    this.padBytes = db.sqlite ? 2 * Number(db.sqlite.pragma('page_size', { simple: true })) : PG_PAD_BYTES;
  }

  /** The last known status, without touching the file. */
  status(): StoreStatus {
    return this.last;
  }

  healthy(): boolean {
    return this.last.ok;
  }

  /** Checks file identity and a write-and-read probe now; the result is also kept for `status`. */
  async check(now: Date): Promise<StoreStatus> {
    if (LASTING.has(this.last.problem)) return this.last;
    return this.set(await this.probe(now), 'check');
  }

  /** A store error met elsewhere (disk full in a ledger write, a corrupt page read by a route). */
  observe(problem: StoreProblem, message: string): void {
    if (LASTING.has(this.last.problem)) return;
    this.set({ ok: false, problem, message }, 'observed');
  }

  private async probe(now: Date): Promise<StoreStatus> {
    if (!this.db.open) return { ok: false, problem: 'closed', message: 'the database connection is closed' };
    if (this.file !== null && this.identity) {
      const seen = identityOf(this.file);
      if (seen === null) return { ok: false, problem: 'file-deleted', message: `the database file ${this.file} was deleted while open` };
      if (seen.dev !== this.identity.dev || seen.ino !== this.identity.ino) {
        return { ok: false, problem: 'file-replaced', message: `the database file ${this.file} was replaced by another file while open` };
      }
    }
    const token = randomBytes(8).toString('hex');
    // The pad is random rather than zeros because PostgreSQL compresses a large value before it
    // stores it, and zeros would shrink to nothing; SQLite stores either as it is.
    try {
      await this.db.tx(async () => {
        const { id } = await this.db.q
          .insertInto('health_probe')
          .values({ token, at: now.toISOString(), pad: randomBytes(this.padBytes) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.db.q.deleteFrom('health_probe').where('id', '<', id).execute();
      });
      const row = await this.db.q.selectFrom('health_probe').select('token').orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (row?.token !== token)
        return { ok: false, problem: 'probe-mismatch', message: 'the probe row read back is not the one just written' };
      return OK;
    } catch (e) {
      return { ok: false, problem: storeProblemOf(e) ?? 'other', message: (e as Error).message };
    }
  }

  private set(s: StoreStatus, via: 'check' | 'observed'): StoreStatus {
    const changed = s.ok !== this.last.ok || s.problem !== this.last.problem;
    this.last = s;
    if (changed) this.onChange(s, via);
    return s;
  }
}

function identityOf(file: string): FileIdentity | null {
  try {
    const st = fs.statSync(file);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}
