import { DEFAULT_BACKFILL, DEFAULT_GEOGRAPHY_FORMAT, DEFAULT_NUMERIC_MODE, DEFAULT_SYNC_SETTINGS } from './defaults.js';
import type {
  BackfillBlock,
  RootBlock,
  SyncBlock,
  TableBlock,
  TableValidationBlock,
  ValidationBlock,
} from './schema.js';
import { SYNC_FIELD_NAMES, SYNC_FIELDS } from './sync-fields.js';
import type {
  BigQueryConnection,
  ConfigFormat,
  SyncConfig,
  TableBackfillConfig,
  TableConfig,
  TableSyncSettings,
  TableValidationConfig,
} from './types.js';

/** Turns validated input into the resolved config: defaults filled, durations in ms. */
export function resolveConfig(root: RootBlock, format: ConfigFormat): SyncConfig {
  const { tables, ...connection } = root.bigquery;
  const bigquery: BigQueryConnection = { projectId: connection.projectId };
  // Only keys that were given, so the resolved object round-trips through JSON unchanged.
  if (connection.credentials !== undefined) bigquery.credentials = connection.credentials;
  if (connection.location !== undefined) bigquery.location = connection.location;
  if (connection.apiEndpoint !== undefined) bigquery.apiEndpoint = connection.apiEndpoint;
  if (connection.maximumBytesBilled !== undefined) bigquery.maximumBytesBilled = connection.maximumBytesBilled;
  if (connection.jobProjectId !== undefined) bigquery.jobProjectId = connection.jobProjectId;
  if (connection.storageApiEndpoint !== undefined) bigquery.storageApiEndpoint = connection.storageApiEndpoint;
  return {
    bigquery,
    tables: tables.map((table) => resolveTable(table, root.sync, root.validation, root.backfill)),
    format,
  };
}

function resolveTable(
  table: TableBlock,
  globalSync: SyncBlock | undefined,
  globalValidation: ValidationBlock | undefined,
  globalBackfill: BackfillBlock | undefined,
): TableConfig {
  const validation = mergeValidation(globalValidation, table.validation);
  const backfill = mergeBackfill(globalBackfill, table.backfill);
  return {
    id: table.id,
    dataset: table.dataset,
    table: table.table,
    timestampColumn: table.timestampColumn,
    columns: completeColumns(table),
    ...(table.primaryKey === undefined ? {} : { primaryKey: [...table.primaryKey] }),
    targetTable: table.targetTable,
    numericMode: table.numericMode ?? DEFAULT_NUMERIC_MODE,
    geographyFormat: table.geographyFormat ?? DEFAULT_GEOGRAPHY_FORMAT,
    ...(table.timestampMicros ? { timestampMicros: true } : {}),
    sync: mergeSyncSettings(globalSync, table.sync),
    ...(validation ? { validation } : {}),
    ...(backfill ? { backfill } : {}),
  };
}

/** Defaults, the global `backfill:` block, then the table's; undefined when neither is given. */
function mergeBackfill(...layers: Array<BackfillBlock | undefined>): TableBackfillConfig | undefined {
  if (layers.every((layer) => layer === undefined)) return undefined;
  const out: TableBackfillConfig = { ...DEFAULT_BACKFILL };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.method !== undefined) out.method = layer.method;
    if (layer.storageReadMinBytes !== undefined) out.storageReadMinBytes = layer.storageReadMinBytes;
    if (layer.maxStreams !== undefined) out.maxStreams = layer.maxStreams;
  }
  return out;
}

/** The global `validation:` block, then the table's; undefined when neither says anything. */
function mergeValidation(
  ...layers: Array<(ValidationBlock & Partial<TableValidationBlock>) | undefined>
): TableValidationConfig | undefined {
  const out: TableValidationConfig = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.interval !== undefined) out.intervalMs = layer.interval;
    if (layer.repair !== undefined) out.repair = layer.repair;
    if (layer.deleteExtra !== undefined) out.deleteExtra = layer.deleteExtra;
    if (layer.maxBytesBilled !== undefined) out.maxBytesBilled = layer.maxBytesBilled;
    if (layer.window !== undefined) out.windowMs = layer.window;
    if (layer.minWindow !== undefined) out.minWindowMs = layer.minWindow;
    if (layer.maxKeyRows !== undefined) out.maxKeyRows = layer.maxKeyRows;
    if (layer.references !== undefined)
      out.references = layer.references.map((r) => ({ ...r, referencedColumn: r.referencedColumn ?? r.column }));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The cursor needs the timestamp and key columns in every row, so they are selected even
 * when the user's list forgot them. BigQuery matches names case-insensitively, and so do we.
 */
function completeColumns(table: TableBlock): string[] | '*' {
  if (table.columns === undefined || table.columns === '*') return '*';
  const columns = [...table.columns];
  const present = new Set(columns.map((name) => name.toLowerCase()));
  for (const name of [table.timestampColumn, ...(table.primaryKey ?? [])]) {
    if (!present.has(name.toLowerCase())) {
      columns.push(name);
      present.add(name.toLowerCase());
    }
  }
  return columns;
}

/** Defaults, then the global `sync:` block, then the table's own `sync:` block. */
export function mergeSyncSettings(...layers: Array<SyncBlock | undefined>): TableSyncSettings {
  const settings: TableSyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    restartBackoffMs: { ...DEFAULT_SYNC_SETTINGS.restartBackoffMs },
  };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const name of SYNC_FIELD_NAMES) {
      const value = layer[name];
      if (value !== undefined) settings[SYNC_FIELDS[name].setting] = value;
    }
    if (layer.restartBackoff?.initial !== undefined) settings.restartBackoffMs.initial = layer.restartBackoff.initial;
    if (layer.restartBackoff?.max !== undefined) settings.restartBackoffMs.max = layer.restartBackoff.max;
    if (layer.decodeIn !== undefined) settings.decodeIn = layer.decodeIn;
  }
  return settings;
}
