import type { Checkpoint, SkippedRow, TargetRecord } from '../sink/batch-sink.js';

/**
 * The persisted state of a Storage Read backfill: one session (its snapshot and bound) and
 * one offset per stream. Stream offsets commit in the same transaction as the stream's rows;
 * the finish replaces all of it with the table's keyset checkpoint in one transaction.
 */
export interface BackfillSession {
  tableId: string;
  unit: string;
  sessionName: string;
  streams: readonly string[];
  /** The snapshot instant the session reads at (microseconds). */
  snapshotMicros: bigint;
  /** Rows with timestamp < bound are read by the session; the keyset cursor continues from it. */
  boundMicros: bigint;
  /** The session's Arrow schema message, which every ReadRows batch needs to be decoded. */
  arrowSchema: Uint8Array;
  expireAtMs?: number;
  /** 1 for the first session of this backfill; +1 for each reopened one. */
  attempt: number;
  /** Rows written and keys added by earlier sessions of this backfill (re-reads after an expiry). */
  rowsEarlier: number;
  newKeysEarlier: number;
}

export interface StreamState {
  index: number;
  /** Rows of the stream already committed: where ReadRows resumes. */
  offset: number;
  done: boolean;
  /** Keys this stream's commits added to the target. */
  newKeys: number;
}

export interface BackfillState {
  session: BackfillSession;
  streams: StreamState[];
}

/** One stream's batch: its rows and its new state, committed together or not at all. */
export interface StreamCommit {
  tableId: string;
  unit: string;
  targetTable: string;
  sessionName: string;
  records: readonly TargetRecord[];
  skipped: readonly SkippedRow[];
  state: StreamState;
}

/** Raised when a commit belongs to a session that is no longer the table's (reset or reopened). */
export class StaleSessionError extends Error {
  constructor(sessionName: string) {
    super(`Storage Read session ${sessionName} is no longer this table's backfill`);
    this.name = 'StaleSessionError';
  }
}

export interface BackfillStore {
  readBackfill(tableId: string, unit: string): Promise<BackfillState | undefined>;
  /** Makes `session` the table's backfill, every stream at offset 0 (forgets any previous one). */
  startBackfill(session: BackfillSession): Promise<void>;
  /** Rows, skipped rows and the stream's new offset, atomically; new keys in this commit. */
  commitStream(commit: StreamCommit): Promise<{ newKeys: number }>;
  /** The table's keyset checkpoint, written as the backfill state is dropped, atomically. */
  finishBackfill(checkpoint: Checkpoint): Promise<void>;
  /** Drops the backfill state (resync). */
  resetBackfill(tableId: string, unit: string): Promise<void>;
}

export function initialStreams(count: number): StreamState[] {
  return Array.from({ length: count }, (_, index) => ({ index, offset: 0, done: false, newKeys: 0 }));
}
