import type { ObservableInput } from 'rxjs';
import type { Checkpoint } from './checkpoint.js';
import type { BatchCommit, CommitResult } from './commit.js';
import type { PageRequest, SourcePage } from './page.js';

/**
 * Reads one keyset page. Implementations: BigQuery through the official client, and an
 * in-memory table for tests. Returning an ObservableInput lets tests drive it with marbles.
 */
export interface PageSource<Row> {
  readPage(request: PageRequest): ObservableInput<SourcePage<Row>>;
}

/**
 * Where committed positions live. The pipeline resumes from `readCheckpoint`; a resync
 * forgets one with `resetCheckpoint`. Writing a checkpoint is not here on purpose: it is
 * only ever written by a `Sink`'s commit, together with the rows it covers.
 */
export interface CheckpointStore {
  readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined>;
  /** Forgets a unit's checkpoint so the next run starts from the beginning (resync). */
  resetCheckpoint(tableId: string, unit: string): Promise<void>;
}

/**
 * Where batches go. `commit` must be atomic: the records, the skipped rows and
 * `batch.checkpoint` (written into the sink's checkpoint store) become visible together, or
 * none of them does; a crash at any instant then resumes exactly from the previous
 * checkpoint. Writes must be upserts by `id`, so replaying a batch changes nothing.
 */
export interface Sink {
  commit(batch: BatchCommit): Promise<CommitResult | void>;
}

/**
 * A sink together with the store its commits write checkpoints into: what a pipeline needs.
 * The Harper and in-memory sinks are both.
 */
export type BatchSink = Sink & CheckpointStore;

/**
 * What a pipeline writes to and resumes from: a sink that is its own checkpoint store, or a
 * sink plus the store its commits write checkpoints into (never an unrelated one: the
 * checkpoint must commit in the same transaction as its rows).
 */
export type SinkAndStore =
  { sink: BatchSink; checkpoints?: CheckpointStore } | { sink: Sink; checkpoints: CheckpointStore };
