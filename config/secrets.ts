/**
 * One place that decides what counts as secret, shared by redaction and by error
 * formatting so the two can never disagree.
 */

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /(credential|secret|password|passwd|passphrase|token|private_?key|api_?key|access_?key|authorization)/i;

export function isSecretKeyName(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** PEM blocks and inline service-account JSON are secret wherever they show up. */
export function looksLikeSecretValue(value: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) || /"private_key"\s*:/.test(value);
}

/** `https://user:pass@host` -> `https://user:[redacted]@host`; other strings unchanged. */
export function redactUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/i, `$1${REDACTED}@`);
}
