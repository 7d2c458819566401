import type { BigQuery } from '@google-cloud/bigquery';
import { defer, from, switchMap, type Observable, type SchedulerLike } from 'rxjs';
import type { BigQueryConnection, TableConfig } from '../../config/types.js';
import { bigQueryRowConverter } from '../convert/bigquery-row-converter.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { Progress } from '../operators/track-progress.js';
import type { KeySpec } from '../query/key-spec.js';
import type { BatchSink } from '../sink/batch-sink.js';
import { BigQueryPageSource } from '../source/bigquery-page-source.js';
import type { PartitionUnit } from '../source/window-plan.js';
import { createBigQueryClient } from '../source/bigquery-client.js';
import { DailyBudget } from '../source/daily-budget.js';
import type { PageSource } from '../source/page-source.js';
import type { BigQueryRow } from '../convert/wire-row.js';
import type { BatchSizer } from './batch-size.js';
import { unitName, type UnitSlice } from '../../src/cluster/units.js';
import { tablePipeline } from './table-pipeline.js';

export interface BigQueryTablePipelineOptions {
  client: BigQuery;
  /** Client for query jobs when `connection.jobProjectId` bills them to another project (default: created from it). */
  jobClient?: BigQuery;
  connection: BigQueryConnection;
  table: TableConfig;
  sink: BatchSink;
  sizer?: BatchSizer;
  stop?: Observable<unknown>;
  now?: () => number;
  scheduler?: SchedulerLike;
  /** Read and checkpoint only this key-hash bucket of the table (cluster mode). */
  unit?: UnitSlice;
}

/** Raised for configuration that does not match the source table; never retried. */
export class TableShapeError extends Error {
  readonly fatal = true;
  constructor(message: string) {
    super(message);
    this.name = 'TableShapeError';
  }
}

/**
 * A configured table's pipeline against BigQuery. Each subscription first reads the
 * table's schema (a missing table fails here with BigQuery's 404) and checks the configured
 * columns against it, then runs the generic table pipeline.
 */
export function bigQueryTablePipeline(o: BigQueryTablePipelineOptions): Observable<Progress> {
  const t = o.table;
  // Outlives restarts of this pipeline (a resubscription), so a retry does not reset it.
  const budget = new DailyBudget(t.sync.maxBytesBilledPerDay, o.now);
  const jobProject = o.connection.jobProjectId;
  const jobClient =
    jobProject && jobProject !== o.connection.projectId
      ? (o.jobClient ?? createBigQueryClient({ ...o.connection, projectId: jobProject }))
      : o.client;
  return defer(() =>
    from(o.client.dataset(t.dataset, { projectId: o.connection.projectId }).table(t.table).getMetadata()),
  ).pipe(
    switchMap(([metadata]) => {
      const fields = ((metadata as { schema?: { fields?: SchemaField[] } }).schema?.fields ?? []) as SchemaField[];
      const key = keySpecFor(t, fields);
      const partitionUnit = timestampPartitioning(metadata as SourceTableMetadata, t.timestampColumn);
      const windowed = new BigQueryPageSource(
        jobClient,
        {
          projectId: o.connection.projectId,
          dataset: t.dataset,
          table: t.table,
          timestampColumn: t.timestampColumn,
          columns: t.columns,
          key,
          ...(o.unit ? { unit: o.unit } : {}),
        },
        {
          location: o.connection.location,
          maximumBytesBilled: o.connection.maximumBytesBilled,
          timeoutMs: t.sync.queryTimeoutMs,
          ...(partitionUnit ? { partitionUnit } : {}),
          windowBytes: t.sync.maxBytesPerWindow,
          beforeWindow: (estimate) => budget.check(estimate.bytesBilled),
        },
      );
      const source: PageSource<BigQueryRow> = {
        readPage: async (request) => {
          const page = await windowed.readPage(request);
          budget.add(page.stats?.bytesBilled ?? 0);
          return page;
        },
      };
      return tablePipeline({
        tableId: t.id,
        ...(o.unit ? { unit: unitName(o.unit) } : {}),
        targetTable: t.targetTable,
        source,
        convert: bigQueryRowConverter({ fields, key, numericMode: t.numericMode, geographyFormat: t.geographyFormat }),
        sink: o.sink,
        settings: t.sync,
        sizer: o.sizer,
        stop: o.stop,
        now: o.now,
        scheduler: o.scheduler,
      });
    }),
  );
}

/** The parts of a table resource the read plan looks at. */
export interface SourceTableMetadata {
  timePartitioning?: { type?: string; field?: string };
  numBytes?: string;
}

/**
 * The partition unit when the table is partitioned on the sync's timestamp column (so reads
 * prune by it); undefined otherwise (every read scans the whole table).
 */
export function timestampPartitioning(
  metadata: SourceTableMetadata,
  timestampColumn: string,
): PartitionUnit | undefined {
  const tp = metadata.timePartitioning;
  if (!tp || tp.field !== timestampColumn) return undefined;
  const unit = tp.type ?? 'DAY';
  return unit === 'HOUR' || unit === 'DAY' || unit === 'MONTH' || unit === 'YEAR' ? unit : undefined;
}

/** Checks the configured columns exist with usable types and builds the tie-break key. */
export function keySpecFor(t: TableConfig, fields: readonly SchemaField[]): KeySpec {
  const where = `${t.dataset}.${t.table} (table ${t.id})`;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const ts = byName.get(t.timestampColumn);
  if (!ts) throw new TableShapeError(`timestampColumn ${t.timestampColumn} is not a column of ${where}`);
  if (ts.type !== 'TIMESTAMP')
    throw new TableShapeError(`timestampColumn ${t.timestampColumn} of ${where} is ${ts.type}, expected TIMESTAMP`);
  if (t.columns !== '*') {
    const missing = t.columns.filter((c) => !byName.has(c));
    if (missing.length > 0) throw new TableShapeError(`columns ${missing.join(', ')} are not in ${where}`);
  }
  if (!t.primaryKey || t.primaryKey.length === 0) return { kind: 'fingerprint' };
  return {
    kind: 'columns',
    columns: t.primaryKey.map((name) => {
      const field = byName.get(name);
      if (!field) throw new TableShapeError(`primaryKey column ${name} is not a column of ${where}`);
      if (field.mode === 'REPEATED' || field.type === 'RECORD' || field.type === 'STRUCT') {
        throw new TableShapeError(
          `primaryKey column ${name} of ${where} must be a scalar, not ${field.mode === 'REPEATED' ? 'REPEATED' : field.type}`,
        );
      }
      return { name, type: field.type };
    }),
  };
}
