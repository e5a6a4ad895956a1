/**
 * JSON for values that hold bigints (RAO, alpha, prices): each bigint is written as its decimal
 * string, the form the API, the CLI, webhooks and the audit trail all use. JSON.stringify alone
 * throws on a bigint, and a Number would lose RAO beyond 2^53.
 */
export const bigintAsString = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

export function toJsonText(body: unknown, indent?: number): string {
  return JSON.stringify(body, bigintAsString, indent);
}
