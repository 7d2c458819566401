import { map, type OperatorFunction } from 'rxjs';
import type { BatchCommit } from '../sink/batch-sink.js';
import type { ConvertedPage } from './convert-rows.js';

export interface BatchTarget {
  tableId: string;
  unit: string;
  targetTable: string;
}

/** A converted page plus the commit that carries it and its checkpoint. */
export interface PendingBatch<Row> extends ConvertedPage<Row> {
  readonly commit: BatchCommit | undefined;
}

/**
 * Attaches the checkpoint each page will commit with its rows. An empty page that does not
 * move the cursor commits nothing (steady polling must not write on every tick).
 */
export function toBatchCommits<Row>(
  target: BatchTarget,
  rowsIngestedBefore: number,
  now: () => number,
): OperatorFunction<ConvertedPage<Row>, PendingBatch<Row>> {
  let rowsIngested = rowsIngestedBefore;
  let lastPhase: string | undefined;
  return map((converted) => {
    const { page } = converted;
    const phaseChanged = lastPhase !== undefined && lastPhase !== page.phase;
    lastPhase = page.phase;
    if (!page.cursor || (page.rows.length === 0 && !phaseChanged)) return { ...converted, commit: undefined };
    // Lookback re-reads rows behind the cursor: they are upserted, not counted again.
    if (!page.lookback) rowsIngested += page.rows.length;
    const commit: BatchCommit = {
      ...target,
      records: converted.records,
      skipped: converted.skipped,
      checkpoint: {
        tableId: target.tableId,
        unit: target.unit,
        cursor: page.cursor,
        rowsIngested,
        phase: page.phase,
        batchSize: page.request.limit,
        lastSyncTime: new Date(now()),
      },
    };
    return { ...converted, commit };
  });
}
