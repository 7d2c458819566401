/**
 * Civil dates, times and timestamps with exact integer arithmetic (days since 1970-01-01,
 * microseconds). JS Date is only millisecond-precise and its parser is lenient in ways
 * BigQuery is not, so parsing and formatting are done here by hand.
 */

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_DAY = 86_400_000_000n;

/** BigQuery's supported range: 0001-01-01 .. 9999-12-31. */
export const MIN_DAYS = daysFromCivil(1, 1, 1);
export const MAX_DAYS = daysFromCivil(9999, 12, 31);
export const MIN_TIMESTAMP_MICROS = BigInt(MIN_DAYS) * MICROS_PER_DAY;
export const MAX_TIMESTAMP_MICROS = BigInt(MAX_DAYS + 1) * MICROS_PER_DAY - 1n;

/** Days since 1970-01-01 of a proleptic Gregorian date (era-based, valid for all years). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Fractional-second digits -> microseconds; digits past the sixth are truncated. */
function fractionMicros(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?$/;

export function parseDate(s: string): number | undefined {
  const m = DATE_RE.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? daysFromCivil(y, mo, d) : undefined;
}

/** Time of day in microseconds. */
export function parseTime(s: string): bigint | undefined {
  const m = TIME_RE.exec(s.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const sec = Number(m[3] ?? '0');
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  return BigInt(((h * 60 + mi) * 60 + sec) * 1_000_000 + fractionMicros(m[4]));
}

const DATETIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?/;

interface CivilParts {
  days: number;
  timeMicros: bigint;
  rest: string;
}

function parseCivil(s: string): CivilParts | undefined {
  const m = DATETIME_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return undefined;
  let timeMicros = 0n;
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const sec = Number(m[6] ?? '0');
    if (h > 23 || mi > 59 || sec > 59) return undefined;
    timeMicros = BigInt(((h * 60 + mi) * 60 + sec) * 1_000_000 + fractionMicros(m[7]));
  }
  return { days: daysFromCivil(y, mo, d), timeMicros, rest: s.slice(m[0].length) };
}

/** DATETIME as microseconds since 1970-01-01T00:00:00 (civil, no zone). */
export function parseDatetime(s: string): bigint | undefined {
  const p = parseCivil(s.trim());
  if (!p || p.rest.trim() !== '') return undefined;
  return BigInt(p.days) * MICROS_PER_DAY + p.timeMicros;
}

const OFFSET_RE = /^([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Offset east of UTC in minutes, for a zone at a given UTC instant. */
function zoneOffsetMinutes(zone: string, utcMillis: number): number | undefined {
  const z = zone.trim();
  if (/^(z|utc|gmt|etc\/utc)$/i.test(z)) return 0;
  const m = OFFSET_RE.exec(z.replace(/^(UTC|GMT)(?=[+-])/i, ''));
  if (m) {
    const h = Number(m[2]);
    const mi = Number(m[3] ?? '0');
    if (h > 14 || mi > 59) return undefined;
    return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
  }
  return ianaOffsetMinutes(z, utcMillis);
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function ianaOffsetMinutes(zone: string, utcMillis: number): number | undefined {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  if (!f) return undefined;
  // JS Dates only cover +-273k years, far more than BigQuery's range; clamp anyway.
  const t = Math.max(-8.64e15, Math.min(8.64e15, utcMillis));
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const localDays = daysFromCivil(year, Number(parts.month), Number(parts.day));
  const localMillis =
    localDays * 86_400_000 + ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000;
  return Math.round((localMillis - (t - (((t % 1000) + 1000) % 1000))) / 60_000);
}

/** Whether `zone` names a time zone BigQuery-style ("UTC", "+05:30", "America/New_York"). */
export function isTimeZone(zone: string): boolean {
  return zoneOffsetMinutes(zone, 0) !== undefined;
}

/** Converts a civil time in `zone` to UTC microseconds (two passes settle DST transitions). */
export function civilToUtcMicros(civilMicros: bigint, zone: string): bigint | undefined {
  const guess = Number(civilMicros / 1000n);
  const first = zoneOffsetMinutes(zone, guess);
  if (first === undefined) return undefined;
  const second = zoneOffsetMinutes(zone, guess - first * 60_000) ?? first;
  return civilMicros - BigInt(second) * 60_000_000n;
}

/** Offset of `zone` east of UTC, in minutes, at a UTC instant given in microseconds. */
export function offsetAt(zone: string, utcMicros: bigint): number | undefined {
  return zoneOffsetMinutes(zone, Number(utcMicros / 1000n));
}

/**
 * TIMESTAMP from the string forms BigQuery accepts: RFC 3339 ("2024-01-02T03:04:05.123456Z"),
 * the canonical literal form ("2024-01-02 03:04:05.123456+05:30", "... UTC",
 * "... America/New_York"), or a bare date/datetime taken as UTC.
 */
export function parseTimestamp(s: string): bigint | undefined {
  const p = parseCivil(s.trim());
  if (!p) return undefined;
  const civil = BigInt(p.days) * MICROS_PER_DAY + p.timeMicros;
  const zone = p.rest.trim();
  const micros = zone === '' ? civil : civilToUtcMicros(civil, zone);
  if (micros === undefined || micros < MIN_TIMESTAMP_MICROS || micros > MAX_TIMESTAMP_MICROS) return undefined;
  return micros;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** HH:MM:SS with ".ffffff" only when the microseconds are not zero (BigQuery's REST form). */
export function formatTime(micros: bigint): string {
  const us = Number(micros);
  const secs = Math.floor(us / 1_000_000);
  const frac = us - secs * 1_000_000;
  const base = `${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
  return frac === 0 ? base : `${base}.${pad(frac, 6)}`;
}

function splitMicros(micros: bigint): { days: number; timeMicros: bigint } {
  const days = floorDiv(micros, MICROS_PER_DAY);
  return { days: Number(days), timeMicros: micros - days * MICROS_PER_DAY };
}

/** DATETIME in REST form: 2024-01-02T03:04:05[.ffffff]. */
export function formatDatetime(micros: bigint, separator = 'T'): string {
  const { days, timeMicros } = splitMicros(micros);
  return formatDate(days) + separator + formatTime(timeMicros);
}

/** RFC 3339 UTC, e.g. 2024-01-02T03:04:05.123456Z (TO_JSON_STRING's form). */
export function formatTimestampRfc3339(micros: bigint): string {
  return formatDatetime(micros) + 'Z';
}

/** The canonical GoogleSQL string of a TIMESTAMP, e.g. 2024-01-02 03:04:05.123456+00. */
export function formatTimestampCanonical(micros: bigint): string {
  return formatDatetime(micros, ' ') + '+00';
}
