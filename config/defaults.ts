import type {
  BackfillMethod,
  DecodeIn,
  GeographyFormat,
  NumericMode,
  TableBackfillConfig,
  TableSyncSettings,
} from './types.js';

/**
 * Defaults for every table, overridden by the top-level `sync:` block, which is in turn
 * overridden by a table's own `sync:` block.
 */
export const DEFAULT_SYNC_SETTINGS: Readonly<TableSyncSettings> = Object.freeze({
  // First run / far behind: large pages amortise BigQuery's per-query latency (~1s).
  initialBatchSize: 10_000,
  // Behind by more than steadyThreshold: still large, but keeps Harper write txns short.
  catchupBatchSize: 5_000,
  // Near real time: few new rows per poll, small pages keep freshness and memory flat.
  steadyBatchSize: 1_000,
  // Steady-phase wait between polls; each poll is a billed query, so not too eager.
  pollIntervalMs: 30_000,
  // Lag above this (1h) counts as far behind: use initialBatchSize.
  catchupThresholdMs: 60 * 60_000,
  // Lag below this (5m) counts as caught up: use steadyBatchSize and wait pollInterval.
  steadyThresholdMs: 5 * 60_000,
  // Rows newer than now - settleDelay are not read yet, so rows still arriving with the
  // same timestamp as the cursor are not stepped over.
  settleDelayMs: 5_000,
  // Re-read window for late-arriving rows; off by default because it re-bills the scan.
  lookbackMs: 0,
  // Floor for adaptive shrinking after slow queries or errors.
  minBatchSize: 100,
  // Ceiling for adaptive growth; bounds memory per in-flight batch.
  maxBatchSize: 100_000,
  // A single BigQuery page query taking longer than this is treated as failed.
  queryTimeoutMs: 120_000,
  // Consecutive supervisor restarts before a table is marked failed (0 = never restart).
  maxRestarts: 10,
  // Window queries scan whole partitions up to this many bytes (2 GiB); results are paged
  // with page tokens, which BigQuery does not bill again.
  maxBytesPerWindow: 2 * 1024 ** 3,
  // Daily billed-bytes budget per table; 0 = none.
  maxBytesBilledPerDay: 0,
  // Exponential restart backoff (jitter is added by the supervisor).
  restartBackoffMs: Object.freeze({ initial: 1_000, max: 5 * 60_000 }),
  // Query pages are read, parsed and converted on Harper's thread unless set to 'worker'
  // (benchmarks/README.md "offload" has the measurement).
  decodeIn: 'main',
});

export const DECODE_IN: readonly DecodeIn[] = ['main', 'worker'];

/** Strings keep every digit and give a column one type across rows. */
export const DEFAULT_NUMERIC_MODE: NumericMode = 'string';

/** WKT is what BigQuery itself returns for GEOGRAPHY, so it round-trips unchanged. */
export const DEFAULT_GEOGRAPHY_FORMAT: GeographyFormat = 'wkt';

export const NUMERIC_MODES: readonly NumericMode[] = ['string', 'number-when-safe'];
export const GEOGRAPHY_FORMATS: readonly GeographyFormat[] = ['wkt', 'geojson'];

/**
 * Large tables backfill through the Storage Read API, small ones through queries (see README
 * "Backfill through the Storage Read API"). A local setup without `storageApiEndpoint`, a
 * table the Arrow path cannot read exactly, or a refused CreateReadSession use queries.
 */
export const DEFAULT_BACKFILL: Readonly<TableBackfillConfig> = Object.freeze({
  method: 'auto',
  // auto: tables of 1 GiB and more; below that a few window queries cost little.
  storageReadMinBytes: 1024 ** 3,
  maxStreams: 4,
});

export const BACKFILL_METHODS: readonly BackfillMethod[] = ['auto', 'query', 'storage-read'];
