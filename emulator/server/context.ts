/** What every route handler gets: the engine, the server's in-memory state and the request. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Engine, TableRef, TableSchema } from '../engine/contract.js';
import { datasetName, notFound, tableName, type BigQueryError } from './errors.js';
import type { Reply } from './http.js';
import type { JobStore } from './jobs/store.js';
import type { InsertIdCache } from './insert-dedupe.js';
import type { UploadSessions } from './upload/sessions.js';
import type { RouteMatch } from './router.js';

export interface ServerContext {
  engine: Engine;
  jobs: JobStore;
  insertIds: InsertIdCache;
  uploads: UploadSessions;
  /** `http://host:port`, set once the server listens; used for selfLinks and upload URLs. */
  baseUrl: string;
}

export interface RequestInfo {
  method: string;
  match: RouteMatch;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The raw body, read on first call. */
  body(): Promise<Buffer>;
  /** The body parsed as a JSON object (`{}` when empty); 400 on malformed JSON. */
  json(): Promise<Record<string, unknown>>;
  /** Set by a `jobFailure` fault: the job this request creates fails with it instead of running. */
  jobFailure?: BigQueryError;
}

export type Handler = (ctx: ServerContext, req: RequestInfo) => Promise<Reply>;

export async function requireDataset(
  ctx: ServerContext,
  projectId: string,
  datasetId: string,
): Promise<Record<string, unknown>> {
  const ds = await ctx.engine.getDataset(projectId, datasetId);
  if (!ds) throw notFound(`Not found: Dataset ${datasetName(projectId, datasetId)}`);
  return ds;
}

export async function requireTable(
  ctx: ServerContext,
  ref: TableRef,
): Promise<{ resource: Record<string, unknown>; schema: TableSchema }> {
  const table = await ctx.engine.getTable(ref);
  if (table) return table;
  // BigQuery names the missing dataset when that is what is missing.
  await requireDataset(ctx, ref.projectId, ref.datasetId);
  throw notFound(`Not found: Table ${tableName(ref.projectId, ref.datasetId, ref.tableId)}`);
}

export function tableRefOf(match: RouteMatch): TableRef {
  return { projectId: match.params.projectId, datasetId: match.params.datasetId, tableId: match.params.tableId };
}
