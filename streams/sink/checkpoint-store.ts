import type { BatchSink, CheckpointStore, SinkAndStore } from '../model/index.js';

/** The id of a checkpoint: one per table and unit of work. */
export function checkpointId(tableId: string, unit: string): string {
  return `${tableId}_${unit}`;
}

/** The store a pipeline resumes from: the one given, else the sink itself. */
export function checkpointStoreOf(o: SinkAndStore): CheckpointStore {
  return o.checkpoints ?? (o.sink as BatchSink);
}

/** Only the sink and the store of some options, keeping their pairing. */
export function sinkAndStore(o: SinkAndStore): SinkAndStore {
  return o.checkpoints ? { sink: o.sink, checkpoints: o.checkpoints } : { sink: o.sink as BatchSink };
}
