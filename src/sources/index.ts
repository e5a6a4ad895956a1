import type { Config } from '../config/schema';
import type { Logger } from '../log';
import { FallbackSource } from './fallback';
import { FixturesSource } from './fixtures';
import { GoverlandSource } from './goverland';
import type { PolitenessOptions } from './polite';
import { SnapshotSource } from './snapshot';
import type { ProposalSource } from './types';

export type { ProposalSource, Cursor, Page } from './types';
export { Poller, type PollReport, type OnProposal, type HandedOn, type ProcessedLine } from './poller';

/**
 * Builds the configured source: the hub, Goverland, the hub with Goverland as fallback and
 * cross-check, or the bundled fixtures. `tuning` adjusts backoff and breaker timings (tests).
 */
export function createSource(config: Config, log: Logger, tuning: Partial<PolitenessOptions> = {}): ProposalSource {
  const s = config.source;
  const polite: PolitenessOptions = {
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
    maxRequestsPerMinute: s.maxRequestsPerMinute,
    ...tuning,
  };
  const hub = (): SnapshotSource =>
    new SnapshotSource({ ...polite, hubUrl: s.hubUrl, pageSize: s.pageSize, apiKey: config.secrets.hubApiKey }, log);
  const goverland = (): GoverlandSource => new GoverlandSource({ ...polite, baseUrl: s.goverlandUrl, pageSize: s.pageSize }, log);
  switch (s.kind) {
    case 'snapshot':
      return hub();
    case 'goverland':
      return goverland();
    case 'snapshot+goverland':
      return new FallbackSource(hub(), goverland(), log);
    case 'fixtures':
      return new FixturesSource();
  }
}
