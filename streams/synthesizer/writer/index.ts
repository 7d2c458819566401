/**
 * Writing synthesized rows into BigQuery through the official client: table setup, load
 * jobs (NDJSON, default) or streaming inserts, and the operations the CLI exposes
 * (initialize, clear, stats, verify, continuous generation with retention).
 */
export { ALL_TABLES, SHORT_NAME, selectTables, tableByAlias } from './table-names.js';
export type { ShortTableName } from './table-names.js';
export { DEFAULT_DATASET, sqlTable } from './target.js';
export type { SynthesizerTarget } from './target.js';
export { InsertRowsError, LoadJobError, SchemaMismatchError } from './errors.js';
export type { RejectedRow } from './errors.js';
export { backoffCapMs, isRetryableError, sleep, withRetry } from './retry.js';
export type { RetryOptions } from './retry.js';
export { chunked, toNdjson, TEMP_DIR_PREFIX, withNdjsonFile, withTempDir } from './ndjson.js';
export { ensureDataset, ensureTables, schemaDifferences } from './ensure-tables.js';
export type { EnsuredTable, ExistingField } from './ensure-tables.js';
export { DEFAULT_INSERT_CHUNK_ROWS, DEFAULT_LOAD_CHUNK_ROWS, newRunId, writeRows } from './write-rows.js';
export type { WriteOptions } from './write-rows.js';
export { expectedCount, initialize } from './initialize.js';
export type { InitializeOptions, InitializeResult, TableWriteResult } from './initialize.js';
export { clear } from './clear.js';
export type { ClearMode, ClearOptions, ClearResult } from './clear.js';
export { stats, tableExists } from './stats.js';
export type { TableStats } from './stats.js';
export { verify } from './verify.js';
export type { VerifyCheck, VerifyOptions, VerifyReport } from './verify.js';
export { applyRetention } from './retention.js';
export type { RetentionResult } from './retention.js';
export { fleetSizeForEvents, MAX_LIVE_FLEET, MIN_LIVE_FLEET, sizeLiveFleet } from './fleet-size.js';
export { runContinuous, WALL_CLOCK } from './continuous.js';
export type { ContinuousRunOptions, ContinuousSummary, LiveClock, TableRates } from './continuous.js';
