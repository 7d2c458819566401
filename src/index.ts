/**
 * harper-bigquery-sync as a library: build a table's pipeline from a source and a sink,
 * compose your own operators between its stages, and test them with the in-memory source
 * and sink. The Harper component (config.yaml) uses the same pieces.
 */

// Configuration
export {
  parseSyncConfig,
  loadSyncConfigFile,
  configFromComponentOptions,
  redactConfig,
  ConfigError,
} from '../config/index.js';
export type {
  SyncConfig,
  TableConfig,
  TableSyncSettings,
  BigQueryConnection,
  SyncConfigInput,
} from '../config/index.js';

// The shared model: every type the stages pass between them (types only)
export type {
  Cursor,
  KeyKind,
  KeyValue,
  StoredCursor,
  Phase,
  PageRequest,
  WindowRequest,
  SourceRow,
  PageStats,
  SourcePage,
  Page,
  TargetRecord,
  SkippedRow,
  Conversion,
  RowConverter,
  ConvertedPage,
  SyncTotals,
  Checkpoint,
  BatchTarget,
  BatchCommit,
  CommitResult,
  PendingBatch,
  CommittedBatch,
  Progress,
  PageSource,
  CheckpointStore,
  Sink,
  BatchSink,
  SinkAndStore,
  TableState,
  UsageCounts,
  TableStatus,
  PauseReason,
} from '../streams/model/index.js';

// Pipeline and its stages
export { tablePipeline, type TablePipelineOptions } from '../streams/pipeline/table-pipeline.js';
export { bigQueryTablePipeline, keySpecFor } from '../streams/pipeline/bigquery-table-pipeline.js';
export { readPages } from '../streams/pipeline/read-pages.js';
export { BatchSizer } from '../streams/pipeline/batch-size.js';
export { nextPhase } from '../streams/pipeline/phase.js';
export { convertRows } from '../streams/operators/convert-rows.js';
export { toBatchCommits } from '../streams/operators/to-batch-commits.js';
export { commitBatches } from '../streams/operators/commit-batches.js';
export { trackProgress } from '../streams/operators/track-progress.js';

// Cursor and query
export { compareCursor, storeCursor, restoreCursor, microsToIso } from '../streams/cursor/cursor.js';
export { buildPageQuery, type PageQueryTable, type BuiltQuery } from '../streams/query/page-query.js';
export type { KeySpec } from '../streams/query/key-spec.js';

// Sources, conversion and sinks
export { InMemorySource } from '../streams/source/in-memory-source.js';
export { BigQueryPageSource } from '../streams/source/bigquery-page-source.js';
export { createBigQueryClient } from '../streams/source/bigquery-client.js';
export { bigQueryRowConverter } from '../streams/convert/bigquery-row-converter.js';
export { toHarperValue } from '../streams/convert/bigquery-values.js';
export { InMemorySink } from '../streams/sink/in-memory-sink.js';
export { InMemoryCheckpointStore } from '../streams/sink/in-memory-checkpoint-store.js';
export { HarperSink } from '../streams/sink/harper-sink.js';
export { HarperCheckpointStore } from '../streams/sink/harper-checkpoint-store.js';
export { HarperBackfillStore } from '../streams/storage-read/harper-backfill-store.js';
export { InMemoryBackfillStore } from '../streams/storage-read/in-memory-backfill-store.js';
export type { BackfillStore } from '../streams/storage-read/backfill-store.js';
export { storageReadBackfill, type BackfillOutcome } from '../streams/storage-read/storage-read-backfill.js';
export { googleStorageReadApi, type StorageReadApi } from '../streams/storage-read/read-api.js';
export { convertArrowBatch } from '../streams/storage-read/arrow-record-converter.js';
export { chooseBackfill, type StorageReadSetup } from '../streams/pipeline/storage-read-pipeline.js';

// Actors
export { Orchestrator } from '../actors/orchestrator.js';
export { TableActor, type TableEvent } from '../actors/table-actor.js';
export { supervise, backoffDelay, type RestartPolicy } from '../actors/supervisor.js';
export { isRetryable, FatalSyncError } from '../actors/errors.js';

// Running things locally lives behind subpath exports, so loading the sync (e.g. inside
// Harper) never loads DuckDB or faker:
//   harper-bigquery-sync/local-bigquery  - the local BigQuery server (needs @duckdb/node-api)
//   harper-bigquery-sync/synthesizer     - the maritime data synthesizer (needs @faker-js/faker)
//   harper-bigquery-sync/harper-process  - run a real Harper with this component (tests, CLI)
