import { MAX_TIMER_MS, parseDuration, type ParseResult } from './durations.js';
import { parseNonNegativeInteger, parsePositiveInteger } from './numbers.js';
import type { TableSyncSettings } from './types.js';

/**
 * The `sync:` keys as written, how each value is parsed, and which resolved setting it
 * fills. Shared by the schema, the cross-field checks and the resolver so the three
 * cannot drift apart.
 */
export interface SyncField {
  parse(input: unknown): ParseResult<number>;
  /** Durations are shown as '5m' in messages, counts as plain numbers. */
  unit: 'duration' | 'count';
}

// Timers must fit setTimeout; offsets (thresholds, windows) only need to be safe integers.
const timer = (input: unknown) => parseDuration(input, { min: 1, max: MAX_TIMER_MS });
const offset = (input: unknown) => parseDuration(input, { max: Number.MAX_SAFE_INTEGER });
const count = (parse: SyncField['parse']): SyncField => ({ parse, unit: 'count' });
const duration = (parse: SyncField['parse']): SyncField => ({ parse, unit: 'duration' });

type ScalarSetting = Exclude<keyof TableSyncSettings, 'restartBackoffMs' | 'decodeIn'>;

export const SYNC_FIELDS = {
  initialBatchSize: { ...count(parsePositiveInteger), setting: 'initialBatchSize' },
  catchupBatchSize: { ...count(parsePositiveInteger), setting: 'catchupBatchSize' },
  steadyBatchSize: { ...count(parsePositiveInteger), setting: 'steadyBatchSize' },
  pollInterval: { ...duration(timer), setting: 'pollIntervalMs' },
  catchupThreshold: { ...duration(offset), setting: 'catchupThresholdMs' },
  steadyThreshold: { ...duration(offset), setting: 'steadyThresholdMs' },
  settleDelay: { ...duration(offset), setting: 'settleDelayMs' },
  lookback: { ...duration(offset), setting: 'lookbackMs' },
  minBatchSize: { ...count(parsePositiveInteger), setting: 'minBatchSize' },
  maxBatchSize: { ...count(parsePositiveInteger), setting: 'maxBatchSize' },
  queryTimeout: { ...duration(timer), setting: 'queryTimeoutMs' },
  maxRestarts: { ...count(parseNonNegativeInteger), setting: 'maxRestarts' },
  maxBytesPerWindow: { ...count(parsePositiveInteger), setting: 'maxBytesPerWindow' },
  maxBytesBilledPerDay: { ...count(parseNonNegativeInteger), setting: 'maxBytesBilledPerDay' },
} as const satisfies Record<string, SyncField & { setting: ScalarSetting }>;

export type SyncFieldName = keyof typeof SYNC_FIELDS;
export const SYNC_FIELD_NAMES = Object.keys(SYNC_FIELDS) as SyncFieldName[];

/** `restartBackoff: { initial, max }` -> `restartBackoffMs: { initial, max }`. */
export const BACKOFF_FIELDS = {
  initial: duration(timer),
  max: duration(timer),
} as const satisfies Record<string, SyncField>;

export type BackoffFieldName = keyof typeof BACKOFF_FIELDS;
