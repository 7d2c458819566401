/**
 * Kept so imports of this path keep working: the sink's types live in the model module
 * (streams/model), the Sink and CheckpointStore interfaces in streams/model/ports.ts.
 */
export type {
  Phase,
  Checkpoint,
  TargetRecord,
  SkippedRow,
  BatchCommit,
  CommitResult,
  Sink,
  CheckpointStore,
  BatchSink,
} from '../model/index.js';
