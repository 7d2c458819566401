/**
 * Row values as insertAll and NDJSON load accept them -> exact staged values, with
 * BigQuery-style per-field errors. A converter is compiled once per schema so that bulk
 * inserts do not re-dispatch on type names for every value.
 *
 * Staged forms: BOOL boolean, INT64 bigint, FLOAT64 number, NUMERIC/BIGNUMERIC scaled
 * bigint, STRING string, BYTES Uint8Array, DATE days (number), DATETIME/TIME/TIMESTAMP
 * microseconds (bigint), GEOGRAPHY canonical WKT, JSON canonical text, INTERVAL text,
 * STRUCT an array of staged field values, REPEATED an array.
 */
import type { ErrorProto } from '../engine/contract.js';
import {
  parseDate,
  parseDatetime,
  parseTime,
  parseTimestamp,
  MAX_TIMESTAMP_MICROS,
  MIN_TIMESTAMP_MICROS,
} from './datetime.js';
import { formatWkt, geographySize, parseGeography } from './geography.js';
import { canonicalJsonText, canonicalJsonValue } from './json.js';
import { BIGNUMERIC, NUMERIC, parseFloat64, parseInt64, parseScaled } from './numbers.js';
import type { Field } from './schema.js';

export type Staged = unknown;

export interface ConvertedRow {
  /** Staged value per top-level column, in schema order (null for NULL). */
  values: Staged[];
  /** Logical bytes per top-level column (BigQuery's data size rules). */
  sizes: number[];
}

export interface RowOptions {
  ignoreUnknownValues: boolean;
}

type Leaf = (v: unknown) => { value: Staged; size: number } | undefined;

class FieldError {
  constructor(
    readonly location: string,
    readonly message: string,
  ) {}
}

function show(v: unknown): string {
  const s =
    typeof v === 'string'
      ? v
      : (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v));
  return s.length > 200 ? s.slice(0, 200) + '...' : s;
}

const BASE64 = /^(?:[A-Za-z0-9+/\-_]{4})*(?:[A-Za-z0-9+/\-_]{2}(?:==)?|[A-Za-z0-9+/\-_]{3}=?)?$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Converters for one non-repeated, non-record value of each type. */
function leafFor(f: Field): Leaf {
  switch (f.type) {
    case 'BOOL':
      return (v) => {
        if (typeof v === 'boolean') return { value: v, size: 1 };
        if (typeof v === 'string') {
          const s = v.trim().toLowerCase();
          if (s === 'true' || s === '1') return { value: true, size: 1 };
          if (s === 'false' || s === '0') return { value: false, size: 1 };
        }
        if (v === 1 || v === 0) return { value: v === 1, size: 1 };
        return undefined;
      };
    case 'INT64':
      return (v) => {
        const n = parseInt64(v);
        return n === undefined ? undefined : { value: n, size: 8 };
      };
    case 'FLOAT64':
      return (v) => {
        const n = parseFloat64(v);
        return n === undefined ? undefined : { value: n, size: 8 };
      };
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      const spec = f.type === 'NUMERIC' ? NUMERIC : BIGNUMERIC;
      const size = f.type === 'NUMERIC' ? 16 : 32;
      return (v) => {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') return undefined;
        if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
        const n = parseScaled(String(v), spec);
        return n === undefined ? undefined : { value: n, size };
      };
    }
    case 'STRING':
      return (v) => {
        // Lone surrogates cannot be encoded as UTF-8, which BigQuery requires.
        if (typeof v === 'string') return LONE_SURROGATE.test(v) ? undefined : { value: v, size: 2 + utf8Length(v) };
        if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
          const s = String(v);
          return { value: s, size: 2 + s.length };
        }
        return undefined;
      };
    case 'BYTES':
      return (v) => {
        if (typeof v !== 'string' || !BASE64.test(v.replace(/\s+/g, ''))) return undefined;
        const bytes = new Uint8Array(Buffer.from(v, 'base64'));
        return { value: bytes, size: 2 + bytes.length };
      };
    case 'DATE':
      return (v) => {
        const d = typeof v === 'string' ? parseDate(v) : undefined;
        return d === undefined ? undefined : { value: d, size: 8 };
      };
    case 'DATETIME':
      return (v) => {
        const d = typeof v === 'string' ? parseDatetime(v) : undefined;
        return d === undefined ? undefined : { value: d, size: 8 };
      };
    case 'TIME':
      return (v) => {
        const t = typeof v === 'string' ? parseTime(v) : undefined;
        return t === undefined ? undefined : { value: t, size: 8 };
      };
    case 'TIMESTAMP':
      return (v) => {
        const t = timestampInput(v);
        return t === undefined ? undefined : { value: t, size: 8 };
      };
    case 'GEOGRAPHY':
      return (v) => {
        if (typeof v !== 'string' && (typeof v !== 'object' || v === null)) return undefined;
        const g = parseGeography(v);
        return g instanceof Error ? undefined : { value: formatWkt(g), size: geographySize(g) };
      };
    case 'JSON':
      return (v) => {
        const text = typeof v === 'string' ? canonicalJsonText(v) : canonicalJsonValue(v);
        return text instanceof Error ? undefined : { value: text, size: utf8Length(text) };
      };
    case 'INTERVAL':
      return (v) => (typeof v === 'string' ? { value: v, size: 16 } : undefined);
    case 'STRUCT':
      throw new Error('STRUCT is not a leaf');
  }
}

