import fs from 'node:fs';
import type { AuditLog, AuditAnchor } from '../store/audit';
import { canonicalJson } from '../store/canonical-json';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';
import { withApp } from '../app/open';

/** Entries read per query by `audit export`. */
const EXPORT_PAGE = 1000;

function withAudit<T>(io: CliIo, fn: (audit: AuditLog) => Promise<T>): Promise<T> {
  // Inspection only: read-only, so it works on a data dir this user cannot write.
  return withApp(requireConfig(io), { mode: 'read' }, (app) => fn(app.audit));
}

function parseAnchor(text: string): AuditAnchor {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text);
  if (!m) throw new CliExit(EXIT.usage, `--anchor must be SEQ:HASH (a number, a colon, 64 hex digits), got "${text}"`);
  return { seq: Number(m[1]), hash: m[2]! };
}

export const registerAudit: Register = (program, io) => {
  const audit = program
    .command('audit')
    .description('check or export the tamper-evident audit trail (every decision, ops action and ledger write, hash-chained)');
  audit
    .command('verify')
    .description('walk the hash chain from the first entry; exit 1 naming the first broken link')
    .option(
      '--anchor <seq:hash>',
      'also require entry SEQ to still have HASH (a head printed earlier and kept elsewhere); catches removed newest entries',
    )
    .addHelpText('after', '\nPrints the head (seq:hash) on success: keep it outside this machine and pass it back with --anchor later.')
    .action(async (opts: { anchor?: string }) => {
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      const { verdict, head, kinds } = await withAudit(io, async (a) => ({
        verdict: await a.verify(anchor),
        head: await a.head(),
        kinds: await a.countByAction(),
      }));
      if (!verdict.ok) throw new CliExit(EXIT.invalid, `audit trail broken at entry ${verdict.brokenAt}: ${verdict.reason}`);
      io.stdout(
        `audit trail intact: ${verdict.count} ${verdict.count === 1 ? 'entry' : 'entries'}${head ? `, head ${head.seq}:${head.hash}` : ''}\n`,
      );
      for (const k of kinds) io.stdout(`  ${String(k.count).padStart(6)}  ${k.action}\n`);
    });
  audit
    .command('export')
    .description('write every audit entry as one JSON object per line (to stdout, or --out FILE)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const count = await withAudit(io, async (a) => {
        let n = 0;
        const fd = opts.out === undefined ? null : fs.openSync(opts.out, 'w');
        try {
          // Page by page, oldest first: a long trail streams, and the log only ever grows at its end.
          for (let cursor: number | null = 0; cursor !== null;) {
            const { entries, nextCursor }: Awaited<ReturnType<AuditLog['page']>> = await a.page(cursor, EXPORT_PAGE);
            for (const entry of entries) {
              const line = canonicalJson(entry);
              if (fd === null) io.stdout(line + '\n');
              else fs.writeSync(fd, line + '\n');
              n += 1;
            }
            cursor = nextCursor;
          }
        } finally {
          if (fd !== null) fs.closeSync(fd);
        }
        return n;
      });
      if (opts.out !== undefined) io.stderr(`wrote ${count} audit entries to ${opts.out}\n`);
    });
};
