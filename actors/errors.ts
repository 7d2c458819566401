/** An error that retrying cannot fix: the table is marked failed until config changes or resync. */
export class FatalSyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FatalSyncError';
  }
}

const FATAL_REASONS = new Set([
  'notFound',
  'invalid',
  'invalidQuery',
  'accessDenied',
  'billingNotEnabled',
  'bytesBilledLimitExceeded',
  'duplicate',
]);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether a failed pipeline should be restarted. BigQuery API errors carry an HTTP status
 * and a reason; a missing table, a bad query or a denied permission will fail the same way
 * every time, while rate limits, backend errors and dropped connections pass.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof FatalSyncError) return false;
  if ((error as { fatal?: unknown })?.fatal === true) return false;
  const e = error as { code?: unknown; errors?: { reason?: string }[]; name?: string };
  const reason = e?.errors?.[0]?.reason;
  if (reason && FATAL_REASONS.has(reason)) return false;
  if (typeof e?.code === 'number') {
    if (RETRYABLE_STATUS.has(e.code)) return true;
    if (e.code >= 400 && e.code < 500) return false;
  }
  return true;
}

/** One line for status and logs, without stack or credentials. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0]!.slice(0, 500);
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message.slice(0, 500);
  try {
    return JSON.stringify(error).slice(0, 500);
  } catch {
    return String(error).slice(0, 500);
  }
}
