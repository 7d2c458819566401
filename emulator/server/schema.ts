/** Validation of REST TableSchema input (tables.insert/patch, load job schemas). */
import type { BqTypeName, FieldSchema, TableSchema } from '../engine/contract.js';
import { invalid } from './errors.js';

const TYPES = new Set<BqTypeName>([
  'BOOL',
  'BOOLEAN',
  'INT64',
  'INTEGER',
  'FLOAT64',
  'FLOAT',
  'NUMERIC',
  'BIGNUMERIC',
  'STRING',
  'BYTES',
  'DATE',
  'DATETIME',
  'TIME',
  'TIMESTAMP',
  'GEOGRAPHY',
  'JSON',
  'STRUCT',
  'RECORD',
]);
const MODES = new Set(['NULLABLE', 'REQUIRED', 'REPEATED']);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
/** BigQuery allows 15 levels of nested RECORDs. */
const MAX_DEPTH = 15;

export function parseSchema(value: unknown, where = 'schema'): TableSchema {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { fields?: unknown }).fields)) {
    throw invalid(`${where} must be an object with a "fields" array.`, where);
  }
  return { fields: parseFields((value as { fields: unknown[] }).fields, where, 1) };
}

function parseFields(fields: unknown[], path: string, depth: number): FieldSchema[] {
  if (depth > MAX_DEPTH) throw invalid(`${path}: RECORD fields can be nested at most ${MAX_DEPTH} levels deep.`, path);
  const seen = new Set<string>();
  return fields.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) throw invalid(`${path}.fields[${i}] must be an object.`, path);
    const f = raw as Record<string, unknown>;
    const name = f.name;
    if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
      throw invalid(
        `Invalid field name "${String(name)}". Fields must contain only letters, numbers, and underscores, start with a letter or underscore, and be at most 300 characters long.`,
        path,
      );
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw invalid(`Field ${name} already exists in schema`, path);
    seen.add(lower);
    const type = typeof f.type === 'string' ? f.type.toUpperCase() : '';
    if (!TYPES.has(type as BqTypeName))
      throw invalid(`Invalid value for type: ${String(f.type)} is not a valid value`, `${path}.${name}`);
    const out: FieldSchema = { ...(f as object), name, type: type as BqTypeName } as FieldSchema;
    if (f.mode !== undefined && f.mode !== null) {
      const mode = typeof f.mode === 'string' ? f.mode.toUpperCase() : '';
      if (!MODES.has(mode))
        throw invalid(`Invalid value for mode: ${String(f.mode)} is not a valid value`, `${path}.${name}`);
      out.mode = mode as FieldSchema['mode'];
    }
    if (type === 'RECORD' || type === 'STRUCT') {
      if (!Array.isArray(f.fields) || f.fields.length === 0) {
        throw invalid(`Field ${name} is type RECORD but has no schema`, `${path}.${name}`);
      }
      out.fields = parseFields(f.fields, `${path}.${name}`, depth + 1);
    } else if (f.fields !== undefined) {
      delete out.fields;
    }
    return out;
  });
}

/** Finds a top-level field by name, case-insensitively as BigQuery does. */
export function findField(schema: TableSchema, name: string): FieldSchema | undefined {
  const lower = name.toLowerCase();
  return schema.fields.find((f) => f.name.toLowerCase() === lower);
}
