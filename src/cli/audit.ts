import fs from 'node:fs';
import { dbFile } from '../config/load';
import { AuditLog, type AuditAnchor } from '../store/audit';
import { openDbReadOnly } from '../store/readonly';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';

function withAudit<T>(io: CliIo, fn: (audit: AuditLog) => T): T {
  // Inspection only: read-only, so it works on a data dir this user cannot write.
  const db = openDbReadOnly(dbFile(requireConfig(io)));
  try {
    return fn(new AuditLog(db));
  } finally {
    db.close();
  }
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
    .action((opts: { anchor?: string }) => {
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      const { verdict, head, kinds } = withAudit(io, (a) => ({ verdict: a.verify(anchor), head: a.head(), kinds: a.countByAction() }));
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
    .action((opts: { out?: string }) => {
      const count = withAudit(io, (a) => {
        let n = 0;
        const fd = opts.out === undefined ? null : fs.openSync(opts.out, 'w');
        try {
          for (const line of a.exportLines()) {
            if (fd === null) io.stdout(line + '\n');
            else fs.writeSync(fd, line + '\n');
            n += 1;
          }
        } finally {
          if (fd !== null) fs.closeSync(fd);
        }
        return n;
      });
      if (opts.out !== undefined) io.stderr(`wrote ${count} audit entries to ${opts.out}\n`);
    });
};
