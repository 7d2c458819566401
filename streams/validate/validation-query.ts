import type { BuiltQuery } from '../query/page-query.js';
import { quoteIdentifier } from '../query/identifiers.js';
import { FINGERPRINT_ALIAS, ROW_ALIAS, type KeySpec } from '../query/key-spec.js';
import { keyTextSql, rowTextSql, type ContentColumn } from './canonical.js';
import type { WindowPlan } from './windows.js';

/** The source table as validation reads it. */
export interface ValidationTable {
  projectId: string;
  dataset: string;
  table: string;
  timestampColumn: string;
  key: KeySpec;
  content: readonly ContentColumn[];
}

/**
 * The innermost scan with the time filter in its own WHERE, compared with query parameters
 * (constants for the planner), so BigQuery prunes partitions. For a fingerprint key the
 * fingerprint is computed over the whole row exactly as the page query does.
 */
function scan(t: ValidationTable): { from: string; keyText: string; rowText: string; ts: string } {
  const ts = quoteIdentifier(t.timestampColumn);
  const table = quoteIdentifier(t.projectId, t.dataset, t.table);
  const where = `WHERE ${ts} >= TIMESTAMP_MILLIS(@from_ms) AND ${ts} < TIMESTAMP_MILLIS(@to_ms)`;
  const from =
    t.key.kind === 'fingerprint'
      ? `(SELECT ${ROW_ALIAS}.*, FARM_FINGERPRINT(TO_JSON_STRING(${ROW_ALIAS})) AS ${quoteIdentifier(FINGERPRINT_ALIAS)} FROM ${table} AS ${ROW_ALIAS} ${where}) AS ${ROW_ALIAS}`
      : `${table} AS ${ROW_ALIAS} ${where}`;
  const keyText = keyTextSql(t.key, quoteIdentifier(FINGERPRINT_ALIAS));
  return { from, keyText, rowText: rowTextSql(keyText, t.content), ts };
}

/**
 * ONE grouped query for every window of a plan: count, XOR of key fingerprints and XOR of
 * row fingerprints per window index. Int64 results travel as strings (no float rounding).
 */
export function buildSummaryQuery(t: ValidationTable, plan: WindowPlan): BuiltQuery {
  const s = scan(t);
  const query = [
    'SELECT CAST(w AS STRING) AS w, CAST(COUNT(*) AS STRING) AS n,',
    '  CAST(BIT_XOR(FARM_FINGERPRINT(k)) AS STRING) AS kx, CAST(BIT_XOR(FARM_FINGERPRINT(r)) AS STRING) AS rx',
    `FROM (SELECT DIV(UNIX_MILLIS(${s.ts}) - @origin_ms, @width_ms) AS w, ${s.keyText} AS k, ${s.rowText} AS r`,
    `  FROM ${s.from})`,
    'GROUP BY w',
  ].join('\n');
  return {
    query,
    params: { from_ms: plan.fromMs, to_ms: plan.toMs, origin_ms: plan.originMs, width_ms: plan.widthMs },
    types: { from_ms: 'INT64', to_ms: 'INT64', origin_ms: 'INT64', width_ms: 'INT64' },
  };
}

/** Every key of a small window with its row fingerprint, to name missing/extra/changed keys. */
export function buildKeysQuery(t: ValidationTable, fromMs: number, toMs: number): BuiltQuery {
  const s = scan(t);
  const query = [
    'SELECT k, CAST(FARM_FINGERPRINT(r) AS STRING) AS rf',
    `FROM (SELECT ${s.keyText} AS k, ${s.rowText} AS r FROM ${s.from})`,
  ].join('\n');
  return { query, params: { from_ms: fromMs, to_ms: toMs }, types: { from_ms: 'INT64', to_ms: 'INT64' } };
}
