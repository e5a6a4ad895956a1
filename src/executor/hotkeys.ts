import { placeholderHotkey } from '../chain/sim/addresses';

/**
 * The hotkey per netuid from `config.chain.hotkeys`. On the dry-run chain a netuid without one
 * gets a deterministic placeholder so the demo runs unconfigured; on a real chain a missing
 * hotkey is null and the plan waits for it to be configured.
 */
export function hotkeyResolver(configured: Record<string, string>, chainKind: 'dry-run' | 'subtensor'): (netuid: number) => string | null {
  return (netuid) => configured[String(netuid)] ?? (chainKind === 'dry-run' ? placeholderHotkey(netuid) : null);
}
