import { concatMap, from, map, of, type OperatorFunction } from 'rxjs';
import type { BatchSink, CommitResult } from '../sink/batch-sink.js';
import type { PendingBatch } from './to-batch-commits.js';

export interface CommittedBatch<Row> extends PendingBatch<Row> {
  readonly committedAtMs: number;
  /** What the sink reported about the write (new keys); undefined when nothing was written. */
  readonly written: CommitResult | undefined;
}

/**
 * Harper sink stage: one atomic commit per page, strictly in order (the next commit starts
 * only after the previous one finished, so checkpoints never go backwards). Stateless.
 */
export function commitBatches<Row>(
  sink: BatchSink,
  now: () => number,
): OperatorFunction<PendingBatch<Row>, CommittedBatch<Row>> {
  return concatMap((batch) => {
    const done = batch.commit ? from(sink.commit(batch.commit)) : of(undefined);
    return done.pipe(map((written) => ({ ...batch, committedAtMs: now(), written: written ?? undefined })));
  });
}
