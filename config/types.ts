/**
 * Shapes at the config boundary. Everything downstream (actors, streams, status) consumes
 * only the resolved `SyncConfig`; the input shapes exist for people embedding the library
 * who want editor help while writing a config object by hand.
 */

/** How BigQuery NUMERIC / BIGNUMERIC / INT64 values reach Harper. */
export type NumericMode = 'string' | 'number-when-safe';

/** How BigQuery GEOGRAPHY values reach Harper. */
export type GeographyFormat = 'wkt' | 'geojson';

/**
 * How a table's first copy (an empty checkpoint: first run or resync) reads the source:
 * `query` pages keyset queries; `storage-read` reads one Storage Read API session in
 * parallel streams (tables whose types or key it cannot read fall back to `query`); `auto`
 * uses Storage Read when the table holds at least `storageReadMinBytes` and a Storage Read
 * endpoint is known.
 */
export type BackfillMethod = 'auto' | 'query' | 'storage-read';

/** Resolved `backfill:` settings of a table. */
export interface TableBackfillConfig {
  method: BackfillMethod;
  /** `auto` reads through Storage Read from this table size on (bytes, tables.get numBytes). */
  storageReadMinBytes: number;
  /** Streams asked of the session (the service may return fewer); each is read in parallel. */
  maxStreams: number;
}

/** The `backfill:` block as written (global or per table). */
export interface BackfillInput {
  method?: BackfillMethod;
  storageReadMinBytes?: number | string;
  maxStreams?: number | string;
}

/** Which input layout the config was written in; legacy configs may deserve a log hint. */
export type ConfigFormat = 'multi-table' | 'legacy-single-table';

/** A service-account (or other Google) key given inline instead of as a file path. */
export interface InlineCredentials {
  readonly type?: string;
  readonly project_id?: string;
  readonly client_email?: string;
  readonly private_key?: string;
  readonly [key: string]: unknown;
}

/** A path to a key file, or the key itself. */
export type BigQueryCredentials = string | InlineCredentials;

export interface BackoffSettings {
  /** First delay, in ms. */
  initial: number;
  /** Upper bound for the delay, in ms. */
  max: number;
}

/** Resolved per-table settings: every field present, durations in milliseconds. */
export interface TableSyncSettings {
  initialBatchSize: number;
  catchupBatchSize: number;
  steadyBatchSize: number;
  pollIntervalMs: number;
  catchupThresholdMs: number;
  steadyThresholdMs: number;
  settleDelayMs: number;
  lookbackMs: number;
  minBatchSize: number;
  maxBatchSize: number;
  queryTimeoutMs: number;
  maxRestarts: number;
  /** Bytes one window query may scan (whole partitions up to this; at least one partition). */
  maxBytesPerWindow: number;
  /** Bytes billed per UTC day after which the table stops reading; 0 = no budget. */
  maxBytesBilledPerDay: number;
  restartBackoffMs: BackoffSettings;
  /**
   * Where query pages are read, parsed and converted: `main` on Harper's worker thread,
   * `worker` in a reader thread of the table's own (default DEFAULT_SYNC_SETTINGS.decodeIn).
   */
  decodeIn?: DecodeIn;
}

export type DecodeIn = 'main' | 'worker';

export interface BigQueryConnection {
  projectId: string;
  credentials?: BigQueryCredentials;
  location?: string;
  apiEndpoint?: string;
  /** Decimal int64 as a string: byte counts can exceed Number.MAX_SAFE_INTEGER. */
  maximumBytesBilled?: string;
  /** Project that runs (and pays for) the query jobs; default `projectId`. */
  jobProjectId?: string;
  /**
   * The Storage Read API's gRPC address as `host:port` (default Google's
   * `bigquerystorage.googleapis.com:443`); a loopback address is spoken to without TLS
   * (the local server). With a local `apiEndpoint` and none given, backfills use queries.
   */
  storageApiEndpoint?: string;
}

/**
 * A table's `validation:` settings as given (global block, then the table's own), resolved
 * to ms; absent keys take the defaults of streams/validate/settings.ts.
 */
