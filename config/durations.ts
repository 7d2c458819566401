import { describeValue } from './describe.js';

/** setTimeout silently fires at once for delays above this, so timer settings are capped. */
export const MAX_TIMER_MS = 2_147_483_647;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(?:\.(\d{1,6}))?\s*(ms|s|m|h|d)\s*/y;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DurationLimits {
  /** Smallest accepted value in ms (default 0). */
  min?: number;
  /** Largest accepted value in ms (default MAX_TIMER_MS). */
  max?: number;
}

/**
 * Accepts a number of milliseconds, a digit-only string (env substitution yields strings),
 * or unit parts such as '250ms', '30s', '1.5m', '1h30m'. Fractions are computed from their
 * digits, not by float multiplication, so '1.1s' is exactly 1100.
 */
export function parseDuration(input: unknown, limits: DurationLimits = {}): ParseResult<number> {
  const ms = toMilliseconds(input);
  const got = describeValue(input);
  if (ms === undefined) return { ok: false, message: `expected a duration like "30s", got ${got}` };
  if (!Number.isInteger(ms)) return { ok: false, message: `expected a whole number of milliseconds, got ${got}` };
  const min = limits.min ?? 0;
  const max = limits.max ?? MAX_TIMER_MS;
  if (ms < min) {
    return {
      ok: false,
      message: min === 1 ? `must be greater than 0, got ${got}` : `must be at least ${formatDuration(min)}, got ${got}`,
    };
  }
  if (ms > max) return { ok: false, message: `must be at most ${formatDuration(max)}, got ${got}` };
  return { ok: true, value: ms };
}

function toMilliseconds(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return undefined;
    const [, whole = '0', fraction = '', unit = ''] = match;
    const factor = UNIT_MS[unit];
    if (factor === undefined) return undefined;
    const scale = 10 ** fraction.length;
    const fractionMs = (Number(fraction || '0') * factor) / scale;
    total += Number(whole) * factor + fractionMs;
  }
  return Number.isSafeInteger(Math.floor(total)) ? total : undefined;
}

/** Compact human form used in messages: 90000 -> '1m30s', 250 -> '250ms'. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0ms';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
