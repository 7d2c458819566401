import type { Schema } from 'apache-arrow';
import type { SchemaField } from '../convert/wire-row.js';
import type { KeyColumn, KeySpec } from '../query/key-spec.js';
import { arrowTypeProblem } from './arrow-values.js';

/** BigQuery types whose Arrow form the sync reads into the same values as the REST path. */
const READABLE = new Set([
  'BOOL',
  'BOOLEAN',
  'INT64',
  'INTEGER',
  'FLOAT64',
  'FLOAT',
  'NUMERIC',
  'BIGNUMERIC',
  'DECIMAL',
  'BIGDECIMAL',
  'STRING',
  'BYTES',
  'TIMESTAMP',
  'DATE',
  'DATETIME',
  'TIME',
  'JSON',
  'GEOGRAPHY',
  'RECORD',
  'STRUCT',
]);

/** Key types whose REST wire text the Arrow path reproduces exactly (floats print differently). */
const KEY_TYPES = new Set([
  'INT64',
  'INTEGER',
  'STRING',
  'BOOL',
  'BOOLEAN',
  'BYTES',
  'NUMERIC',
  'BIGNUMERIC',
  'DECIMAL',
  'BIGDECIMAL',
  'TIMESTAMP',
  'DATE',
  'DATETIME',
  'TIME',
]);

/**
 * Why a table cannot backfill through Storage Read (it then uses the query path), judged
 * from the table schema before any session is opened; undefined when it can.
 */
export function storageReadProblem(fields: readonly SchemaField[], key: KeySpec): string | undefined {
  if (key.kind !== 'columns')
    return 'the table has no primaryKey: its row fingerprint is computed in SQL, which Storage Read cannot run';
  const floatKey = key.columns.find((c) => !KEY_TYPES.has(c.type.toUpperCase()));
  if (floatKey)
    return `key column ${floatKey.name} is ${floatKey.type}, whose Arrow form does not give its REST key text`;
  for (const field of fields) {
    const problem = fieldProblem(field);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(field: SchemaField): string | undefined {
  const type = field.type.toUpperCase();
  if (!READABLE.has(type))
    return `column ${field.name} is ${type}: its Arrow form is not proven equal to the REST path`;
  for (const sub of field.fields ?? []) {
    const problem = fieldProblem(sub);
    if (problem) return problem;
  }
  return undefined;
}

/** Why the session's Arrow schema cannot be read into the REST path's values; undefined when it can. */
export function arrowSchemaProblem(fields: readonly SchemaField[], schema: Schema): string | undefined {
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const arrowField of schema.fields) {
    const field = byName.get(arrowField.name);
    if (!field) return `the session returns column ${arrowField.name}, which the table schema lacks`;
    const problem = arrowTypeProblem(field, arrowField.type);
    if (problem) return problem;
  }
  return undefined;
}

/** The key columns of a key spec that passed `storageReadProblem`. */
export function keyColumnsOf(key: KeySpec): KeyColumn[] {
  if (key.kind !== 'columns') throw new Error('a Storage Read backfill needs key columns');
  return key.columns;
}
