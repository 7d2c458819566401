/**
 * GoogleSQL format elements (FORMAT_TIMESTAMP, PARSE_TIMESTAMP and friends). DuckDB's
 * strftime differs in many elements (%E6S, %Ez, %Q, %e, week numbers, zone names), so the
 * engine runs these as JS scalar functions built on this module.
 */
import { civilFromDays, civilToUtcMicros, daysFromCivil, MICROS_PER_DAY, offsetAt } from './datetime.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Civil {
  year: number;
  month: number;
  day: number;
  days: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  offsetMinutes: number;
  zone: string;
  epochMicros: bigint;
}

function pad(n: number, w: number, c = '0'): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + s.padStart(w, c);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function toCivil(utcMicros: bigint, zone: string): Civil {
  const offset = offsetAt(zone, utcMicros) ?? 0;
  const local = utcMicros + BigInt(offset) * 60_000_000n;
  const days = Number(floorDiv(local, MICROS_PER_DAY));
  const tod = Number(local - BigInt(days) * MICROS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  const secs = Math.floor(tod / 1e6);
  return {
    year,
    month,
    day,
    days,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    micros: tod % 1e6,
    offsetMinutes: offset,
    zone,
    epochMicros: utcMicros,
  };
}

const weekday = (c: Civil): number => (((c.days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
const dayOfYear = (c: Civil): number => c.days - daysFromCivil(c.year, 1, 1) + 1;

function isoWeek(c: Civil): { year: number; week: number } {
  const wd = (weekday(c) + 6) % 7; // Monday = 0
  const thursday = c.days - wd + 3;
  const ty = civilFromDays(thursday).year;
  return { year: ty, week: Math.floor((thursday - daysFromCivil(ty, 1, 1)) / 7) + 1 };
}

function weekNumber(c: Civil, firstDay: number): number {
  const jan1 = daysFromCivil(c.year, 1, 1);
  const jan1wd = (((jan1 + 4) % 7) + 7) % 7;
  const firstStart = jan1 + ((firstDay - jan1wd + 7) % 7);
  return c.days < firstStart ? 0 : Math.floor((c.days - firstStart) / 7) + 1;
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return sign + pad(Math.floor(m / 60), 2) + (colon ? ':' : '') + pad(m % 60, 2);
}

function fraction(micros: number, digits: number | '*'): string {
  const full = pad(micros, 6);
  if (digits === '*') {
    const trimmed = full.replace(/0+$/, '');
    return trimmed ? '.' + trimmed : '';
  }
  if (digits === 0) return '';
  return '.' + (full + '000').slice(0, digits);
}

function element(c: Civil, e: string): string {
  switch (e) {
    case 'A':
      return DAYS[weekday(c)] as string;
    case 'a':
      return (DAYS[weekday(c)] as string).slice(0, 3);
    case 'B':
      return MONTHS[c.month - 1] as string;
    case 'b':
    case 'h':
      return (MONTHS[c.month - 1] as string).slice(0, 3);
    case 'C':
      return pad(Math.floor(c.year / 100), 2);
    case 'c':
      return `${element(c, 'a')} ${element(c, 'b')} ${element(c, 'e')} ${element(c, 'T')} ${element(c, 'Y')}`;
    case 'D':
    case 'x':
      return `${pad(c.month, 2)}/${pad(c.day, 2)}/${pad(c.year % 100, 2)}`;
    case 'd':
      return pad(c.day, 2);
    case 'e':
      return pad(c.day, 2, ' ');
    case 'F':
      return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
    case 'G':
      return pad(isoWeek(c).year, 4);
    case 'g':
      return pad(isoWeek(c).year % 100, 2);
    case 'H':
      return pad(c.hour, 2);
    case 'I':
      return pad(((c.hour + 11) % 12) + 1, 2);
    case 'j':
      return pad(dayOfYear(c), 3);
    case 'k':
      return pad(c.hour, 2, ' ');
    case 'l':
      return pad(((c.hour + 11) % 12) + 1, 2, ' ');
    case 'M':
      return pad(c.minute, 2);
    case 'm':
      return pad(c.month, 2);
    case 'n':
      return '\n';
    case 'P':
      return c.hour < 12 ? 'am' : 'pm';
    case 'p':
      return c.hour < 12 ? 'AM' : 'PM';
    case 'Q':
      return String(Math.floor((c.month - 1) / 3) + 1);
    case 'R':
      return `${pad(c.hour, 2)}:${pad(c.minute, 2)}`;
    case 'S':
      return pad(c.second, 2);
    case 's':
      return floorDiv(c.epochMicros, 1_000_000n).toString();
    case 'T':
    case 'X':
      return `${pad(c.hour, 2)}:${pad(c.minute, 2)}:${pad(c.second, 2)}`;
    case 't':
      return '\t';
    case 'U':
      return pad(weekNumber(c, 0), 2);
    case 'u':
      return String(((weekday(c) + 6) % 7) + 1);
    case 'V':
      return pad(isoWeek(c).week, 2);
    case 'W':
      return pad(weekNumber(c, 1), 2);
    case 'w':
      return String(weekday(c));
    case 'Y':
      return String(c.year);
    case 'y':
      return pad(c.year % 100, 2);
    case 'Z':
      return c.offsetMinutes === 0 && /^(utc|z|gmt|etc\/utc|[+-]0{1,2}(:?00)?)$/i.test(c.zone) ? 'UTC' : c.zone;
    case 'z':
      return offsetText(c.offsetMinutes, false);
    case '%':
      return '%';
    default:
      return '%' + e;
  }
}

/** FORMAT_TIMESTAMP(format, ts, zone) over microseconds since the epoch. */
export function formatTimestamp(format: string, utcMicros: bigint, zone = 'UTC'): string {
  const c = toCivil(utcMicros, zone);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const rest = format.slice(i + 1);
    const ext = /^E(\d|\*)S/.exec(rest);
    if (ext) {
      const d = ext[1] === '*' ? '*' : Number(ext[1]);
      out += pad(c.second, 2) + fraction(c.micros, d);
      i += ext[0].length;
      continue;
    }
    if (rest.startsWith('Ez')) {
      out += offsetText(c.offsetMinutes, true);
      i += 2;
      continue;
    }
    if (rest.startsWith('E4Y')) {
      out += pad(c.year, 4);
      i += 3;
      continue;
    }
    if (rest.startsWith('Ey') || rest.startsWith('EY') || rest.startsWith('Od') || rest.startsWith('OH')) {
      out += element(c, rest[1] as string);
      i += 2;
      continue;
    }
    out += element(c, rest[0] ?? '%');
    i += 1;
  }
  return out;
}

/**
 * PARSE_TIMESTAMP(format, text, zone): the common elements, matched strictly. Returns
 * microseconds since the epoch or undefined when the text does not match.
 */
export function parseTimestampFormat(format: string, text: string, zone = 'UTC'): bigint | undefined {
  let re = '^\\s*';
  const slots: string[] = [];
  const add = (pattern: string, slot: string): void => {
    re += `(${pattern})`;
    slots.push(slot);
  };
  const expand: Record<string, string> = {
    F: '%Y-%m-%d',
    T: '%H:%M:%S',
    D: '%m/%d/%y',
    R: '%H:%M',
    c: '%a %b %e %T %Y',
    x: '%m/%d/%y',
    X: '%H:%M:%S',
  };
  let fmt = format;
  for (let k = 0; k < 3; k++) fmt = fmt.replace(/%([FTDRcxX])/g, (_m, e: string) => expand[e] as string);
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i] as string;
    if (ch !== '%') {
      re += /\s/.test(ch) ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const rest = fmt.slice(i + 1);
    const ext = /^E(\d|\*)S/.exec(rest);
    if (ext) {
      add('\\d{1,2}(?:\\.\\d{1,9})?', 'Sf');
      i += ext[0].length;
      continue;
    }
    if (rest.startsWith('Ez')) {
      add('[+-]\\d{2}:?\\d{2}|Z|UTC', 'z');
      i += 2;
      continue;
    }
    const e = rest[0] ?? '';
    i += 1;
    switch (e) {
      case 'Y':
        add('\\d{1,4}', 'Y');
        break;
      case 'y':
        add('\\d{2}', 'y');
        break;
      case 'm':
        add('\\d{1,2}', 'm');
        break;
      case 'd':
      case 'e':
        add('\\s?\\d{1,2}', 'd');
        break;
      case 'H':
      case 'k':
        add('\\s?\\d{1,2}', 'H');
        break;
      case 'I':
      case 'l':
        add('\\s?\\d{1,2}', 'I');
        break;
      case 'M':
        add('\\d{1,2}', 'M');
        break;
      case 'S':
        add('\\d{1,2}', 'S');
        break;
      case 'j':
        add('\\d{1,3}', 'j');
        break;
      case 'p':
      case 'P':
        add('[AaPp][Mm]', 'p');
        break;
      case 'b':
      case 'h':
      case 'B':
        add('[A-Za-z]+', 'b');
        break;
      case 'a':
      case 'A':
        add('[A-Za-z]+', 'a');
        break;
      case 's':
        add('-?\\d+', 's');
        break;
      case 'z':
        add('[+-]\\d{2}:?\\d{2}|Z|UTC', 'z');
        break;
      case 'Z':
        add('[A-Za-z_/+\\-0-9:]+', 'Z');
        break;
      case '%':
        re += '%';
        break;
      default:
        return undefined;
    }
  }
  const m = new RegExp(re + '\\s*$').exec(text);
  if (!m) return undefined;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micros = 0;
  let pm: boolean | undefined;
  let hour12: number | undefined;
  let doy: number | undefined;
  let tz: string | undefined;
  let epoch: bigint | undefined;
  slots.forEach((slot, k) => {
    const v = (m[k + 1] ?? '').trim();
    switch (slot) {
      case 'Y':
        year = Number(v);
        break;
      case 'y':
        year = Number(v) + (Number(v) < 69 ? 2000 : 1900);
        break;
      case 'm':
        month = Number(v);
        break;
      case 'd':
        day = Number(v);
        break;
      case 'H':
        hour = Number(v);
        break;
      case 'I':
        hour12 = Number(v);
        break;
      case 'M':
        minute = Number(v);
        break;
      case 'S':
        second = Number(v);
        break;
      case 'Sf': {
        const [s, f = ''] = v.split('.');
        second = Number(s);
        micros = Number((f + '000000').slice(0, 6));
        break;
      }
      case 'j':
        doy = Number(v);
        break;
      case 'p':
        pm = v.toLowerCase() === 'pm';
        break;
      case 'b': {
        const idx = MONTHS.findIndex((n) => n.toLowerCase().startsWith(v.toLowerCase().slice(0, 3)));
        if (idx >= 0) month = idx + 1;
        break;
      }
      case 's':
        epoch = BigInt(v) * 1_000_000n;
        break;
      case 'z':
      case 'Z':
        tz = v;
        break;
    }
  });
  if (epoch !== undefined) return epoch;
  if (hour12 !== undefined) hour = (hour12 % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let days = daysFromCivil(year, month, day);
  if (civilFromDays(days).day !== day) return undefined;
  if (doy !== undefined) days = daysFromCivil(year, 1, 1) + doy - 1;
  const civil = BigInt(days) * MICROS_PER_DAY + BigInt(((hour * 60 + minute) * 60 + second) * 1_000_000 + micros);
  return civilToUtcMicros(civil, tz === 'Z' ? 'UTC' : (tz ?? zone));
}
