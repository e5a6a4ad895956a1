import winston from 'winston';

export type Logger = winston.Logger;

export interface LogOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  format: 'auto' | 'json' | 'pretty';
  /** Under test the logger is silent unless GOVBRIDGE_TEST_LOGS asks for output. */
  silent?: boolean;
  stream?: NodeJS.WritableStream;
}

/** Keys whose values are never written to a log line, wherever they appear. */
const SECRET_FIELDS = new Set(['signerSeed', 'hubApiKey', 'seed', 'mnemonic', 'secret', 'apiKey', 'x-api-key']);

const redact = winston.format((info) => {
  for (const k of Object.keys(info)) if (SECRET_FIELDS.has(k)) info[k] = '[redacted]';
  return info;
});

/** Every line names its module; lines from the root logger say `main`. */
const moduleField = winston.format((info) => {
  info.module ??= 'main';
  return info;
});

const bigintSafe = winston.format((info) => {
  for (const [k, v] of Object.entries(info)) if (typeof v === 'bigint') info[k] = v.toString();
  return info;
});

/** One root logger; every module takes a child with its `module` field. */
export function createLogger(opts: LogOptions): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && Boolean(process.stdout.isTTY));
  const format = winston.format.combine(
    redact(),
    moduleField(),
    bigintSafe(),
    winston.format.timestamp(),
    pretty
      ? winston.format.printf(({ timestamp, level, module, message, ...rest }) => {
          const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
          return `${String(timestamp)} ${level.padEnd(5)} [${typeof module === 'string' ? module : 'main'}] ${String(message)}${extra}`;
        })
      : winston.format.json(),
  );
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] });
  return winston.createLogger({
    level: opts.level === 'silent' ? 'error' : opts.level,
    silent: opts.silent || opts.level === 'silent',
    format,
    transports: [transport],
  });
}

/** A logger for tests: silent unless the caller asks for output (GOVBRIDGE_TEST_LOGS=1 in tests). */
export function quietLogger(verbose = false): Logger {
  return createLogger({ level: 'debug', format: 'json', silent: !verbose });
}
