/** A short, stable label for metrics and alerts; the message carries the details. */
export type SourceErrorKind =
  'timeout' | 'http-429' | 'http-5xx' | 'http-4xx' | 'invalid-json' | 'network' | 'invalid-response' | 'circuit-open' | 'rate-limited';

/** Why a source could not answer; the poller logs it and retries on the next cycle. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    /** True when waiting and asking again may help (timeouts, 5xx, 429, broken bodies). */
    readonly retryable: boolean,
    /** Server-requested wait before the next attempt, from Retry-After or RateLimit-Reset. */
    readonly retryAfterMs: number | null = null,
    readonly kind: SourceErrorKind = 'invalid-response',
  ) {
    super(message);
  }
}

/** The circuit is open: the upstream failed repeatedly and is left alone for a while. */
export class CircuitOpenError extends SourceError {
  override name = 'CircuitOpenError';
  constructor(source: string, retryInMs: number) {
    super(`${source}: circuit open after repeated failures; next trial in ${Math.ceil(retryInMs / 1000)} s`, false, null, 'circuit-open');
  }
}

/**
 * Reads the server's requested wait from a 429/503: `Retry-After` (seconds or an HTTP date) or
 * `RateLimit-Reset` (seconds until the window resets). Null when neither is usable.
 */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | null {
  if (!headers) return null;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset !== null && reset.trim() !== '') {
    const secs = Number(reset);
    // Some servers send an absolute Unix time here; anything that large is read as one.
    if (Number.isFinite(secs) && secs >= 0) return secs > 1e9 ? Math.max(0, secs * 1000 - nowMs) : secs * 1000;
  }
  return null;
}

/** Classifies an HTTP status: 429 and 5xx are worth retrying, other 4xx are our mistake. */
export function statusError(source: string, status: number, headers: Headers | undefined, nowMs: number): SourceError {
  const retryable = status === 429 || status >= 500;
  const kind = status === 429 ? 'http-429' : status >= 500 ? 'http-5xx' : 'http-4xx';
  return new SourceError(`${source}: HTTP ${status}`, retryable, retryable ? retryAfterMs(headers, nowMs) : null, kind);
}

/** Turns anything thrown by fetch or a parser into a SourceError with the cause in words. */
export function toSourceError(source: string, e: unknown): SourceError {
  if (e instanceof SourceError) return e;
  const err = e as Error;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
    return new SourceError(`${source}: request timed out`, true, null, 'timeout');
  if (err instanceof SyntaxError)
    return new SourceError(`${source}: response is not valid JSON (${err.message})`, true, null, 'invalid-json');
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  return new SourceError(`${source}: ${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`, true, null, 'network');
}
