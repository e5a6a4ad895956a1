export { DryRunChain, createDryRunChain, BLOCK_MS } from './dry-run-chain';
export type { DryRunOptions, DryRunPoolSpec } from './options';
export { placeholderAddress, placeholderHotkey } from './addresses';
export type { TradeRecord } from './ledger-state';
