import type { TableValidationConfig } from '../../config/types.js';

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
}

export const DEFAULT_VALIDATION_SETTINGS: Readonly<ValidationSettings> = Object.freeze({
  // Off by default FOR NOW: the integration test still sees a few false "changed" rows
  // (5 in 10k, FLOAT64/BOOL content, cause not yet found). Meant to become 15 min.
  intervalMs: 0,
  repair: true,
  // Extra rows may be rows the source deleted on purpose: removing them is the user's call.
  deleteExtra: false,
  windowMs: 60 * 60_000,
  minWindowMs: 60_000,
  maxKeyRows: 10_000,
});

/** Defaults, then the configured block (and a run's own overrides). */
export function resolveValidationSettings(input?: TableValidationConfig): ValidationSettings {
  const out: ValidationSettings = { ...DEFAULT_VALIDATION_SETTINGS };
  for (const [k, v] of Object.entries(input ?? {}))
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}
