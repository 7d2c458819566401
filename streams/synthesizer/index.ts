/**
 * Maritime data synthesizer: deterministic, related test data for the three BigQuery
 * tables (vessel_positions, port_events, vessel_metadata), with knobs for the cases a
 * sync gets wrong (timestamp ties, bursts, late rows, duplicates, nulls).
 *
 *   const s = createScenario('realistic', 42);
 *   s.vesselPositions$.subscribe(row => ...);      // cold, time-ordered, exactly s.counts rows
 *   for (const row of s.rows.portEvents()) ...     // same rows, pull-based
 *   s.tables.vessel_positions.schema.fields         // BigQuery REST schema
 */
export { createScenario, knobbed, DEFAULT_SEED } from './scenarios/scenario.js';
export type { Scenario, ScenarioOptions, TimeInput } from './scenarios/scenario.js';
export { continuousGenerator } from './scenarios/continuous.js';
export type { ContinuousGenerator, ContinuousOptions, ContinuousRates, LiveFleet } from './scenarios/continuous.js';
export { SCENARIO_PRESETS, isScenarioName } from './scenarios/presets.js';
export type { ScenarioCounts, ScenarioName, ScenarioPreset } from './scenarios/presets.js';

export type {
  NavStatus,
  PortEventRow,
  PortEventType,
  RowOf,
  TableName,
  VesselMetadataRow,
  VesselPositionRow,
} from './rows.js';
export { OPTIONAL_COLUMNS, TIME_COLUMN, VESSEL_COLUMN } from './rows.js';
export {
  PORT_EVENTS_TABLE,
  SYNTHESIZER_TABLES,
  VESSEL_METADATA_TABLE,
  VESSEL_POSITIONS_TABLE,
} from './schema/tables.js';
export type { BqField, BqTableDefinition } from './schema/tables.js';

export { DEFAULT_LATE_BY_MS, planHardCases } from './knobs/hard-cases.js';
export type { HardCaseOptions, HardCasePlan } from './knobs/hard-cases.js';
export { tieTimestamps, tieTimestampsTransform } from './knobs/tie-timestamps.js';
export { burstTimestamps, burstTimestampsTransform } from './knobs/burst-timestamps.js';
export { delayLateRows, delayLateRowsTransform } from './knobs/delay-late-rows.js';
export { duplicateRows, duplicateRowsTransform } from './knobs/duplicate-rows.js';
export { nullOptionalColumns, nullOptionalColumnsTransform } from './knobs/null-optional-columns.js';
export { toOperator, transformIterable } from './knobs/row-transform.js';
export type { RowTransform, RowTransformFactory } from './knobs/row-transform.js';

export { VesselRegistry, DEFAULT_REGISTRY_SIZE, MAX_REGISTRY_SIZE } from './registry/vessel-registry.js';
export type { RegistryOptions, Vessel } from './registry/vessel-registry.js';
export { imoCheckDigit, isValidImo, makeImo } from './identity/imo.js';
export { flagOfMmsi, isValidMmsi, makeMmsi, midOf } from './identity/mmsi.js';
export { FLAG_STATES, flagByCountry, flagByMid } from './data/flags.js';
export type { FlagState } from './data/flags.js';
export { PORTS, portByLocode } from './data/ports.js';
export type { Port } from './data/ports.js';
export { VESSEL_TYPES, vesselTypeProfile } from './data/vessel-types.js';
export type { VesselType, VesselTypeProfile } from './data/vessel-types.js';
export { SeaRouter, defaultSeaRouter } from './routing/sea-router.js';
export { distanceM, bearingDeg, EARTH_RADIUS_M, METERS_PER_NM } from './geo/geo.js';
export type { LatLon } from './geo/geo.js';
export { formatMicros, parseTimestamp, toMicros, DEFAULT_START, MICROS_PER_SECOND } from './core/time.js';
export type { Micros } from './core/time.js';

// Writing to BigQuery (load jobs or streaming inserts) and the CLI's operations.
export {
  ALL_TABLES,
  DEFAULT_DATASET,
  InsertRowsError,
  LoadJobError,
  SchemaMismatchError,
  applyRetention,
  clear,
  ensureTables,
  initialize,
  runContinuous,
  selectTables,
  stats,
  tableByAlias,
  verify,
  writeRows,
} from './writer/index.js';
export type {
  ClearMode,
  ClearResult,
  ContinuousRunOptions,
  ContinuousSummary,
  InitializeOptions,
  InitializeResult,
  RetryOptions,
  SynthesizerTarget,
  TableRates,
  TableStats,
  VerifyCheck,
  VerifyReport,
  WriteOptions,
} from './writer/index.js';
