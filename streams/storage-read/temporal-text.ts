/**
 * BigQuery's REST text of DATE, TIME and DATETIME values, from the integers Arrow carries
 * (days since the epoch, microseconds). The sync's REST path keeps that text as the Harper
 * value, so the Storage Read path must produce exactly the same text.
 */

const MICROS_PER_DAY = 86_400_000_000n;

/** Days since 1970-01-01 -> proleptic Gregorian (year, month, day) (H. Hinnant's algorithm). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** YYYY-MM-DD. */
export function dateText(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** HH:MM:SS, with .ffffff only when the microseconds are not zero (BigQuery's REST form). */
export function timeText(micros: bigint): string {
  const us = Number(micros);
  const secs = Math.floor(us / 1_000_000);
  const frac = us - secs * 1_000_000;
  const base = `${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
  return frac === 0 ? base : `${base}.${pad(frac, 6)}`;
}

/** YYYY-MM-DDTHH:MM:SS[.ffffff] from civil microseconds since the epoch. */
export function datetimeText(micros: bigint): string {
  let days = micros / MICROS_PER_DAY;
  if (micros % MICROS_PER_DAY !== 0n && micros < 0n) days -= 1n;
  return `${dateText(Number(days))}T${timeText(micros - days * MICROS_PER_DAY)}`;
}

/** A scaled integer as the shortest decimal text ("1.5", "10", "-0.000000001"). */
export function decimalText(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}
