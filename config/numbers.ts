import { describeValue } from './describe.js';
import type { ParseResult } from './durations.js';

/** Digit-only strings are accepted because `${VAR}` substitution always yields strings. */
function toInteger(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? input : undefined;
  if (typeof input === 'string' && /^\d{1,15}$/.test(input)) return Number(input);
  return undefined;
}

export function parsePositiveInteger(input: unknown): ParseResult<number> {
  const value = toInteger(input);
  return value !== undefined && value > 0
    ? { ok: true, value }
    : { ok: false, message: `expected a positive integer, got ${describeValue(input)}` };
}

export function parseNonNegativeInteger(input: unknown): ParseResult<number> {
  const value = toInteger(input);
  return value !== undefined && value >= 0
    ? { ok: true, value }
    : { ok: false, message: `expected a non-negative integer, got ${describeValue(input)}` };
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/** Kept as a decimal string: BigQuery takes int64 here, beyond what a JS number holds. */
export function parseByteCount(input: unknown): ParseResult<string> {
  const text = typeof input === 'number' && Number.isSafeInteger(input) ? String(input) : input;
  if (typeof text === 'string' && /^\d{1,19}$/.test(text)) {
    const value = BigInt(text);
    if (value > 0n && value <= INT64_MAX) return { ok: true, value: value.toString() };
  }
  return { ok: false, message: `expected a positive whole number of bytes, got ${describeValue(input)}` };
}
