import type { Migration } from '../migration';
import core from './001_core';
import sources from './002_sources';
import plans from './003_plans';
import ledger from './004_ledger';
import audit from './005_audit';
import health from './009_health';
import authenticity from './016_authenticity';
import lease from './012_lease';
import outcome from './017_outcome';

/**
 * Versioned migrations, applied in order at start inside one transaction each. A migration is
 * never edited once released: a change is a new entry. Numbers are reserved per concept so that
 * parallel work does not collide: 001 core, 002 sources, 003 plans and lifecycle, 004 ledger, 005 audit,
 * 009 the readiness probe, 012 executor lease, fencing and the dry-run world, 016 authenticity of
 * proposal bodies, 017 ledger outcome codes (gaps are fine: pending versions are applied in order).
 */
export const migrations: Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'sources', sql: sources },
  { version: 3, name: 'plans', sql: plans },
  { version: 4, name: 'ledger', sql: ledger },
  { version: 5, name: 'audit', sql: audit },
  { version: 9, name: 'health', sql: health },
  { version: 16, name: 'authenticity', sql: authenticity },
  { version: 12, name: 'lease', sql: lease },
  { version: 17, name: 'ledger-outcome', sql: outcome },
];
