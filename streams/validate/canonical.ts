import { SOURCE_ID_COLUMN } from '../convert/bigquery-row-converter.js';
import type { SchemaField } from '../convert/wire-row.js';
import { quoteIdentifier } from '../query/identifiers.js';
import type { KeySpec } from '../query/key-spec.js';

/**
 * The canonical text of a row, computed the same way in GoogleSQL (on BigQuery) and in
 * JavaScript (on the record as Harper stores it after conversion). Each column gives a text,
 * NULL gives `\N`, and texts are joined with `|` after escaping `\` and `|` in strings, so
 * distinct rows never share a text. Per type:
 *
 * | BigQuery              | text (SQL)                                  | from the Harper value          |
 * |-----------------------|---------------------------------------------|--------------------------------|
 * | STRING                | the string, escaped                         | the string, escaped            |
 * | INT64                 | decimal                                     | number / BigInt as decimal     |
 * | BOOL                  | `true` / `false`                            | same                           |
 * | TIMESTAMP             | UNIX_MILLIS as decimal (Harper keeps ms)    | Date.getTime()                 |
 * | FLOAT64               | FORMAT('%.15g') (see FLOAT_DIGITS)          | the same printf rule in JS     |
 * | NUMERIC, BIGNUMERIC   | exact decimal without trailing zeros        | the string (or number) same    |
 * | DATE                  | YYYY-MM-DD                                  | the string                     |
 * | BYTES                 | base64                                      | Buffer as base64               |
 *
 * Left out of the content checksum (they still count and their rows' keys are checked):
 * JSON (key order and number spelling differ between encoders), GEOGRAPHY (WKT spelling),
 * DATETIME/TIME/RANGE/INTERVAL (wire and CAST spellings differ), RECORD and REPEATED.
 */
/**
 * Significant digits of a FLOAT64's text. Not 17 (which would round-trip every double):
 * Harper stores records with msgpackr's `useFloat32: DECIMAL_FIT`, which keeps a double that
 * is within rounding of a short decimal as float32 and reads it back as that decimal, so
 * -22.962989999999998 comes back as -22.96299 (1 ulp away). Such a change is below 1e-15
 * relative, so 15 digits give both values the same text while any real edit still shows.
 */
export const FLOAT_DIGITS = 15;

export type CanonicalType = 'STRING' | 'INT64' | 'BOOL' | 'TIMESTAMP' | 'FLOAT64' | 'NUMERIC' | 'DATE' | 'BYTES';

export interface ContentColumn {
  /** Column name in BigQuery. */
  source: string;
  /** Attribute name in Harper (`id` becomes `_source_id` unless it is the key). */
  target: string;
  type: CanonicalType;
}

export interface ExcludedColumn {
  source: string;
  reason: string;
}

export interface ContentPlan {
  columns: ContentColumn[];
  excluded: ExcludedColumn[];
}

const TYPE_ALIASES: Record<string, CanonicalType> = {
  STRING: 'STRING',
  INT64: 'INT64',
  INTEGER: 'INT64',
  BOOL: 'BOOL',
  BOOLEAN: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
  FLOAT64: 'FLOAT64',
  FLOAT: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  DECIMAL: 'NUMERIC',
  BIGNUMERIC: 'NUMERIC',
  BIGDECIMAL: 'NUMERIC',
  DATE: 'DATE',
  BYTES: 'BYTES',
};

/** Which synced columns the content checksum covers, in a fixed order, and which it cannot. */
export function contentPlan(
  fields: readonly SchemaField[],
  columns: readonly string[] | '*',
  key: KeySpec,
): ContentPlan {
  const keyIsId = key.kind === 'columns' && key.columns.length === 1 && key.columns[0]!.name === 'id';
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const selected =
    columns === '*' ? fields : columns.map((c) => byName.get(c.toLowerCase())).filter((f): f is SchemaField => !!f);
  const plan: ContentPlan = { columns: [], excluded: [] };
  for (const field of selected) {
    const type = TYPE_ALIASES[field.type.toUpperCase()];
    if (field.mode === 'REPEATED')
      plan.excluded.push({ source: field.name, reason: 'REPEATED columns are not compared' });
    else if (!type)
      plan.excluded.push({ source: field.name, reason: `${field.type} has no exact canonical text on both sides` });
    else
      plan.columns.push({
        source: field.name,
        target: field.name === 'id' && !keyIsId ? SOURCE_ID_COLUMN : field.name,
        type,
      });
  }
  return plan;
}

