import { looksLikeSecretValue } from './secrets.js';

const MAX_ECHO = 60;

/**
 * How a bad value is shown in an error message. Short and never secret: strings are
 * truncated, key material is never echoed, and callers pass `hide` for secret paths.
 */
export function describeValue(value: unknown, hide = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      if (hide || looksLikeSecretValue(value)) return 'a string';
      return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO - 3)}...` : value);
    case 'number':
    case 'bigint':
      return hide ? `a ${typeof value}` : String(value);
    case 'boolean':
      return hide ? 'a boolean' : String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
