/**
 * Time as integer microseconds since the Unix epoch (a JS number: 2^53 us reaches the
 * year 2255, so no bigint is needed). BigQuery TIMESTAMP keeps microseconds; a JS Date keeps
 * milliseconds, so Date is used only for the whole-second part of the text.
 */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** Default scenario start: fixed, because a generator may not read the wall clock. */
export const DEFAULT_START: Micros = Date.UTC(2026, 0, 1) * MICROS_PER_MS;

// Formatting dominated row cost: the date part is cached per day and the time of day is
// assembled from a table of two-digit strings.
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/** `2026-01-01T00:00:00.123456Z`: always six fractional digits, so text order = time order. */
export function formatMicros(us: Micros): string {
  if (!Number.isSafeInteger(us) || us < 0) throw new RangeError(`bad microsecond timestamp ${us}`);
  const day = Math.floor(us / MICROS_PER_DAY);
  if (day !== cachedDay) {
    const iso = new Date(day * 86_400_000).toISOString();
    if (iso.length !== 24) throw new RangeError(`timestamp ${us} outside years 0000-9999`);
    cachedDayPrefix = iso.slice(0, 11);
    cachedDay = day;
  }
  const inDay = us - day * MICROS_PER_DAY;
  const secs = Math.floor(inDay / MICROS_PER_SECOND);
  const frac = inDay - secs * MICROS_PER_SECOND;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs - h * 3600) / 60);
  const sec = secs - h * 3600 - m * 60;
  return `${cachedDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}.${String(MICROS_PER_SECOND + frac).slice(1)}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses RFC 3339 with up to nine fractional digits (digits past the sixth are dropped). */
export function parseTimestamp(text: string): Micros {
  const m = RFC3339.exec(text);
  if (!m) throw new RangeError(`not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  if (Number.isNaN(ms)) throw new RangeError(`invalid date in ${JSON.stringify(text)}`);
  return ms * MICROS_PER_MS + Number((frac + '000000').slice(0, 6));
}

/** Accepts micros, a Date (ms precision) or RFC 3339 text. */
export function toMicros(t: Micros | Date | string): Micros {
  if (typeof t === 'number') {
    if (!Number.isSafeInteger(t)) throw new RangeError(`microseconds must be a safe integer, got ${t}`);
    return t;
  }
  if (t instanceof Date) return t.getTime() * MICROS_PER_MS;
  return parseTimestamp(t);
}
