import type { WindowSummary } from './checksum.js';
import type { TimeWindow, WindowPlan } from './windows.js';

/**
 * One side of a comparison (BigQuery, Harper, or an in-memory stand-in): the same figures
 * over the same windows, computed where the data lives.
 */
export interface ValidationSide {
  /** Per window index of the plan: count and checksums (absent index = no rows). */
  summarize(plan: WindowPlan): Promise<Map<number, WindowSummary>>;
  /** Every key of one window with its row fingerprint. */
  keys(window: TimeWindow): Promise<Map<string, bigint>>;
}
