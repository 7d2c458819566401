import type { PageRequest, WindowRequest } from '../model/index.js';
import { quoteIdentifier } from './identifiers.js';
import type { UnitSlice } from '../../src/cluster/units.js';
import { unitCondition } from './unit-filter.js';
import { FINGERPRINT_ALIAS, ROW_ALIAS, TIMESTAMP_ALIAS, keyKindOf, type KeyColumn, type KeySpec } from './key-spec.js';

/** What a page query reads: one source table. */
export interface PageQueryTable {
  projectId: string;
  dataset: string;
  table: string;
  timestampColumn: string;
  /** Explicit columns (timestamp and key columns included) or every column. */
  columns: readonly string[] | '*';
  key: KeySpec;
  /** Read only this key-hash bucket (cluster mode); absent reads the whole table. */
  unit?: UnitSlice;
}

export type { PageRequest, WindowRequest };

/** A parameterised GoogleSQL query in the shape the official client's `query()` takes. */
export interface BuiltQuery {
  query: string;
  params: Record<string, string | number>;
  types: Record<string, string>;
}

/**
 * Builds the keyset page query:
 * `WHERE ts <= @upper AND (ts > @t OR (ts = @t AND key > @k)) ORDER BY ts, key LIMIT @n`.
 * The redundant `ts >= @t` keeps the predicate sargable so BigQuery can prune partitions.
 * Key values travel as STRING parameters cast in SQL, so every key type round-trips exactly
 * from its wire form.
 */
export function buildPageQuery(table: PageQueryTable, request: PageRequest | WindowRequest): BuiltQuery {
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 1)) {
    throw new Error(`Page limit must be a positive integer, got ${request.limit}`);
  }
  const ts = quoteIdentifier(table.timestampColumn);
  const from = quoteIdentifier(table.projectId, table.dataset, table.table);
  const params: Record<string, string | number> = { upper: request.upperMicros.toString() };
  const types: Record<string, string> = { upper: 'INT64' };
  if (request.limit !== undefined) {
    params.limit = request.limit;
    types.limit = 'INT64';
  }

  const keyExprs =
    table.key.kind === 'fingerprint'
      ? [quoteIdentifier(FINGERPRINT_ALIAS)]
      : table.key.columns.map((c) => quoteIdentifier(c.name));
  const conditions = [`${ts} <= TIMESTAMP_MICROS(@upper)`];
  // Conditions on the timestamp alone: constants BigQuery can prune partitions with. They
  // must sit in the WHERE of the scan that reads the table (the fingerprint subquery).
  const range = [`${ts} <= TIMESTAMP_MICROS(@upper)`];
  if (request.after) {
    params.after_ts = request.after.timestampMicros.toString();
    types.after_ts = 'INT64';
    const keyColumns: KeyColumn[] =
      table.key.kind === 'fingerprint' ? [{ name: FINGERPRINT_ALIAS, type: 'INT64' }] : table.key.columns;
    if (request.after.key.length !== keyColumns.length) {
      throw new Error(`Cursor has ${request.after.key.length} key values but the key has ${keyColumns.length} columns`);
    }
    const keyParams = keyColumns.map((column, i) => {
      const name = `after_k${i}`;
      params[name] = request.after!.key[i]!;
      types[name] = 'STRING';
      return castParam(name, column.type);
    });
    conditions.push(`${ts} >= TIMESTAMP_MICROS(@after_ts)`);
    range.push(`${ts} >= TIMESTAMP_MICROS(@after_ts)`);
    conditions.push(
      `(${ts} > TIMESTAMP_MICROS(@after_ts) OR (${ts} = TIMESTAMP_MICROS(@after_ts) AND ${lexicographicGreater(keyExprs, keyParams)}))`,
    );
  } else if (request.lowerMicros !== undefined) {
    params.lower = request.lowerMicros.toString();
    types.lower = 'INT64';
    conditions.push(`${ts} >= TIMESTAMP_MICROS(@lower)`);
    range.push(`${ts} >= TIMESTAMP_MICROS(@lower)`);
  }

  if (table.unit) {
    // On the key only, in the outer WHERE: the timestamp bounds above still prune partitions.
    const unit = unitCondition(table.key, table.unit);
    conditions.push(unit.condition);
    Object.assign(params, unit.params);
    Object.assign(types, unit.types);
  }

  // The row alias must not be a plausible column name: `TO_JSON_STRING(t)` on a table with a
  // column `t` would encode that column instead of the row.
  const row = ROW_ALIAS;
  const selected = table.columns === '*' ? [`${row}.*`] : table.columns.map((c) => quoteIdentifier(c));
  const extra = [`UNIX_MICROS(${ts}) AS ${quoteIdentifier(TIMESTAMP_ALIAS)}`];
  let source: string;
  if (table.key.kind === 'fingerprint') {
    // The fingerprint must exist before WHERE can compare it: compute it in a subquery over
    // the whole row so identical rows (and only those) share it.
    // With '*' the subquery's row.* already carries the fingerprint column.
    if (table.columns !== '*') extra.push(quoteIdentifier(FINGERPRINT_ALIAS));
    source = `(SELECT ${row}.*, FARM_FINGERPRINT(TO_JSON_STRING(${row})) AS ${quoteIdentifier(FINGERPRINT_ALIAS)} FROM ${from} AS ${row} WHERE ${range.join(' AND ')}) AS ${row}`;
  } else {
    source = `${from} AS ${row}`;
  }
  const query = [
    `SELECT ${[...selected, ...extra].join(', ')}`,
    `FROM ${source}`,
    `WHERE ${conditions.join('\n  AND ')}`,
    `ORDER BY ${[ts, ...keyExprs].join(', ')}`,
    ...(request.limit !== undefined ? ['LIMIT @limit'] : []),
  ].join('\n');
  return { query, params, types };
}

/** `(a > @a) OR (a = @a AND b > @b) ...`: tuple comparison spelled out for GoogleSQL. */
function lexicographicGreater(columns: string[], values: string[]): string {
  const terms = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c, j) => `${c} = ${values[j]}`);
    return [...equal, `${column} > ${values[i]}`].join(' AND ');
  });
  return terms.length === 1 ? terms[0]! : `(${terms.map((t) => `(${t})`).join(' OR ')})`;
}

function castParam(name: string, type: string): string {
  switch (keyKindOf(type)) {
    case 'timestamp':
      return `TIMESTAMP_MICROS(CAST(@${name} AS INT64))`;
    case 'bytes':
      return `FROM_BASE64(@${name})`;
    case 'string':
      return `@${name}`;
    default:
      return `CAST(@${name} AS ${standardTypeName(type)})`;
  }
}

/** Schemas may use legacy SQL type names; CAST needs the GoogleSQL ones. */
function standardTypeName(type: string): string {
  const upper = type.toUpperCase();
  return { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' }[upper] ?? upper;
}