/** TIMESTAMP: date/time strings, or seconds since the epoch as a number or numeric string. */
function timestampInput(v: unknown): bigint | undefined {
  let micros: bigint | undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    micros = parseScaled(String(v), { scale: 6, min: MIN_TIMESTAMP_MICROS, max: MAX_TIMESTAMP_MICROS });
  } else if (typeof v === 'string') {
    const s = v.trim();
    micros = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)
      ? parseScaled(s, { scale: 6, min: MIN_TIMESTAMP_MICROS, max: MAX_TIMESTAMP_MICROS })
      : parseTimestamp(s);
  }
  return micros;
}

const TYPE_WORD: Record<string, string> = {
  BOOL: 'boolean',
  INT64: 'integer',
  FLOAT64: 'double',
  NUMERIC: 'numeric',
  BIGNUMERIC: 'bignumeric',
  STRING: 'string',
  BYTES: 'bytes',
  DATE: 'date',
  DATETIME: 'datetime',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  GEOGRAPHY: 'geography',
  JSON: 'JSON',
  INTERVAL: 'interval',
};

type ValueConverter = (v: unknown, path: string, errors: FieldError[]) => { value: Staged; size: number };

function compileValue(f: Field, opts: RowOptions): ValueConverter {
  const one = compileOne(f, opts);
  if (f.mode !== 'REPEATED') return one;
  return (v, path, errors) => {
    // insertAll treats a null REPEATED field as an empty array.
    if (v === null || v === undefined) return { value: [], size: 0 };
    if (!Array.isArray(v)) {
      errors.push(new FieldError(path, `Field ${path} is REPEATED; expected an array but got: ${show(v)}`));
      return { value: [], size: 0 };
    }
    const out: Staged[] = [];
    let size = 0;
    v.forEach((item, i) => {
      if (item === null || item === undefined) {
        errors.push(new FieldError(path, `Field ${path}: an array cannot contain NULL (element ${i})`));
        return;
      }
      const r = one(item, path, errors);
      out.push(r.value);
      size += r.size;
    });
    return { value: out, size };
  };
}

function compileOne(f: Field, opts: RowOptions): ValueConverter {
  if (f.type === 'STRUCT') {
    const rec = compileRecord(f.fields, opts);
    return (v, path, errors) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        errors.push(new FieldError(path, `Field ${path} is a RECORD; expected an object but got: ${show(v)}`));
        return { value: null, size: 0 };
      }
      const r = rec(v as Record<string, unknown>, path + '.', errors);
      return { value: r.values, size: r.sizes.reduce((a, b) => a + b, 0) };
    };
  }
  const leaf = leafFor(f);
  const word = TYPE_WORD[f.type] ?? f.type;
  return (v, path, errors) => {
    if (Array.isArray(v)) {
      errors.push(new FieldError(path, `Array specified for non-repeated field: ${path}.`));
      return { value: null, size: 0 };
    }
    const r = leaf(v);
    if (!r) {
      errors.push(new FieldError(path, `Cannot convert value to ${word} (bad value): ${show(v)} (field ${path})`));
      return { value: null, size: 0 };
    }
    return r;
  };
}

type RecordConverter = (row: Record<string, unknown>, prefix: string, errors: FieldError[]) => ConvertedRow;

function compileRecord(fields: readonly Field[], opts: RowOptions): RecordConverter {
  const byName = new Map<string, number>();
  fields.forEach((f, i) => byName.set(f.name.toLowerCase(), i));
  const converters = fields.map((f) => compileValue(f, opts));
  return (row, prefix, errors) => {
    const values: Staged[] = new Array<Staged>(fields.length).fill(null);
    const sizes: number[] = new Array<number>(fields.length).fill(0);
    const present: boolean[] = new Array<boolean>(fields.length).fill(false);
    for (const key of Object.keys(row)) {
      const idx = byName.get(key.toLowerCase());
      if (idx === undefined) {
        if (!opts.ignoreUnknownValues) errors.push(new FieldError(prefix + key, `no such field: ${prefix + key}.`));
        continue;
      }
      const f = fields[idx] as Field;
      const v = row[key];
      present[idx] = true;
      if (v === null || v === undefined) {
        if (f.mode === 'REPEATED') values[idx] = [];
        continue;
      }
      const r = (converters[idx] as ValueConverter)(v, prefix + f.name, errors);
      values[idx] = r.value;
      sizes[idx] = r.size;
    }
    fields.forEach((f, i) => {
      if (f.mode === 'REPEATED' && !present[i]) values[i] = [];
      if (f.mode === 'REQUIRED' && values[i] === null) {
        errors.push(new FieldError(prefix + f.name, `Missing required field: ${prefix + f.name}.`));
      }
    });
    return { values, sizes };
  };
}

export type RowConverter = (row: unknown) => ConvertedRow | ErrorProto[];

/** Compiles the schema once; the result converts one insertAll `json` object per call. */
export function compileRowConverter(fields: readonly Field[], opts: RowOptions): RowConverter {
  const rec = compileRecord(fields, opts);
  return (row) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return [{ reason: 'invalid', location: '', message: `A row must be a JSON object, got: ${show(row)}` }];
    }
    const errors: FieldError[] = [];
    const r = rec(row as Record<string, unknown>, '', errors);
    if (errors.length === 0) return r;
    return errors.map((e) => ({ reason: 'invalid', location: e.location, message: e.message }));
  };
}
