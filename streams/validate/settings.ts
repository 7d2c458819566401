import type { TableReference, TableValidationConfig } from '../../config/types.js';

/** Resolved validation settings of one table (config `validation:`). */
export interface ValidationSettings {
  /** Time between scheduled runs in ms; 0 = no scheduled runs (on demand still works). */
  intervalMs: number;
  /** Re-read and upsert mismatching windows. */
  repair: boolean;
  /** Delete rows Harper has and the source does not (only reported otherwise). */
  deleteExtra: boolean;
  /** Decimal int64: a run whose summary query would bill more is skipped (dry run first). */
  maxBytesBilled?: string;
  /** Window width for tables not partitioned by the timestamp column, in ms. */
  windowMs: number;
  /** Bisection stops at this width (ms)... */
  minWindowMs: number;
  /** ...or once both sides hold at most this many rows in the window. */
  maxKeyRows: number;
  /** Cross-table references to check (reported, never repaired). */
  references: readonly TableReference[];
}

export const DEFAULT_VALIDATION_SETTINGS: Readonly<ValidationSettings> = Object.freeze({
  // A run costs one grouped summary query (a partition-pruned scan of the key, timestamp and
  // content columns) and a scan of the Harper table; every 15 min keeps drift visible
  // within the quarter hour at 96 summary queries a day per table.
  intervalMs: 15 * 60_000,
  repair: true,
  // Extra rows may be rows the source deleted on purpose: removing them is the user's call.
  deleteExtra: false,
  windowMs: 60 * 60_000,
  minWindowMs: 60_000,
  maxKeyRows: 10_000,
  references: [],
});

/** Defaults, then the configured block (and a run's own overrides). */
export function resolveValidationSettings(input?: TableValidationConfig): ValidationSettings {
  const out: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS };
  for (const [k, v] of Object.entries(input ?? {}))
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}
