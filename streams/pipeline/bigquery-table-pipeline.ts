import type { BigQuery } from '@google-cloud/bigquery';
import {
  EMPTY,
  Subject,
  concat,
  defer,
  finalize,
  from,
  merge,
  switchMap,
  tap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { BigQueryConnection, TableConfig } from '../../config/types.js';
import { bigQueryRowConverter } from '../convert/bigquery-row-converter.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { KeySpec } from '../query/key-spec.js';
import { BigQueryPageSource } from '../source/bigquery-page-source.js';
import type { PartitionUnit } from '../source/window-plan.js';
import { createBigQueryClient } from '../source/bigquery-client.js';
import { DailyBudget, isBudgetExceeded, type BudgetExceededError } from '../source/daily-budget.js';
import { estimateCost, sourceWarnings, type PartitionedTableMetadata } from '../source/cost-estimate.js';
import type { CostEstimate, CostReporter } from '../source/cost-report.js';
import type { Cursor, PageRequest, PageSource, Progress, SinkAndStore, SourcePage } from '../model/index.js';
import { checkpointStoreOf, sinkAndStore } from '../sink/checkpoint-store.js';
import type { BatchSizer } from './batch-size.js';
import { unitName, type UnitSlice } from '../../src/cluster/units.js';
import { tablePipeline } from './table-pipeline.js';
import { storageReadBackfillPipeline, type StorageReadSetup } from './storage-read-pipeline.js';
import { WorkerPageSource } from '../offload/worker-page-source.js';
import { preConverted } from '../offload/convert-page.js';

export type BigQueryTablePipelineOptions = BigQueryTablePipelineParts & SinkAndStore;

export interface BigQueryTablePipelineParts {
  client: BigQuery;
  /** Client for query jobs when `connection.jobProjectId` bills them to another project (default: created from it). */
  jobClient?: BigQuery;
  connection: BigQueryConnection;
  table: TableConfig;
  sizer?: BatchSizer;
  stop?: Observable<unknown>;
  now?: () => number;
  scheduler?: SchedulerLike;
  /** Receives the start-up estimate, warnings and the budget's state (for status). */
  onCost?: CostReporter;
  /**
   * Where Storage Read backfills keep their state (and, for tests, the API to read with).
   * Without it every backfill reads through queries.
   */
  storageRead?: StorageReadSetup;
  /** Read and checkpoint only this key-hash bucket of the table (cluster mode). */
  unit?: UnitSlice;
  /** Notes worth a log line (reader threads started and ended); default storageRead.log. */
  log?: (message: string) => void;
}

/** The unit of work of a whole table (see actors/orchestrator WHOLE_TABLE_UNIT). */
const WHOLE_UNIT = 'all';

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
  const now = o.now ?? Date.now;
  const budget = new DailyBudget(t.sync.maxBytesBilledPerDay, now);
  const jobProject = o.connection.jobProjectId;
  const jobConnection =
    jobProject && jobProject !== o.connection.projectId ? { ...o.connection, projectId: jobProject } : o.connection;
  const jobClient = jobConnection !== o.connection ? (o.jobClient ?? createBigQueryClient(jobConnection)) : o.client;
  const report: CostReporter = o.onCost ?? (() => {});
  const log = o.log ?? o.storageRead?.log;
  return defer(() =>
    from(o.client.dataset(t.dataset, { projectId: o.connection.projectId }).table(t.table).getMetadata()),
  ).pipe(
    switchMap(async ([metadata]) => {
      const fields = ((metadata as { schema?: { fields?: SchemaField[] } }).schema?.fields ?? []) as SchemaField[];
      const key = keySpecFor(t, fields);
      const partitionUnit = timestampPartitioning(metadata as SourceTableMetadata, t.timestampColumn);
      const sourceTable = {
        projectId: o.connection.projectId,
        dataset: t.dataset,
        table: t.table,
        timestampColumn: t.timestampColumn,
        columns: t.columns,
        key,
        ...(o.unit ? { unit: o.unit } : {}),
      };
      const sourceOptions = {
        location: o.connection.location,
        maximumBytesBilled: o.connection.maximumBytesBilled,
        timeoutMs: t.sync.queryTimeoutMs,
        ...(partitionUnit ? { partitionUnit } : {}),
        windowBytes: t.sync.maxBytesPerWindow,
      };
      const windowed = new BigQueryPageSource(jobClient, sourceTable, {
        ...sourceOptions,
        beforeWindow: (estimate) => budget.check(estimate.bytesBilled),
      });
      // What a reader worker needs to build the same source with a client of its own.
      const windowedSetup = { connection: jobConnection, table: sourceTable, source: sourceOptions };
      // A restart the same UTC day goes on from what the checkpoint says was billed today.
      const checkpoint = await checkpointStoreOf(o).readCheckpoint(t.id, o.unit ? unitName(o.unit) : WHOLE_UNIT);
      budget.seed(checkpoint?.totals);
      report({ budget: budget.state });
      await reportEstimate(windowed, metadata as SourceTableMetadata, checkpoint?.cursor ?? null, partitionUnit);
      return { fields, key, windowed, windowedSetup, metadata: metadata as SourceTableMetadata };
    }),
    switchMap(({ fields, key, windowed, windowedSetup, metadata }) => {
      // The budget refusing a query drains the pipeline (the pages in flight commit with
      // their bytes billed), then raises the signal the table actor turns into a pause.
      let exhausted: BudgetExceededError | undefined;
      let stopAsked = false;
      const budgetStop = new Subject<void>();
      // Budget accounting around any reader (in this thread or in a worker).
      const budgeted = <Row>(read: (request: PageRequest) => Promise<SourcePage<Row>>): PageSource<Row> => ({
        readPage: async (request) => {
          let page;
          try {
            page = await read(request);
          } catch (error) {
            if (!isBudgetExceeded(error)) throw error;
            exhausted = error;
            budgetStop.next();
            return { rows: [] };
          }
          budget.add(page.stats?.bytesBilled ?? 0);
          if (budget.state) report({ budget: budget.state });
          return page;
        },
      });
      const stop = o.stop ? merge(o.stop.pipe(tap(() => (stopAsked = true))), budgetStop) : budgetStop;
      const parts = {
        tableId: t.id,
        ...(o.unit ? { unit: unitName(o.unit) } : {}),
        targetTable: t.targetTable,
        ...sinkAndStore(o),
        settings: t.sync,
        sizer: o.sizer,
        stop,
        now: o.now,
        scheduler: o.scheduler,
      };
      const convertOptions = {
        fields,
        key,
        numericMode: t.numericMode,
        geographyFormat: t.geographyFormat,
        timestampMicros: t.timestampMicros === true,
      };
      const pipeline =
        t.sync.decodeIn === 'worker'
          ? // Read, parse and convert in a worker thread; it ends with this subscription.
            defer(() => {
              const reader = new WorkerPageSource({
                setup: { ...windowedSetup, convert: { ...convertOptions, fields: [...fields] } },
                beforeWindow: (estimate) => budget.check(estimate.bytesBilled),
                ...(log ? { log: (message: string) => log(`table ${t.id}: ${message}`) } : {}),
              });
              return tablePipeline({
                ...parts,
                source: budgeted((request) => reader.readPage(request)),
                convert: preConverted(reader.refused),
              }).pipe(finalize(() => void reader.close()));
            })
          : tablePipeline({
              ...parts,
              source: budgeted((request) => windowed.readPage(request)),
              convert: bigQueryRowConverter(convertOptions),
            });
      const queries = concat(
        pipeline,
        defer(() => (exhausted && !stopAsked ? throwError(() => exhausted) : EMPTY)),
      );
      if (!o.storageRead) return queries;
      return storageReadBackfillPipeline({
        setup: o.storageRead,
        client: jobClient,
        connection: o.connection,
        table: t,
        metadata,
        fields,
        key,
        checkpoints: checkpointStoreOf(o),
        then: queries,
        stop: o.stop,
        now: o.now,
      });
    }),
  );

  /** Start-up estimate (dry runs: free, not jobs) and warnings about the source table. */
  async function reportEstimate(
    source: BigQueryPageSource,
    metadata: SourceTableMetadata,
    cursor: Cursor | null,
    partitionUnit: PartitionUnit | undefined,
  ): Promise<void> {
    let estimate: CostEstimate | null = null;
    const failures: string[] = [];
    try {
      estimate = await estimateCost((w) => source.estimate(w), {
        cursor,
        nowMicros: BigInt(now()) * 1000n,
        partitionUnit,
        pollIntervalMs: t.sync.pollIntervalMs,
      });
    } catch (error) {
      // The read itself will fail the same way and say so; the estimate only says it is missing.
      failures.push(`could not estimate the read cost with a dry run: ${firstLine(error)}`);
    }
    const warnings = [
      ...sourceWarnings({
        source: `${t.dataset}.${t.table}`,
        metadata,
        timestampColumn: t.timestampColumn,
        estimate,
        maxBytesBilledPerDay: t.sync.maxBytesBilledPerDay,
      }),
      ...failures,
    ];
    report({ costEstimate: estimate, warnings });
  }
}

/** The parts of a table resource the read plan looks at. */
export interface SourceTableMetadata extends PartitionedTableMetadata {
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

function firstLine(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).split('\n')[0]!.slice(0, 300);
}