// ---------------------------------------------------------------- SQL side

/** GoogleSQL string literal of a short constant (no quotes or newlines in ours). */
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `\` -> `\\`, `|` -> `\|`: separators inside strings cannot fake a column boundary. */
function escapeSql(expr: string): string {
  return `REPLACE(REPLACE(${expr}, ${lit('\\')}, ${lit('\\\\')}), ${lit('|')}, ${lit('\\|')})`;
}

/** The text of one column value in SQL (NULL stays NULL here). */
export function columnTextSql(type: CanonicalType, column: string): string {
  switch (type) {
    case 'STRING':
      return escapeSql(column);
    case 'INT64':
    case 'BOOL':
    case 'DATE':
      return `CAST(${column} AS STRING)`;
    case 'TIMESTAMP':
      return `CAST(UNIX_MILLIS(${column}) AS STRING)`;
    case 'FLOAT64':
      return `FORMAT('%.${FLOAT_DIGITS}g', ${column})`;
    case 'NUMERIC':
      // CAST gives BigQuery's shortest exact text; the regexes also trim engines that pad
      // the scale with zeros ('1.500000000').
      return `REGEXP_REPLACE(REGEXP_REPLACE(CAST(${column} AS STRING), r'(\\.[0-9]*?)0+$', r'\\1'), r'\\.$', '')`;
    case 'BYTES':
      return `TO_BASE64(${column})`;
  }
}

/**
 * SQL for the Harper id of a row (see harperId / keyPart), given the row alias. Key columns
 * of types whose SQL text differs from their wire text are refused.
 */
export function keyTextSql(key: KeySpec, fingerprintColumn: string): string {
  if (key.kind === 'fingerprint') return `CAST(${fingerprintColumn} AS STRING)`;
  const parts = key.columns.map((c) => {
    const column = quoteIdentifier(c.name);
    switch (TYPE_ALIASES[c.type.toUpperCase()]) {
      case 'STRING':
        return column;
      case 'INT64':
      case 'BOOL':
      case 'DATE':
        return `CAST(${column} AS STRING)`;
      case 'TIMESTAMP':
        return `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', ${column}, 'UTC')`;
      default:
        throw new Error(`validation cannot rebuild key column ${c.name} of type ${c.type} in SQL`);
    }
  });
  if (parts.length === 1) return parts[0]!;
  const escaped = parts.map((p) => `REPLACE(REPLACE(${p}, '%', '%25'), '|', '%7C')`);
  return `CONCAT(${escaped.join(", '|', ")})`;
}

/** SQL for the canonical row text: the escaped key text, then every content column. */
export function rowTextSql(keyText: string, columns: readonly ContentColumn[]): string {
  const parts = [
    escapeSql(keyText),
    ...columns.map((c) => `IFNULL(${columnTextSql(c.type, quoteIdentifier(c.source))}, ${lit('\\N')})`),
  ];
  return `CONCAT(${parts.join(", '|', ")})`;
}

// ---------------------------------------------------------------- JS side

