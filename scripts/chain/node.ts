/**
 * Starts a chopsticks node on the dev runtime: `npm run chain:dev` by hand, and the child
 * process every chain test file starts. Prints one machine-readable ready line on stdout.
 */
import { defaultCacheDir, locateChainspecSync, rawSpecPath } from './spec';
import { ensureRawSpec } from './raw';

export const READY_PREFIX = 'GOVBRIDGE_CHAIN_READY ';

interface Chopsticks {
  setupWithServer(argv: Record<string, unknown>): Promise<{ addr: string; close(): Promise<void>; chain: { head: { hash: string } } }>;
}

export interface NodeOptions {
  rawPath: string;
  port: number;
  /** `Instant` builds a block per submitted extrinsic; `Manual` waits for dev_newBlock. */
  buildBlockMode: 'Instant' | 'Batch' | 'Manual';
}

export async function startNode(opts: NodeOptions): Promise<{ url: string; close(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cs = require('@acala-network/chopsticks') as Chopsticks;
  const ctx = await cs.setupWithServer({
    genesis: opts.rawPath,
    port: opts.port,
    host: '127.0.0.1',
    'build-block-mode': opts.buildBlockMode,
    'allow-unresolved-imports': true,
    'runtime-log-level': 0,
  });
  return { url: `ws://${ctx.addr}`, close: () => ctx.close() };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `chain:dev [--spec FILE] [--port N] [--mode Instant|Batch|Manual]` */
export async function main(argv: string[]): Promise<void> {
  const cacheDir = defaultCacheDir(process.env.GOVBRIDGE_CACHE_DIR);
  const found = locateChainspecSync({
    explicitPath: arg(argv, 'spec') ?? process.env.GOVBRIDGE_CHAINSPEC,
    cacheDir,
    download: true,
    downloadTimeoutMs: 5000,
  });
  if (!found.ok) {
    process.stderr.write(`chain:dev: ${found.why}\n`);
    process.exit(1);
  }
  const raw = await ensureRawSpec(found.path, rawSpecPath(found.path, cacheDir));
  const mode = (arg(argv, 'mode') ?? 'Instant') as NodeOptions['buildBlockMode'];
  const node = await startNode({ rawPath: raw, port: Number(arg(argv, 'port') ?? 9944), buildBlockMode: mode });
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ url: node.url, spec: found.path, raw })}\n`);
  const stop = (): void => void node.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The test harness talks to us over stdin: when it closes (the harness died), we stop too.
  if (argv.includes('--exit-with-stdin')) process.stdin.on('end', stop).resume();
}
