/** Conversions of REST wire rows (`{f:[{v}]}`) that the HTTP layer needs on its own. */
import type { FieldSchema, RestRow, TableSchema } from '../../engine/contract.js';

type Cell = { v: unknown };
const MICROS_PER_SECOND = 1_000_000n;

/** int64 microseconds since the epoch -> RFC 3339 with microseconds, e.g. 2024-01-02T03:04:05.123456Z. */
export function microsToIso(micros: string): string {
  const us = BigInt(micros);
  let seconds = us / MICROS_PER_SECOND;
  let frac = us % MICROS_PER_SECOND;
  if (frac < 0n) {
    frac += MICROS_PER_SECOND;
    seconds -= 1n;
  }
  const iso = new Date(Number(seconds) * 1000).toISOString(); // ...:05.000Z
  return `${iso.slice(0, 19)}.${frac.toString().padStart(6, '0')}Z`;
}

/** int64 microseconds -> decimal seconds, exact (BigQuery's float-seconds format, without rounding). */
export function microsToSeconds(micros: string): string {
  const us = BigInt(micros);
  const neg = us < 0n;
  const abs = neg ? -us : us;
  const whole = abs / MICROS_PER_SECOND;
  const frac = (abs % MICROS_PER_SECOND).toString().padStart(6, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

function hasTimestamp(fields: readonly FieldSchema[]): boolean {
  return fields.some(
    (f) => f.type === 'TIMESTAMP' || ((f.type === 'RECORD' || f.type === 'STRUCT') && hasTimestamp(f.fields ?? [])),
  );
}

/**
 * Rows are stored with int64-microsecond timestamps (what the official client asks for).
 * A caller that did not ask for that gets BigQuery's default, seconds; this returns a row
 * mapper for that case, or undefined when the schema has no TIMESTAMP (nothing to copy).
 */
export function secondsTimestampMapper(schema: TableSchema | undefined): ((row: RestRow) => RestRow) | undefined {
  if (!schema || !hasTimestamp(schema.fields)) return undefined;
  const mapRow = (fields: readonly FieldSchema[], row: RestRow): RestRow => ({
    f: row.f.map((cell, i) => {
      const field = fields[i];
      return field ? { v: mapValue(field, cell.v, true) } : cell;
    }),
  });
  const mapValue = (field: FieldSchema, v: unknown, allowRepeated: boolean): unknown => {
    if (v === null || v === undefined) return v;
    if (allowRepeated && field.mode === 'REPEATED' && Array.isArray(v)) {
      return (v as Cell[]).map((c) => ({ v: mapValue(field, c.v, false) }));
    }
    if (field.type === 'TIMESTAMP' && typeof v === 'string') return microsToSeconds(v);
    if ((field.type === 'RECORD' || field.type === 'STRUCT') && typeof v === 'object')
      return mapRow(field.fields ?? [], v as RestRow);
    return v;
  };
  return (row) => mapRow(schema.fields, row);
}

/** A wire row -> the JSON object form insertAll accepts (used to write query results to a table). */
export function restRowToJson(fields: readonly FieldSchema[], row: RestRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    const cell = row.f[i];
    out[field.name] = cell === undefined ? null : cellToJson(field, cell.v, true);
  });
  return out;
}

function cellToJson(field: FieldSchema, v: unknown, allowRepeated: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (allowRepeated && field.mode === 'REPEATED' && Array.isArray(v)) {
    return (v as Cell[]).map((c) => cellToJson(field, c.v, false));
  }
  if (field.type === 'RECORD' || field.type === 'STRUCT') return restRowToJson(field.fields ?? [], v as RestRow);
  if (field.type === 'TIMESTAMP' && typeof v === 'string' && /^-?\d+$/.test(v)) return microsToIso(v);
  return v;
}
