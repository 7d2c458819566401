import { concatMap, from, map, of, type OperatorFunction } from 'rxjs';
import type { CommittedBatch, PendingBatch, Sink } from '../model/index.js';

export type { CommittedBatch };

/**
 * Harper sink stage: one atomic commit per page, strictly in order (the next commit starts
 * only after the previous one finished, so checkpoints never go backwards). Stateless.
 */
export function commitBatches<Row>(
  sink: Sink,
  now: () => number,
): OperatorFunction<PendingBatch<Row>, CommittedBatch<Row>> {
  return concatMap((batch) => {
    const done = batch.commit ? from(sink.commit(batch.commit)) : of(undefined);
    return done.pipe(map((written) => ({ ...batch, committedAtMs: now(), written: written ?? undefined })));
  });
}
