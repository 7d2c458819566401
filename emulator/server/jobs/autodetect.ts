/**
 * Schema auto-detection for NDJSON loads (`autodetect: true`), following BigQuery's
 * documented behaviour for JSON: booleans, integers, floats, DATE / TIMESTAMP-looking
 * strings, nested objects as RECORD and arrays as REPEATED; conflicting samples widen to
 * FLOAT (int + float) or STRING. Only a sample of rows is inspected, as BigQuery does.
 */
import type { BqTypeName, FieldSchema, TableSchema } from '../../engine/contract.js';

const SAMPLE_ROWS = 500;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)$/i;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

interface Guess {
  type: BqTypeName | undefined;
  repeated: boolean;
  children?: Map<string, Guess>;
}

export function inferSchema(rows: readonly Record<string, unknown>[]): TableSchema {
  const root = new Map<string, Guess>();
  for (const row of rows.slice(0, SAMPLE_ROWS)) observeObject(root, row);
  return { fields: toFields(root) };
}

function observeObject(into: Map<string, Guess>, obj: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(obj)) {
    let guess = into.get(key);
    if (!guess) {
      guess = { type: undefined, repeated: false };
      into.set(key, guess);
    }
    if (Array.isArray(value)) {
      guess.repeated = true;
      for (const item of value) observeValue(guess, item);
    } else {
      observeValue(guess, value);
    }
  }
}

function observeValue(guess: Guess, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    guess.type = guess.type === undefined || guess.type === 'RECORD' ? 'RECORD' : 'STRING';
    guess.children ??= new Map();
    observeObject(guess.children, value as Record<string, unknown>);
    return;
  }
  guess.type = widen(guess.type, scalarType(value));
}

function scalarType(value: unknown): BqTypeName {
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  if (typeof value === 'string') {
    if (DATE_RE.test(value)) return 'DATE';
    if (TIMESTAMP_RE.test(value)) return 'TIMESTAMP';
    if (DATETIME_RE.test(value)) return 'DATETIME';
  }
  return 'STRING';
}

function widen(a: BqTypeName | undefined, b: BqTypeName): BqTypeName {
  if (a === undefined || a === b) return b;
  if ((a === 'INTEGER' && b === 'FLOAT') || (a === 'FLOAT' && b === 'INTEGER')) return 'FLOAT';
  return 'STRING';
}

function toFields(guesses: Map<string, Guess>): FieldSchema[] {
  const fields: FieldSchema[] = [];
  for (const [name, g] of guesses) {
    const type = g.type ?? 'STRING';
    const field: FieldSchema = { name, type, mode: g.repeated ? 'REPEATED' : 'NULLABLE' };
    if (type === 'RECORD') field.fields = toFields(g.children ?? new Map());
    fields.push(field);
  }
  return fields;
}
