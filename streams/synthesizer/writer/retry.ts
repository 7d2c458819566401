/**
 * Retry with exponential backoff and full jitter. A small function rather than a library:
 * the retry libraries that still support Node 20 are not dependencies of this package, and
 * what is needed here (classify, back off, give up, honour an abort) fits on one screen.
 */

export interface RetryOptions {
  /** Retries after the first attempt. Default 5. */
  readonly retries?: number;
  /** Backoff cap of the first retry; doubles per retry up to maxDelayMs. Default 200 ms. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Stops waiting between attempts; the pending error is rethrown. */
  readonly signal?: AbortSignal;
  /** Decides what is worth another attempt. Default isRetryableError. */
  readonly isRetryable?: (error: unknown) => boolean;
  readonly onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** For tests: a source of randomness in [0, 1). */
  readonly random?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_REASONS = new Set([
  'backendError',
  'internalError',
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'jobRateLimitExceeded',
]);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** 429, 5xx, BigQuery's transient reasons, and dropped or refused connections. */
export function isRetryableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const x = e as ErrorLike;
    if (typeof x.code === 'number' && RETRYABLE_STATUS.has(x.code)) return true;
    if (typeof x.code === 'string' && (RETRYABLE_NETWORK.has(x.code) || RETRYABLE_STATUS.has(Number(x.code)))) {
      return true;
    }
    if (Array.isArray(x.errors)) {
      for (const item of x.errors as unknown[]) {
        const reason = (item as { reason?: unknown } | null)?.reason;
        if (typeof reason === 'string' && RETRYABLE_REASONS.has(reason)) return true;
      }
    }
    if (typeof x.message === 'string' && /socket hang up|other side closed/i.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

/** Upper bound of the wait before retry number `attempt` (1-based). */
export function backoffCapMs(attempt: number, minDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1));
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or the retries run out. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 5;
  const minDelayMs = options.minDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const retryable = options.isRetryable ?? isRetryableError;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries || !retryable(error) || options.signal?.aborted) throw error;
      const delayMs = Math.round(random() * backoffCapMs(attempt + 1, minDelayMs, maxDelayMs));
      options.onRetry?.({ error, attempt: attempt + 1, delayMs });
      if (!(await sleep(delayMs, options.signal))) throw error;
    }
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
