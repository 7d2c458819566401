import { isPlainObject } from './paths.js';
import { isSecretKeyName, looksLikeSecretValue, REDACTED, redactUrlPassword } from './secrets.js';

/**
 * A deep copy safe for logs and status endpoints: credentials and secret-looking keys
 * become '[redacted]', key material is caught by content wherever it sits, and URL
 * passwords are masked. Works on any value, not only a resolved SyncConfig, so raw input
 * can be logged safely too.
 */
export function redactConfig<T>(config: T): T {
  return redact(config) as T;
}

function redact(value: unknown): unknown {
  if (typeof value === 'string') return looksLikeSecretValue(value) ? REDACTED : redactUrlPassword(value);
  if (Array.isArray(value)) return value.map(redact);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKeyName(key) && item !== undefined && item !== null ? REDACTED : redact(item);
    }
    return out;
  }
  return value;
}
