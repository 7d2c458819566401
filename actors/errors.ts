/** An error that retrying cannot fix: the table is marked failed until config changes or resync. */
export class FatalSyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FatalSyncError';
  }
}

/**
 * What kind of failure an error is. Every kind but `transient` is permanent: the same call
 * fails the same way until someone changes the config, the schema, a permission or a file.
 */
export type ErrorKind = 'config' | 'schema' | 'permission' | 'notFound' | 'credentials' | 'invalid' | 'transient';

export interface ErrorClass {
  kind: ErrorKind;
  permanent: boolean;
  /** One line for status and logs naming the object at fault; no stack, no credentials. */
  message: string;
}

const PERMISSION_REASONS = new Set(['accessDenied', 'billingNotEnabled', 'forbidden', 'unauthorized']);
const INVALID_REASONS = new Set(['invalid', 'invalidQuery', 'bytesBilledLimitExceeded', 'duplicate']);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Node file-system codes that reading the same file again will not change. */
const FILE_CODES: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not readable (permission denied)',
  EPERM: 'is not readable (operation not permitted)',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'has a path through something that is not a directory',
};

/**
 * Classifies a pipeline failure. Errors may say what they are with `kind: 'schema'` (a Harper
 * table missing from the loaded schema, see streams/sink/harper-tables) or `fatal: true`. BigQuery API errors carry an HTTP status and a reason; a
 * missing table, a bad query or a denied permission fail the same way every time, while
 * rate limits, backend errors and dropped connections pass. A file error from the sync can
 * only come from the credentials key file (the auth library reads it lazily, on the first
 * request), which no retry brings back.
 */
export function classifyError(error: unknown): ErrorClass {
  const e = error as {
    name?: unknown;
    code?: unknown;
    path?: unknown;
    syscall?: unknown;
    fatal?: unknown;
    kind?: unknown;
    errors?: { reason?: string; message?: string }[];
  } | null;
  const text = describeError(error);
  if (e?.name === 'ConfigError') return { kind: 'config', permanent: true, message: text };
  if (e?.kind === 'schema') {
    return { kind: 'schema', permanent: true, message: text };
  }
  if (typeof e?.code === 'string' && e.code in FILE_CODES && typeof e.path === 'string') {
    return {
      kind: 'credentials',
      permanent: true,
      message: `credentials file ${e.path} ${FILE_CODES[e.code]} (${e.code}); check bigquery.credentials`,
    };
  }
  if (error instanceof FatalSyncError || e?.fatal === true) return { kind: 'invalid', permanent: true, message: text };
  const reason = e?.errors?.[0]?.reason;
  const status = typeof e?.code === 'number' ? e.code : undefined;
  if (reason === 'notFound' || status === 404) return { kind: 'notFound', permanent: true, message: text };
  if ((reason && PERMISSION_REASONS.has(reason)) || status === 401 || status === 403) {
    return { kind: 'permission', permanent: true, message: text };
  }
  if (reason && INVALID_REASONS.has(reason)) return { kind: 'invalid', permanent: true, message: text };
  if (status !== undefined && !RETRYABLE_STATUS.has(status) && status >= 400 && status < 500) {
    return { kind: 'invalid', permanent: true, message: text };
  }
  return { kind: 'transient', permanent: false, message: text };
}

/** Whether a failed pipeline should be restarted (only transient errors are). */
export function isRetryable(error: unknown): boolean {
  return !classifyError(error).permanent;
}

/** One line for status and logs, without stack or credentials. */
export function describeError(error: unknown): string {
  const e = error as { code?: unknown; path?: unknown } | null;
  if (typeof e?.code === 'string' && e.code in FILE_CODES && typeof e.path === 'string') {
    return `credentials file ${e.path} ${FILE_CODES[e.code]} (${e.code}); check bigquery.credentials`;
  }
  // A config error lists its problems on the lines after its header: keep them all.
  if (error instanceof Error && error.name === 'ConfigError') {
    return error.message
      .split('\n')
      .map((line) => line.trim())
      .join(' ')
      .slice(0, 500);
  }
  if (error instanceof Error) return error.message.split('\n')[0]!.slice(0, 500);
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message.slice(0, 500);
  try {
    return JSON.stringify(error).slice(0, 500);
  } catch {
    return String(error).slice(0, 500);
  }
}
