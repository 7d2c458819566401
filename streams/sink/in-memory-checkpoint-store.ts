import type { Checkpoint, CheckpointStore } from '../model/index.js';
import { checkpointId } from './checkpoint-store.js';

/**
 * Checkpoints in memory. Only a sink writes them (`put`, inside its commit); the pipeline
 * reads them and a resync forgets them through the `CheckpointStore` interface.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly checkpoints = new Map<string, Checkpoint>();
  /** Every checkpoint written, in order. */
  readonly history: Checkpoint[] = [];

  async readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    return this.get(tableId, unit);
  }

  async resetCheckpoint(tableId: string, unit: string): Promise<void> {
    this.checkpoints.delete(checkpointId(tableId, unit));
  }

  /** Synchronous, so a sink can apply it in the same step as the rows it covers. */
  get(tableId: string, unit: string): Checkpoint | undefined {
    return this.checkpoints.get(checkpointId(tableId, unit));
  }

  put(checkpoint: Checkpoint): void {
    this.checkpoints.set(checkpointId(checkpoint.tableId, checkpoint.unit), checkpoint);
    this.history.push(checkpoint);
  }
}
