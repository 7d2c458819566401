/**
 * Validation windows: half-open time ranges [startMs, endMs) in milliseconds, the unit
 * Harper stores timestamps in. Every window lies below the committed cursor, so every row
 * in it has been written (or is missing for a reason worth reporting).
 */
export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** BigQuery's `timePartitioning` as tables.get reports it. */
export interface TimePartitioning {
  type?: string;
  field?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The window width for a table: one partition when the table is partitioned by the sync's
 * timestamp column (each window then prunes to exactly one partition on BigQuery), else
 * the fallback. MONTH and YEAR partitions are not a fixed width: days still prune to them.
 */
export function windowWidthMs(
  partitioning: TimePartitioning | undefined,
  timestampColumn: string,
  fallbackMs: number,
): number {
  if (!partitioning?.type || partitioning.field?.toLowerCase() !== timestampColumn.toLowerCase()) return fallbackMs;
  return partitioning.type.toUpperCase() === 'HOUR' ? HOUR_MS : DAY_MS;
}

/** BigQuery's smallest TIMESTAMP (0001-01-01), the lower bound when no range is asked. */
export const MIN_TIMESTAMP_MS = -62_135_596_800_000;

export interface WindowPlanRequest {
  /** Committed cursor timestamp in microseconds; windows end at or before its millisecond. */
  cursorMicros: bigint;
  widthMs: number;
  /** Optional requested range (inclusive start, exclusive end), in ms. */
  fromMs?: number;
  toMs?: number;
}

/**
 * A run's plan: windows aligned to multiples of the width (UTC epoch), clipped to the
 * range [fromMs, toMs). Windows are not enumerated: only those holding rows on either
 * side show up in the figures, so an open range costs nothing for empty years.
 */
export interface WindowPlan {
  /** Origin for window indexes: index i covers [originMs + i*width, originMs + (i+1)*width). */
  originMs: number;
  widthMs: number;
  fromMs: number;
  toMs: number;
}

/**
 * Plans one run. Rows at the cursor's own millisecond may be only partly committed (ties
 * are broken by key), so the range ends at that millisecond, exclusive.
 */
export function planWindows(r: WindowPlanRequest): WindowPlan {
  if (!Number.isSafeInteger(r.widthMs) || r.widthMs < 1)
    throw new Error(`window width must be >= 1 ms, got ${r.widthMs}`);
  const cursorMs = cursorMillisecond(r.cursorMicros);
  const fromMs = Math.max(r.fromMs ?? MIN_TIMESTAMP_MS, MIN_TIMESTAMP_MS);
  const toMs = Math.max(fromMs, Math.min(r.toMs ?? Number.MAX_SAFE_INTEGER, cursorMs));
  return { originMs: Math.floor(fromMs / r.widthMs) * r.widthMs, widthMs: r.widthMs, fromMs, toMs };
}

/** Index of the plan window holding a timestamp (ms). */
export function windowIndex(plan: Pick<WindowPlan, 'originMs' | 'widthMs'>, ms: number): number {
  return Math.floor((ms - plan.originMs) / plan.widthMs);
}

/** Window i of a plan, clipped to the plan's range (may be empty outside it). */
export function windowAt(plan: WindowPlan, i: number): TimeWindow {
  const start = plan.originMs + i * plan.widthMs;
  return { startMs: Math.max(start, plan.fromMs), endMs: Math.min(start + plan.widthMs, plan.toMs) };
}

/** The two time halves of a window; a 1 ms window cannot be split (returns itself). */
export function halves(window: TimeWindow): TimeWindow[] {
  const width = window.endMs - window.startMs;
  if (width <= 1) return [window];
  const mid = window.startMs + Math.ceil(width / 2);
  return [
    { startMs: window.startMs, endMs: mid },
    { startMs: mid, endMs: window.endMs },
  ];
}

/** A sub-plan that splits one window into its halves (index 0 and 1). */
export function halvesPlan(window: TimeWindow): WindowPlan {
  const parts = halves(window);
  const widthMs = parts[0]!.endMs - parts[0]!.startMs;
  return { originMs: window.startMs, widthMs, fromMs: window.startMs, toMs: window.endMs };
}

export function describeWindow(window: TimeWindow): string {
  return `${new Date(window.startMs).toISOString()}..${new Date(window.endMs).toISOString()}`;
}

/** The millisecond a cursor's timestamp falls in: validation ranges end there (exclusive). */
export function cursorMillisecond(cursorMicros: bigint): number {
  return floorDiv(cursorMicros, 1000n);
}

function floorDiv(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(a % b !== 0n && a < 0n ? q - 1n : q);
}
