import type { Migration } from '../migration';
import { core, sources, plans, ledger, audit, health } from './base';
import { lease, authenticity, outcome } from './later';

/**
 * The PostgreSQL schema, version for version the same tables as the SQLite migrations (see
 * ../sqlite/index.ts for why numbers have gaps). Types differ where the dialects do: amounts are
 * NUMERIC(39,0), ids identities, Unix ms BIGINT, and the append-only and fencing rules are
 * PL/pgSQL triggers that raise the same messages as SQLite's.
 */
export const migrations: Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'sources', sql: sources },
  { version: 3, name: 'plans', sql: plans },
  { version: 4, name: 'ledger', sql: ledger },
  { version: 5, name: 'audit', sql: audit },
  { version: 9, name: 'health', sql: health },
  { version: 12, name: 'lease', sql: lease },
  { version: 16, name: 'authenticity', sql: authenticity },
  { version: 17, name: 'ledger-outcome', sql: outcome },
];
