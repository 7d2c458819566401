/**
 * Configuration for harper-bigquery-sync: parse, validate and resolve the multi-table (or
 * legacy single-table) config from YAML, JSON, or Harper component options.
 */
export type {
  BackfillInput,
  BackfillMethod,
  BackoffSettings,
  BigQueryConnection,
  BigQueryCredentials,
  ConfigFormat,
  DurationInput,
  GeographyFormat,
  InlineCredentials,
  LegacySyncConfigInput,
  NumericMode,
  SyncConfig,
  SyncConfigInput,
  SyncSettingsInput,
  TableBackfillConfig,
  TableConfig,
  TableInput,
  TableSyncSettings,
} from './types.js';
export {
  BACKFILL_METHODS,
  DEFAULT_BACKFILL,
  DEFAULT_GEOGRAPHY_FORMAT,
  DEFAULT_NUMERIC_MODE,
  DEFAULT_SYNC_SETTINGS,
  GEOGRAPHY_FORMATS,
  NUMERIC_MODES,
} from './defaults.js';
export { ConfigError, formatConfigError, formatIssue, type ConfigIssue } from './errors.js';
export { parseSyncConfig, safeParseSyncConfig } from './parse.js';
export { loadSyncConfigFile, parseSyncConfigText, type TextSource } from './loader.js';
export { configFromComponentOptions, HARPER_OPTION_KEYS } from './component.js';
export { redactConfig } from './redact.js';
export { absoluteCredentialsSetting, credentialsFileFrom, resolveCredentialsFile } from './credentials-path.js';
export { REDACTED } from './secrets.js';
export { bigQueryClientOptions, type BigQueryClientOptions } from './client-options.js';
export { formatDuration, MAX_TIMER_MS, parseDuration, type DurationLimits, type ParseResult } from './durations.js';
export { identifierProblem, isValidIdentifier, type IdentifierKind } from './identifiers.js';
export { substituteEnv, substituteString, type Env } from './env.js';
export { LEGACY_TABLE_ID, LEGACY_TARGET_TABLE } from './legacy.js';
