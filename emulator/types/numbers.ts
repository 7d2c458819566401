/**
 * Exact decimal handling for NUMERIC/BIGNUMERIC (scaled bigints, never JS floats) and the
 * textual forms BigQuery's REST API uses for FLOAT64.
 */

export interface DecimalSpec {
  /** Digits after the decimal point. */
  scale: number;
  /** Inclusive bounds of the scaled integer. */
  min: bigint;
  max: bigint;
}

/** NUMERIC: precision 38, scale 9. */
export const NUMERIC: DecimalSpec = { scale: 9, min: -(10n ** 38n - 1n), max: 10n ** 38n - 1n };
/** BIGNUMERIC: scale 38, the scaled value fits a signed 256-bit integer. */
export const BIGNUMERIC: DecimalSpec = { scale: 38, min: -(2n ** 255n), max: 2n ** 255n - 1n };

const DECIMAL_RE = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * Parses decimal text (optionally with exponent) into `scale` fractional digits, rounding
 * half away from zero like BigQuery's casts. Returns undefined for malformed text or
 * values outside the spec's range.
 */
export function parseScaled(text: string, spec: DecimalSpec): bigint | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[4] ?? '';
  const exp = Number(m[5] ?? '0');
  if (!Number.isFinite(exp) || Math.abs(exp) > 1000) return undefined;
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  // value = digits * 10^(exp - fracPart.length); we want value * 10^scale.
  const shift = exp - fracPart.length + spec.scale;
  let scaled: bigint;
  if (shift >= 0) {
    if (digits.length + shift > 200 && /[1-9]/.test(digits)) return undefined;
    scaled = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const n = BigInt(digits);
    scaled = n / div;
    if ((n % div) * 2n >= div) scaled += 1n;
  }
  if (m[1] === '-') scaled = -scaled;
  if (scaled < spec.min || scaled > spec.max) return undefined;
  return scaled;
}

/** Scaled integer -> shortest decimal text ("1.5", "10", "-0.000000001"). */
export function formatScaled(value: bigint, scale: number): string {
  const neg = value < 0n;
  const digits = (neg ? -value : value).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (neg ? '-' : '') + intPart + (frac ? '.' + frac : '');
}

/** Rescales a decimal (e.g. a DuckDB DECIMAL(38,18) result) to `scale` digits, half away from zero. */
export function rescale(value: bigint, fromScale: number, toScale: number): bigint {
  if (fromScale === toScale) return value;
  if (fromScale < toScale) return value * 10n ** BigInt(toScale - fromScale);
  const div = 10n ** BigInt(fromScale - toScale);
  const neg = value < 0n;
  const abs = neg ? -value : value;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return neg ? -q : q;
}

const PLUS = '+'.charCodeAt(0);

/**
 * FLOAT64 the way BigQuery prints it on the wire (the Java Double.toString layout that also
 * shows in its float-seconds timestamps, e.g. "1.700000000123456E9"): plain notation with at
 * least one fraction digit for 1e-3 <= |x| < 1e7, otherwise d.dddE[-]n. Digits are the
 * shortest that round-trip.
 *
 * Every value of a query result passes through here, so it builds at most two strings:
 * inside [1e-3, 1e7) JavaScript's own number text is already plain notation (it switches to
 * exponents only below 1e-6 and from 1e21) with the same shortest digits, and only lacks the
 * ".0" of a whole number; elsewhere toExponential's "1.5e-7" / "1e+21" is respelled. It must
 * equal `formatFloat64Reference` for every double (a property test checks that).
 */
export function formatFloat64(x: number): string {
  const abs = x < 0 ? -x : x;
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(x);
    return text.includes('.') ? text : text + '.0';
  }
  // NaN fails both comparisons above and lands here.
  if (x !== x) return 'NaN';
  if (abs === Infinity) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const text = x.toExponential();
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e);
  // Java writes no '+' on a positive exponent.
  const exponent = text.charCodeAt(e + 1) === PLUS ? text.slice(e + 2) : text.slice(e + 1);
  return `${mantissa.includes('.') ? mantissa : mantissa + '.0'}E${exponent}`;
}

/**
 * The same rule written out step by step (split the shortest digits and the exponent, then
 * lay them out). Slower (several intermediate strings per value); kept as the oracle the
 * property test holds `formatFloat64` to and as the "before" of the REST encoding benchmark.
 */
export function formatFloat64Reference(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      return `${sign}${intPart}.${frac || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return `${sign}${digits[0] ?? '0'}.${digits.slice(1) || '0'}E${exp}`;
}

/** FLOAT64 input: JSON numbers, numeric strings, and BigQuery's names for the IEEE specials. */
export function parseFloat64(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^[+-]?(nan)$/i.test(s)) return NaN;
  if (/^\+?(inf|infinity)$/i.test(s)) return Infinity;
  if (/^-(inf|infinity)$/i.test(s)) return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** INT64 input: safe JS integers or decimal integer strings, range-checked, never via a float. */
export function parseInt64(value: unknown): bigint | undefined {
  let n: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    n = BigInt(value);
  } else if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'string') {
    const s = value.trim();
    if (/^[+-]?\d+$/.test(s)) n = BigInt(s);
    else if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(s))
      n = s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s.replace(/^\+/, ''));
    else return undefined;
  } else {
    return undefined;
  }
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}
