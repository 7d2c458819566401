/** Shared helpers for engine tests. */
import { createDuckDbEngine } from '../../../emulator/engine/index.js';
import type {
  Engine,
  QueryOptions,
  QueryParameter,
  QueryResult,
  RestRow,
  TableRef,
} from '../../../emulator/engine/contract.js';

export const PROJECT = 'test-project';

export async function newEngine(dataFile?: string): Promise<Engine> {
  return dataFile ? createDuckDbEngine({ dataFile }) : createDuckDbEngine({});
}

export function ref(datasetId: string, tableId: string): TableRef {
  return { projectId: PROJECT, datasetId, tableId };
}

/** Runs a query with int64 timestamps (what the official client asks for). */
export function q(engine: Engine, sql: string, extra: Partial<QueryOptions> = {}): Promise<QueryResult> {
  return engine.query(sql, { defaultProjectId: PROJECT, useInt64Timestamp: true, ...extra });
}

/** The first row's cell values. */
export function firstRow(r: QueryResult): unknown[] {
  return (r.rows[0] as RestRow).f.map((c) => c.v);
}

/** Runs `SELECT <expr>` and returns the single value. */
export async function scalar(engine: Engine, expr: string, params?: QueryParameter[]): Promise<unknown> {
  const r = await q(engine, `SELECT ${expr}`, params ? { queryParameters: params } : {});
  return firstRow(r)[0];
}

export function param(name: string, type: string, value: string | null): QueryParameter {
  return { name, parameterType: { type }, parameterValue: { value } };
}

/** Plain values out of wire rows (cells unwrapped, nested too). */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((c: { v: unknown }) => plain(c.v));
  if (v && typeof v === 'object' && 'f' in v) return (v as RestRow).f.map((c) => plain(c.v));
  return v;
}
