/**
 * BigQuery REST rows (`{ f: [{ v }] }`) are positional; the sync works on rows keyed by
 * column name whose leaves are still the wire strings, so nothing is lost before the type
 * converter decides what each value becomes.
 */
export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  fields?: SchemaField[];
}

/** A wire value by name: string leaves, arrays for REPEATED, objects for RECORD. */
export type WireValue = string | null | WireValue[] | { [name: string]: WireValue };

export type BigQueryRow = Record<string, WireValue>;

interface RestCell {
  v: unknown;
}
interface RestRow {
  f: RestCell[];
}

export function restRowToObject(fields: readonly SchemaField[], row: RestRow): BigQueryRow {
  const out: BigQueryRow = {};
  fields.forEach((field, i) => {
    out[field.name] = restValue(field, row.f[i]?.v ?? null);
  });
  return out;
}

function restValue(field: SchemaField, v: unknown): WireValue {
  if (v === null || v === undefined) return null;
  if (field.mode === 'REPEATED') {
    const items = v as RestCell[];
    return items.map((item) => restScalarOrRecord(field, item.v));
  }
  return restScalarOrRecord(field, v);
}

function restScalarOrRecord(field: SchemaField, v: unknown): WireValue {
  if (v === null || v === undefined) return null;
  if (field.type === 'RECORD' || field.type === 'STRUCT') return restRowToObject(field.fields ?? [], v as RestRow);
  if (typeof v !== 'string') throw new Error(`Column ${field.name}: expected a string on the wire, got ${typeof v}`);
  return v;
}
