import { z } from 'zod';
import cron from 'node-cron';
import { checkNoDevKeysOnLiveChain, checkOpsKeys, listenHost, trustProxy, webhookEvent } from './checks';

/** A non-negative integer amount of RAO written as a decimal string, read as bigint. */
export const raoString = z
  .string()
  .regex(/^\d{1,30}$/, 'a whole number of RAO as a decimal string, e.g. "1000000000" for 1 TAO')
  .transform((s) => BigInt(s));

/** A decimal fraction written as a string ("0.02"), kept as text so no float touches money. */
export const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal number as a string, e.g. "0.02"');

/**
 * A cron expression as node-cron reads it, checked when the configuration is loaded: an invalid one
 * would otherwise surface only after the HTTP server listens, leaving a service that looks ready but
 * never polls or ticks.
 */
const cronExpression = z
  .string()
  .min(1)
  .refine(
    (s) => cron.validate(s),
    'a cron expression node-cron accepts, e.g. "*/5 * * * *" (minute hour day month weekday, optional seconds first)',
  );

const isoDuration = z.string().regex(/^P(\d+[YMWD])+$/, 'an ISO 8601 duration such as P1D or P1W');
const ss58 = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}$/, 'an SS58 address');

const webhook = z.strictObject({
  url: z.string().url(),
  events: z.array(webhookEvent).min(1).default(['*']),
  format: z.enum(['generic', 'slack', 'discord']).default('generic'),
});

const opsKey = z.strictObject({
  /** Shown as the actor (`ops:NAME`) in the audit trail. */
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, '1–64 characters of letters, digits, . _ @ -'),
  /** Public key (hex, 32 bytes) or SS58 address. */
  publicKey: z.string().min(1),
  type: z.enum(['sr25519', 'ed25519']),
});

export const configSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535),
    host: listenHost,
    http: z.strictObject({ trustProxy }),
    dataDir: z.string().min(1),
    /**
     * The store: PostgreSQL when `url` (or DATABASE_URL) names a database, else the SQLite file in
     * dataDir. Several processes may share either; one of them holds the executor lease.
     */
    store: z
      .strictObject({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\/\S+$/i, 'a postgres:// or postgresql:// URL')
          .nullable()
          .default(null),
        poolSize: z.number().int().min(1).max(100).default(5),
      })
      .default({ url: null, poolSize: 5 }),
    logLevel: z.enum(['error', 'warn', 'info', 'debug', 'silent']),
    logFormat: z.enum(['auto', 'json', 'pretty']),
    shutdownTimeoutMs: z.number().int().positive(),
    space: z.string().min(1),
    source: z.strictObject({
      kind: z.enum(['snapshot', 'goverland', 'snapshot+goverland', 'fixtures']),
      hubUrl: z.string().url(),
      goverlandUrl: z.string().url(),
      pollCron: cronExpression,
      pageSize: z.number().int().min(1).max(1000),
      timeoutMs: z.number().int().positive(),
      maxRequestsPerMinute: z.number().int().min(1).max(100),
      maxRetries: z.number().int().min(0).max(20),
      /** IPFS gateways the author-signed originals are fetched from, tried in order. */
      ipfsGateways: z
        .array(
          z
            .string()
            .url()
            .regex(/^https?:\/\//, 'an http(s) URL'),
        )
        .max(10),
      ipfsTimeoutMs: z.number().int().positive(),
    }),
    policy: z.strictObject({
      minQuorum: z.number().nonnegative(),
      minVotingPeriodSeconds: z.number().int().nonnegative(),
      approvalLabels: z.array(z.string()).min(1),
      emergencyApprovalNumerator: z.number().int().positive(),
      emergencyApprovalDenominator: z.number().int().positive(),
      /** A plan activates only once its hub record is verified against the author-signed original. */
      requireSignedBody: z.boolean(),
      /** How long after a vote ended a fresh store may still activate it by itself (ISO duration). */
      activationGrace: isoDuration,
      /** Largest total a plan may move, in RAO as a decimal string (default 21,000,000 TAO, the supply). */
      maxTotal: raoString.default(21_000_000_000_000_000n),
      /** Most allocations one plan may have. */
      maxAllocations: z.number().int().min(1).max(4096).default(64),
    }),
    /** The executor lease: one process polls and ticks, the others serve the API and stand by. */
    lease: z.strictObject({ ttlSeconds: z.number().positive().max(3600) }),
    /** Parsing of hub bodies runs in a worker thread with these budgets; a body over them is refused. */
    parser: z
      .strictObject({ timeBudgetMs: z.number().int().min(10).default(2000), memoryMb: z.number().int().min(16).default(128) })
      .default({ timeBudgetMs: 2000, memoryMb: 128 }),
    chain: z.strictObject({
      kind: z.enum(['dry-run', 'subtensor']),
      url: z.string().regex(/^wss?:\/\//, 'a ws:// or wss:// URL'),
      genesisHash: z
        .string()
        .regex(/^0x[0-9a-fA-F]{64}$/, 'a 0x-prefixed 32-byte hex hash')
        .nullable(),
      connectTimeoutMs: z.number().int().positive(),
      txTimeoutMs: z.number().int().positive(),
      authority: z.strictObject({
        mode: z.enum(['proxy', 'multisig', 'direct']),
        treasury: ss58.nullable(),
        otherSignatories: z.array(ss58),
        threshold: z.number().int().min(1),
        allowAnyProxy: z.boolean(),
      }),
      /** The simulated chain used when kind is dry-run: what the treasury holds at start. */
      dryRun: z.strictObject({
        seed: z.number().int().nonnegative(),
        treasuryRootStake: raoString,
        treasuryFree: raoString,
      }),
      /** Validator hotkey to stake to, per netuid ("0", "51", ...). */
      hotkeys: z.record(z.string().regex(/^\d{1,5}$/, 'a netuid'), ss58),
    }),
    executor: z.strictObject({
      cron: cronExpression,
      cadence: isoDuration,
      strategy: z.enum(['uniform', 'price-aware']),
      maxSlippage: decimalString,
      maxPriceRetries: z.number().int().min(0),
      priceAware: z.strictObject({ minFactor: decimalString, maxFactor: decimalString, window: z.number().int().min(1) }),
      caps: z.strictObject({ perTick: raoString, perDay: raoString }),
      /** A plan whose last N settled tranches all failed is shown failing and makes /ready 503. */
      failingAfter: z.number().int().min(1).max(1000),
      speed: z.number().positive().max(1_000_000),
    }),
    ops: z
      .strictObject({
        keys: z.array(opsKey),
        resumeThreshold: z.number().int().min(1),
        maxSkewSeconds: z.number().int().positive(),
        maxRefusalAuditsPerMinute: z.number().int().min(1).max(1000),
      })
      .superRefine(checkOpsKeys),
    notifications: z.strictObject({ webhooks: z.array(webhook) }),
    explorerUrl: z.string().url(),
    /** Filled from the environment only; never from a file. */
    secrets: z.strictObject({
      signerSeed: z.string().min(1).optional(),
      hubApiKey: z.string().min(1).optional(),
    }),
  })
  .superRefine((c, ctx) => checkNoDevKeysOnLiveChain(c.chain.kind, c.ops.keys, ctx));

export type Config = z.infer<typeof configSchema>;
