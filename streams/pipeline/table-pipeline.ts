import {
  Subject,
  defer,
  from,
  identity,
  switchMap,
  tap,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { TableSyncSettings } from '../../config/types.js';
import { commitBatches } from '../operators/commit-batches.js';
import { convertRows } from '../operators/convert-rows.js';
import { toBatchCommits } from '../operators/to-batch-commits.js';
import { trackProgress } from '../operators/track-progress.js';
import type {
  Checkpoint,
  ConvertedPage,
  PageSource,
  Progress,
  RowConverter,
  SinkAndStore,
  SyncTotals,
} from '../model/index.js';
import { checkpointStoreOf } from '../sink/checkpoint-store.js';
import { emptyTotals } from '../stats/sync-totals.js';
import { BatchSizer } from './batch-size.js';
import { readPages } from './read-pages.js';

/** A table pipeline's parts and settings, with its sink and checkpoint store (`SinkAndStore`). */
export type TablePipelineOptions<Row> = TablePipelineParts<Row> & SinkAndStore;

export interface TablePipelineParts<Row> {
  tableId: string;
  /** The slice of the table this pipeline owns; 'all' on a single node. */
  unit?: string;
  targetTable: string;
  source: PageSource<Row>;
  convert: RowConverter<Row>;
  settings: TableSyncSettings;
  /** Operators of your own between conversion and commit (filter, enrich, ...). */
  transform?: MonoTypeOperatorFunction<ConvertedPage<Row>>;
  /** Kept across restarts by the table actor so a failure's smaller batch size sticks. */
  sizer?: BatchSizer;
  /** Completes the pipeline after the batch in flight when it emits. */
  stop?: Observable<unknown>;
  now?: () => number;
  scheduler?: SchedulerLike;
  /** Pages read ahead of the one being written; default 1. */
  prefetch?: number;
}

/**
 * One table = one pipeline:
 *   committed checkpoint -> poll ticker + adaptive batch source -> type converter
 *     -> [your operators] -> Harper sink (rows + checkpoint in one transaction) -> checkpoint tap
 * Cold: each subscription resumes from the checkpoint committed at that moment.
 */
export function tablePipeline<Row>(o: TablePipelineOptions<Row>): Observable<Progress> {
  const now = o.now ?? Date.now;
  const unit = o.unit ?? 'all';
  const store = checkpointStoreOf(o);
  return defer(() => from(store.readCheckpoint(o.tableId, unit))).pipe(
    switchMap((checkpoint: Checkpoint | undefined) => {
      const committed = new Subject<void>();
      const phase = checkpoint?.phase ?? 'initial';
      return readPages({
        source: o.source,
        from: checkpoint?.cursor ?? null,
        phase,
        sizer: o.sizer ?? new BatchSizer(o.settings, phase),
        pollIntervalMs: o.settings.pollIntervalMs,
        settleDelayMs: o.settings.settleDelayMs,
        lookbackMs: o.settings.lookbackMs,
        catchupThresholdMs: o.settings.catchupThresholdMs,
        steadyThresholdMs: o.settings.steadyThresholdMs,
        now,
        credits: committed,
        prefetch: o.prefetch,
        stop: o.stop,
        scheduler: o.scheduler,
      }).pipe(
        convertRows(o.tableId, o.convert),
        o.transform ?? identity,
        toBatchCommits(
          { tableId: o.tableId, unit, targetTable: o.targetTable },
          { rowsIngested: checkpoint?.rowsIngested ?? 0, totals: checkpoint?.totals ?? startTotals(checkpoint, now()) },
          now,
        ),
        commitBatches(o.sink, now),
        tap(() => committed.next()),
        trackProgress(),
      );
    }),
  );
}

/**
 * Totals of a checkpoint written before they were kept: its new source rows are the best
 * known count of rows written (lookback rows of that time are not known).
 */
function startTotals(checkpoint: Checkpoint | undefined, nowMs: number): SyncTotals {
  return { ...emptyTotals(nowMs), rowsWritten: checkpoint?.rowsIngested ?? 0 };
}
