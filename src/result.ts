/** Results that may fail are values, not exceptions. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; errors: E[] };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E = string>(...errors: E[]): { ok: false; errors: E[] } => ({ ok: false, errors });
