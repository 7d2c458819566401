/** Runs query jobs against the engine and records statistics the way BigQuery reports them. */
import type { QueryOptions, QueryResult, TableRef } from '../../engine/contract.js';
import { BigQueryError, duplicate, notFound, tableName, toBigQueryError } from '../errors.js';
import type { ServerContext } from '../context.js';
import { newTableResource, storableTable } from '../resources.js';
import { checkBytesBilledLimit, resultBytesBilled } from './billing.js';
import { markDone, markRunning } from './lifecycle.js';
import { restRowToJson } from './row-format.js';
import type { QueryConfig } from './query-config.js';
import type { JobRecord } from './store.js';

export function engineOptions(projectId: string, cfg: QueryConfig, dryRun: boolean): QueryOptions {
  const opts: QueryOptions = { defaultProjectId: projectId, useInt64Timestamp: true, dryRun };
  if (cfg.defaultDataset) opts.defaultDataset = cfg.defaultDataset;
  if (cfg.parameterMode) opts.parameterMode = cfg.parameterMode;
  if (cfg.queryParameters) opts.queryParameters = cfg.queryParameters;
  return opts;
}

/** Dry run: validates and estimates without running; enforces nothing (like BigQuery). */
export async function dryRun(ctx: ServerContext, projectId: string, cfg: QueryConfig): Promise<QueryResult> {
  try {
    return await ctx.engine.query(cfg.query, engineOptions(projectId, cfg, true));
  } catch (err) {
    throw toBigQueryError(err);
  }
}

export function queryStatistics(result: QueryResult, billed: number, dry: boolean): Record<string, unknown> {
  const query: Record<string, unknown> = {
    totalBytesProcessed: String(result.totalBytesProcessed),
    totalBytesBilled: String(dry ? 0 : billed),
    totalBytesProcessedAccuracy: 'PRECISE',
    billingTier: 1,
    cacheHit: false,
    statementType: result.statementType,
    totalSlotMs: '0',
    referencedTables: result.referencedTables,
  };
  if (dry) delete query.billingTier;
  if (result.schema) query.schema = result.schema;
  if (result.numDmlAffectedRows !== undefined) {
    query.numDmlAffectedRows = String(result.numDmlAffectedRows);
  }
  return query;
}

/** Runs the job to completion; never throws (failures end up in the job's status). */
export async function runQueryJob(
  ctx: ServerContext,
  job: JobRecord,
  cfg: QueryConfig,
  injectedFailure?: BigQueryError,
): Promise<void> {
  markRunning(job);
  if (injectedFailure) {
    // A `jobFailure` fault: the job fails server-side without touching the data.
    markDone(job, injectedFailure);
    return;
  }
  try {
    const opts = engineOptions(job.projectId, cfg, false);
    if (cfg.maximumBytesBilled !== undefined) {
      // BigQuery refuses an over-limit query before it runs, so DML never half-happens.
      const estimate = await ctx.engine.query(cfg.query, { ...opts, dryRun: true });
      checkBytesBilledLimit(resultBytesBilled(estimate), cfg.maximumBytesBilled);
    }
    const result = await ctx.engine.query(cfg.query, opts);
    if (job.isDone) return; // cancelled while running: the result is discarded
    const billed = resultBytesBilled(result);
    if (cfg.destinationTable && result.schema) await writeDestination(ctx, job.projectId, job.location, cfg, result);
    const stats = job.resource.statistics;
    stats.totalBytesProcessed = String(result.totalBytesProcessed);
    stats.totalSlotMs = '0';
    stats.query = queryStatistics(result, billed, false);
    ctx.jobs.setResult(job, {
      ...(result.schema ? { schema: result.schema } : {}),
      rows: result.rows,
      totalRows: result.totalRows,
    });
    markDone(job);
  } catch (err) {
    markDone(job, toBigQueryError(err));
  }
}

/** Applies createDisposition/writeDisposition and stores a SELECT's rows in the destination table. */
async function writeDestination(
  ctx: ServerContext,
  projectId: string,
  location: string,
  cfg: QueryConfig,
  result: QueryResult,
): Promise<void> {
  const dest = cfg.destinationTable as TableRef;
  const ref: TableRef = { projectId: dest.projectId || projectId, datasetId: dest.datasetId, tableId: dest.tableId };
  const schema = result.schema ?? { fields: [] };
  const name = tableName(ref.projectId, ref.datasetId, ref.tableId);
  const existing = await ctx.engine.getTable(ref);
  if (!existing) {
    if (cfg.createDisposition === 'CREATE_NEVER') throw notFound(`Not found: Table ${name}`);
    const ds = await ctx.engine.getDataset(ref.projectId, ref.datasetId);
    if (!ds) throw notFound(`Not found: Dataset ${ref.projectId}:${ref.datasetId}`);
    await ctx.engine.createTable(
      ref,
      schema,
      storableTable(newTableResource(ref, {}, String(ds.location ?? location))),
    );
  } else if (cfg.writeDisposition === 'WRITE_EMPTY') {
    const stats = await ctx.engine.tableStats(ref);
    if (stats.numRows > 0) throw duplicate(`Already Exists: Table ${name}`);
  } else if (cfg.writeDisposition === 'WRITE_TRUNCATE') {
    // Query results replace both the data and the schema of the destination table.
    await ctx.engine.deleteTable(ref);
    await ctx.engine.createTable(
      ref,
      schema,
      storableTable({ ...existing.resource, lastModifiedTime: String(Date.now()) }),
    );
    ctx.insertIds.forget(`${ref.projectId}\u0000${ref.datasetId}\u0000${ref.tableId}`);
  }
  if (result.rows.length === 0) return;
  const rows = result.rows.map((r) => restRowToJson(schema.fields, r));
  const inserted = await ctx.engine.insertRows(ref, rows, { skipInvalidRows: false, ignoreUnknownValues: false });
  if (inserted.insertErrors.length > 0) {
    const first = inserted.insertErrors[0]?.errors[0];
    throw new BigQueryError(
      400,
      'invalid',
      `Could not write query results to ${name}: ${first?.message ?? 'invalid row'}`,
    );
  }
}