const escapeJs = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`);

/** The canonical row text of a Harper record (see the table above). */
export function rowTextJs(id: string, record: Record<string, unknown>, columns: readonly ContentColumn[]): string {
  const parts = [escapeJs(id)];
  for (const column of columns) {
    const value = record[column.target];
    parts.push(value === null || value === undefined ? '\\N' : columnTextJs(column.type, value));
  }
  return parts.join('|');
}

export function columnTextJs(type: CanonicalType, value: unknown): string {
  switch (type) {
    case 'STRING':
      return escapeJs(String(value));
    case 'INT64':
      return typeof value === 'number' || typeof value === 'bigint' ? value.toString() : String(value);
    case 'BOOL':
    case 'DATE':
      return String(value);
    case 'TIMESTAMP':
      return String(toMillis(value));
    case 'FLOAT64':
      return formatG(Number(value), FLOAT_DIGITS);
    case 'NUMERIC':
      return typeof value === 'number' ? trimDecimal(plainDecimal(value)) : trimDecimal(String(value));
    case 'BYTES':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
  }
}

function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return new Date(String(value)).getTime();
}

/** printf's `%.17g`, as BigQuery's FORMAT writes it: 17 significant digits, zeros trimmed. */
export function formatG17(x: number): string {
  return formatG(x, 17);
}

/**
 * printf's `%.<digits>g` as BigQuery's FORMAT (and DuckDB's printf) writes it: exact decimal
 * rounding with ties to even, trailing zeros trimmed, exponent form below 1e-4 or from
 * 10^digits on.
 */
export function formatG(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { mantissa, exponent } = roundHalfEven(Math.abs(x), digits);
  // Written with slices and loops, not regexes and splits: a validation scan formats every
  // FLOAT64 of every row, and this was most of its time.
  if (exponent < -4 || exponent >= digits) {
    const fraction = trimZeros(mantissa.slice(1));
    const e = exponent < 0 ? -exponent : exponent;
    return `${sign}${mantissa[0]}${fraction ? `.${fraction}` : ''}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${trimZeros(mantissa)}`;
  const fraction = trimZeros(mantissa.slice(exponent + 1));
  return `${sign}${mantissa.slice(0, exponent + 1)}${fraction ? `.${fraction}` : ''}`;
}

/** Mantissa digits and exponent of `toExponential` text ("d.ddde+N"). */
function splitExponential(s: string): { mantissa: string; exponent: number } {
  const e = s.indexOf('e');
  return { mantissa: e > 1 ? s[0]! + s.slice(2, e) : s[0]!, exponent: Number(s.slice(e + 1)) };
}

function trimZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

/**
 * The first `digits` significant digits of a positive double and its decimal exponent.
 * JS rounds exact ties away from zero, printf to even: a tie shows in the exact expansion
 * (toExponential(100) is exact that far) as a 5 followed by zeros only.
 */
function roundHalfEven(x: number, digits: number): { mantissa: string; exponent: number } {
  const rounded = splitExponential(x.toExponential(digits - 1));
  // An exact tie shows as "50" in the next two digits too; anything else cannot be one, and
  // the 100-digit expansion is skipped.
  const next = x.toExponential(digits + 1);
  const e = next.indexOf('e');
  if (next.charCodeAt(e - 2) !== 53 || next.charCodeAt(e - 1) !== 48) return rounded;
  const exact = splitExponential(x.toExponential(100));
  const rest = exact.mantissa.slice(digits);
  const down = exact.mantissa.slice(0, digits);
  if (/^50*$/.test(rest) && Number(down[digits - 1]) % 2 === 0) return { mantissa: down, exponent: exact.exponent };
  return rounded;
}

function trimFraction(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Decimal text without trailing fractional zeros; a leading '+' and '-0' normalised. */
export function trimDecimal(text: string): string {
  let s = text.trim().replace(/^\+/, '');
  if (s.includes('.')) s = trimFraction(s);
  return /^-0*(\.0*)?$/.test(s) ? '0' : s;
}

/** A double that is an exact decimal (number-when-safe NUMERIC) as plain decimal text. */
function plainDecimal(n: number): string {
  const s = n.toString();
  if (!/e/i.test(s)) return s;
  if (Math.abs(n) >= 1) return BigInt(n).toString();
  return n.toFixed(20);
}
