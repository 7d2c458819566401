import { FINGERPRINT_ALIAS, type KeySpec } from '../query/key-spec.js';
import type { RowConverter, TargetRecord } from '../model/index.js';
import {
  ConversionError,
  microsColumn,
  timestampWireToMicros,
  toHarperValue,
  type ValueOptions,
} from './bigquery-values.js';
import { harperId, keyPart } from './harper-id.js';
import type { BigQueryRow, SchemaField } from './wire-row.js';

/** Where a source column named `id` goes when it is not the key: `id` is Harper's primary key. */
export const SOURCE_ID_COLUMN = '_source_id';

export interface BigQueryRowConverterOptions extends ValueOptions {
  /** The source table's schema (tables.get); selects the converter of each column. */
  fields: readonly SchemaField[];
  key: KeySpec;
  /** Also keep each top-level TIMESTAMP column's exact microseconds in `<name>Micros` (BigInt). */
  timestampMicros?: boolean;
}

/** Type converter for BigQuery rows: typed values, plus the deterministic Harper `id`. */
export function bigQueryRowConverter(o: BigQueryRowConverterOptions): RowConverter<BigQueryRow> {
  const byName = new Map(o.fields.map((f) => [f.name, f]));
  const keyIsId = o.key.kind === 'columns' && o.key.columns.length === 1 && o.key.columns[0]!.name === 'id';
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      if (name === FINGERPRINT_ALIAS) continue;
      const field = byName.get(name);
      if (!field) return { error: `column ${name} is not in the source table's schema` };
      record[name === 'id' && !keyIsId ? SOURCE_ID_COLUMN : name] = toHarperValue(field, value, o);
      if (o.timestampMicros && isScalarTimestamp(field)) {
        if (byName.has(microsColumn(name)))
          return { error: `column ${microsColumn(name)} exists in the source: timestampMicros cannot add it` };
        record[microsColumn(name)] = exactMicros(field, value);
      }
    }
    let keyValues: string[];
    if (o.key.kind === 'fingerprint') {
      keyValues = [row[FINGERPRINT_ALIAS] as string];
    } else {
      keyValues = [];
      for (const column of o.key.columns) {
        const wire = row[column.name];
        if (typeof wire !== 'string')
          return { error: `key column ${column.name} is ${wire === null ? 'NULL' : 'not a scalar'}` };
        keyValues.push(keyPart(column.type, wire));
      }
    }
    record.id = harperId(keyValues);
    return { record: record as TargetRecord };
  };
}

function isScalarTimestamp(field: SchemaField): boolean {
  return field.type.toUpperCase() === 'TIMESTAMP' && field.mode !== 'REPEATED';
}

function exactMicros(field: SchemaField, value: unknown): bigint | null {
  if (value === null) return null;
  const micros = typeof value === 'string' ? timestampWireToMicros(value) : undefined;
  if (micros === undefined) throw new ConversionError(field, value, 'expected a timestamp');
  return micros;
}