export interface TableValidationConfig {
  intervalMs?: number;
  repair?: boolean;
  deleteExtra?: boolean;
  maxBytesBilled?: string;
  windowMs?: number;
  minWindowMs?: number;
  maxKeyRows?: number;
  /** Columns naming a row of another synced table (reported when absent, never repaired). */
  references?: readonly TableReference[];
}

/**
 * A cross-table check: every non-null value of `column` in this table's target should be a
 * value of `referencedColumn` in the target of the table whose id is `table`.
 */
export interface TableReference {
  column: string;
  /** Id of another table in this config. */
  table: string;
  /** Column of that table (defaults to `column`). */
  referencedColumn: string;
}

export interface TableConfig {
  /** Stable pipeline id: names checkpoints and status entries. */
  id: string;
  dataset: string;
  table: string;
  timestampColumn: string;
  /** Explicit list (always containing timestampColumn and primaryKey) or '*'. */
  columns: string[] | '*';
  /** Absent: the sync derives a deterministic row fingerprint instead. */
  primaryKey?: string[];
  targetTable: string;
  numericMode: NumericMode;
  geographyFormat: GeographyFormat;
  /**
   * Also store each top-level TIMESTAMP column's exact microseconds since the epoch, as a
   * BigInt, in a column `<name>Micros` beside the (millisecond) Date. Absent: off.
   */
  timestampMicros?: boolean;
  sync: TableSyncSettings;
  /** Present only when a `validation:` block was given (globally or for the table). */
  validation?: TableValidationConfig;
  /** Present only when a `backfill:` block was given; see `backfillSettings` for the defaults. */
  backfill?: TableBackfillConfig;
}

export interface SyncConfig {
  bigquery: BigQueryConnection;
  tables: TableConfig[];
  format: ConfigFormat;
}

/** A duration as written in config: milliseconds, or a string such as '30s', '5m', '1h30m'. */
export type DurationInput = number | string;

/** The `sync:` block as written (global or per table); every key optional. */
export interface SyncSettingsInput {
  initialBatchSize?: number;
  catchupBatchSize?: number;
  steadyBatchSize?: number;
  pollInterval?: DurationInput;
  catchupThreshold?: DurationInput;
  steadyThreshold?: DurationInput;
  settleDelay?: DurationInput;
  lookback?: DurationInput;
  minBatchSize?: number;
  maxBatchSize?: number;
  queryTimeout?: DurationInput;
  maxRestarts?: number;
  maxBytesPerWindow?: number;
  maxBytesBilledPerDay?: number;
  restartBackoff?: { initial?: DurationInput; max?: DurationInput };
  decodeIn?: DecodeIn;
}

export interface TableInput {
  id: string;
  dataset: string;
  table: string;
  timestampColumn: string;
  columns?: string[] | '*';
  primaryKey?: string[];
  targetTable: string;
  numericMode?: NumericMode;
  geographyFormat?: GeographyFormat;
  timestampMicros?: boolean;
  sync?: SyncSettingsInput;
  validation?: ValidationInput;
  backfill?: BackfillInput;
}

/** The `validation:` block as written (global or per table). */
export interface ValidationInput {
  interval?: DurationInput;
  repair?: boolean;
  deleteExtra?: boolean;
  maxBytesBilled?: number | string;
  window?: DurationInput;
  minWindow?: DurationInput;
  maxKeyRows?: number;
  /** Per table only. */
  references?: { column: string; table: string; referencedColumn?: string }[];
}

interface ConnectionInput {
  projectId: string;
  credentials?: BigQueryCredentials;
  location?: string;
  apiEndpoint?: string;
  maximumBytesBilled?: number | string;
  jobProjectId?: string;
  storageApiEndpoint?: string;
}

/** Multi-table layout. */
export interface SyncConfigInput {
  bigquery: ConnectionInput & { tables: TableInput[] };
  sync?: SyncSettingsInput;
  validation?: ValidationInput;
  backfill?: BackfillInput;
}

/** Legacy single-table layout; becomes table `default` -> `BigQueryData`. */
export interface LegacySyncConfigInput {
  bigquery: ConnectionInput & Omit<TableInput, 'id' | 'targetTable' | 'sync'>;
  sync?: SyncSettingsInput;
}
