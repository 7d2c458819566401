import type { Checkpoint } from '../sink/batch-sink.js';
import type { InMemorySink } from '../sink/in-memory-sink.js';
import {
  StaleSessionError,
  initialStreams,
  type BackfillSession,
  type BackfillState,
  type BackfillStore,
  type StreamCommit,
} from './backfill-store.js';

/**
 * Backfill state beside an InMemorySink's tables and checkpoints, committed atomically; can
 * fail a chosen stream commit (before applying it) to prove that resuming loses nothing.
 */
export class InMemoryBackfillStore implements BackfillStore {
  readonly states = new Map<string, BackfillState>();
  /** Every stream commit applied, in order (offsets per stream must never go backwards). */
  readonly history: { sessionName: string; index: number; offset: number }[] = [];
  private commits = 0;

  constructor(
    readonly sink: InMemorySink,
    private readonly failCommit?: (commitNumber: number) => boolean,
  ) {}

  async readBackfill(tableId: string, unit: string): Promise<BackfillState | undefined> {
    const state = this.states.get(`${tableId}_${unit}`);
    return state && { session: state.session, streams: state.streams.map((s) => ({ ...s })) };
  }

  async startBackfill(session: BackfillSession): Promise<void> {
    this.states.set(`${session.tableId}_${session.unit}`, { session, streams: initialStreams(session.streams.length) });
  }

  async commitStream(c: StreamCommit): Promise<{ newKeys: number }> {
    if (this.failCommit?.(++this.commits)) throw new Error(`injected failure of stream commit #${this.commits}`);
    const state = this.states.get(`${c.tableId}_${c.unit}`);
    if (!state || state.session.sessionName !== c.sessionName) throw new StaleSessionError(c.sessionName);
    const table = this.sink.table(c.targetTable);
    let newKeys = 0;
    for (const record of c.records) {
      if (!table.has(record.id)) newKeys++;
      table.set(record.id, record);
    }
    for (const row of c.skipped) this.sink.skipped.set(row.id, row);
    state.streams[c.state.index] = { ...c.state, newKeys: c.state.newKeys + newKeys };
    this.history.push({ sessionName: c.sessionName, index: c.state.index, offset: c.state.offset });
    return { newKeys };
  }

  async finishBackfill(checkpoint: Checkpoint): Promise<void> {
    const id = `${checkpoint.tableId}_${checkpoint.unit}`;
    this.sink.store.put(checkpoint);
    this.states.delete(id);
  }

  async resetBackfill(tableId: string, unit: string): Promise<void> {
    this.states.delete(`${tableId}_${unit}`);
  }
}
