import fs from 'node:fs';
import { CliExit, EXIT, type CliIo } from './context';

/**
 * Reads a command's input file, or stdin when FILE is "-". Every command that takes a file reads
 * it here, so an unreadable one is the same usage error everywhere.
 */
export async function readInput(io: CliIo, file: string): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new CliExit(EXIT.usage, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with an explicit zone, for options such as --start. A time without a zone
 * would be read in the host's local time, so the same command would plan differently on two
 * machines: it is refused instead.
 */
export function parseInstant(option: string, text: string): Date {
  const d = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(d.getTime())) {
    throw new CliExit(EXIT.usage, `${option} "${text}" is not an ISO 8601 time with a zone, such as 2025-02-14T00:00:00Z`);
  }
  return d;
}
