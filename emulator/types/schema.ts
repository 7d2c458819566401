/**
 * BigQuery table schemas: canonical type names, validation, and the DuckDB column types that
 * store each BigQuery type. Everything else in the engine works on the normalised schema
 * produced here, so the many spellings BigQuery accepts (INT64/INTEGER, STRUCT/RECORD, ...)
 * are resolved exactly once.
 */
import { BigQueryError, type FieldSchema, type TableSchema } from '../engine/contract.js';

/** Standard SQL names; the engine reasons in these. */
export type BqType =
  | 'BOOL'
  | 'INT64'
  | 'FLOAT64'
  | 'NUMERIC'
  | 'BIGNUMERIC'
  | 'STRING'
  | 'BYTES'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'TIMESTAMP'
  | 'GEOGRAPHY'
  | 'JSON'
  | 'STRUCT'
  | 'INTERVAL';

export type Mode = 'NULLABLE' | 'REQUIRED' | 'REPEATED';

/** A schema field after normalisation: standard type name, explicit mode, nested fields for STRUCT. */
export interface Field {
  name: string;
  type: BqType;
  mode: Mode;
  fields: Field[];
  description?: string;
}

const ALIASES: Record<string, BqType> = {
  BOOL: 'BOOL',
  BOOLEAN: 'BOOL',
  INT64: 'INT64',
  INTEGER: 'INT64',
  INT: 'INT64',
  SMALLINT: 'INT64',
  BIGINT: 'INT64',
  TINYINT: 'INT64',
  BYTEINT: 'INT64',
  FLOAT64: 'FLOAT64',
  FLOAT: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  DECIMAL: 'NUMERIC',
  BIGNUMERIC: 'BIGNUMERIC',
  BIGDECIMAL: 'BIGNUMERIC',
  STRING: 'STRING',
  BYTES: 'BYTES',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  GEOGRAPHY: 'GEOGRAPHY',
  JSON: 'JSON',
  STRUCT: 'STRUCT',
  RECORD: 'STRUCT',
  INTERVAL: 'INTERVAL',
};

/** The names BigQuery's REST API reports in schemas (tables.get and query results). */
const LEGACY: Record<BqType, string> = {
  BOOL: 'BOOLEAN',
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  NUMERIC: 'NUMERIC',
  BIGNUMERIC: 'BIGNUMERIC',
  STRING: 'STRING',
  BYTES: 'BYTES',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  GEOGRAPHY: 'GEOGRAPHY',
  JSON: 'JSON',
  STRUCT: 'RECORD',
  INTERVAL: 'INTERVAL',
};

export function canonicalType(name: string): BqType | undefined {
  return ALIASES[name.toUpperCase()];
}

export function legacyTypeName(type: BqType): string {
  return LEGACY[type];
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function invalid(message: string): BigQueryError {
  return new BigQueryError(400, 'invalid', message);
}

/** Validates and normalises a REST schema. Throws BigQueryError 400 invalid like tables.insert does. */
export function normalizeSchema(schema: TableSchema | undefined): Field[] {
  return normalizeFields(schema?.fields ?? [], '');
}

function normalizeFields(fields: readonly FieldSchema[], prefix: string): Field[] {
  const seen = new Set<string>();
  return fields.map((f) => {
    const path = prefix + f.name;
    if (typeof f.name !== 'string' || !FIELD_NAME.test(f.name) || f.name.length > 300) {
      throw invalid(
        `Invalid field name "${String(f.name)}". Fields must contain only letters, numbers, and underscores, start with a letter or underscore, and be at most 300 characters long.`,
      );
    }
    const key = f.name.toLowerCase();
    if (seen.has(key)) throw invalid(`Field ${path} already exists in schema`);
    seen.add(key);
    const type = canonicalType(String(f.type ?? ''));
    if (!type) throw invalid(`Invalid value for type: ${String(f.type)} is not a valid value (field ${path})`);
    const mode = (f.mode ?? 'NULLABLE').toUpperCase();
    if (mode !== 'NULLABLE' && mode !== 'REQUIRED' && mode !== 'REPEATED') {
      throw invalid(`Invalid value for mode: ${String(f.mode)} is not a valid value (field ${path})`);
    }
    let nested: Field[] = [];
    if (type === 'STRUCT') {
      if (!f.fields || f.fields.length === 0) throw invalid(`Field ${path} is type RECORD but has no schema`);
      nested = normalizeFields(f.fields, path + '.');
    } else if (f.fields && f.fields.length > 0) {
      throw invalid(`Field ${path} is type ${String(f.type)} but has a nested schema`);
    }
    const out: Field = { name: f.name, type, mode: mode as Mode, fields: nested };
    if (f.description !== undefined) out.description = f.description;
    return out;
  });
}

/** Back to REST shape with the legacy type names BigQuery reports. */
export function toRestFields(fields: readonly Field[]): FieldSchema[] {
  return fields.map((f) => {
    const out: FieldSchema = { name: f.name, type: legacyTypeName(f.type) as FieldSchema['type'], mode: f.mode };
    if (f.type === 'STRUCT') out.fields = toRestFields(f.fields);
    if (f.description !== undefined) out.description = f.description;
    return out;
  });
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** DuckDB type of one value of `f` (ignoring REPEATED). */
export function duckScalarType(f: Field): string {
  switch (f.type) {
    case 'BOOL':
      return 'BOOLEAN';
    case 'INT64':
      return 'BIGINT';
    case 'FLOAT64':
      return 'DOUBLE';
    case 'NUMERIC':
      return 'DECIMAL(38,9)';
    // DuckDB DECIMAL stops at 38 digits; BIGNUM is an exact arbitrary-size integer, so
    // BIGNUMERIC is stored scaled by 10^38 (its full scale) and the BIGNUM column type
    // marks the column as BIGNUMERIC in result schemas (nothing else maps to BIGNUM).
    case 'BIGNUMERIC':
      return 'BIGNUM';
    case 'STRING':
      return 'VARCHAR';
    case 'BYTES':
      return 'BLOB';
    case 'DATE':
      return 'DATE';
    case 'DATETIME':
      return 'TIMESTAMP';
    case 'TIME':
      return 'TIME';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    // DuckDB's built-in GEOMETRY keeps GEOGRAPHY recognisable in result schemas.
    case 'GEOGRAPHY':
      return 'GEOMETRY';
    case 'JSON':
      return 'JSON';
    case 'INTERVAL':
      return 'INTERVAL';
    case 'STRUCT':
      return 'STRUCT(' + f.fields.map((c) => quoteIdent(c.name) + ' ' + duckType(c)).join(', ') + ')';
  }
}

export function duckType(f: Field): string {
  const t = duckScalarType(f);
  return f.mode === 'REPEATED' ? t + '[]' : t;
}

/** Column definitions for CREATE TABLE; top-level REQUIRED becomes NOT NULL like BigQuery enforces. */
export function duckColumnDefs(fields: readonly Field[]): string {
  return fields
    .map((f) => quoteIdent(f.name) + ' ' + duckType(f) + (f.mode === 'REQUIRED' ? ' NOT NULL' : ''))
    .join(', ');
}

export function hasType(fields: readonly Field[], type: BqType, nestedOnly = false): boolean {
  return fields.some(
    (f) =>
      (f.type === type && (!nestedOnly || f.mode === 'REPEATED')) ||
      (f.type === 'STRUCT' && hasType(f.fields, type, false)),
  );
}

export function findField(fields: readonly Field[], name: string): Field | undefined {
  const key = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === key);
}
