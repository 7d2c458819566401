import { EMPTY_SUMMARY, sameSummary, type WindowSummary } from './checksum.js';
import { diffKeys, type KeyDiff } from './compare.js';
import type { ValidationSide } from './side.js';
import { halves, halvesPlan, type TimeWindow } from './windows.js';

export interface NarrowOptions {
  /** Stop halving at this width (ms); 1 ms windows cannot be split further anyway. */
  minWindowMs: number;
  /** Stop halving once both sides hold at most this many rows in the window. */
  maxKeyRows: number;
}

/** A small window whose keys were compared. */
export interface WindowFinding {
  window: TimeWindow;
  source: WindowSummary;
  target: WindowSummary;
  diff: KeyDiff;
}

/**
 * Narrows one mismatching window by bisection (time halves, both sides summarised per
 * half) until it is small, then compares key sets there. Halves that agree are dropped;
 * only the differing ones are followed, so the work grows with the damage, not the table.
 */
export async function narrowMismatch(
  window: TimeWindow,
  sourceSummary: WindowSummary,
  targetSummary: WindowSummary,
  source: ValidationSide,
  target: ValidationSide,
  o: NarrowOptions,
): Promise<WindowFinding[]> {
  const width = window.endMs - window.startMs;
  const small =
    width <= Math.max(1, o.minWindowMs) || (sourceSummary.count <= o.maxKeyRows && targetSummary.count <= o.maxKeyRows);
  if (small) {
    const [s, t] = await Promise.all([source.keys(window), target.keys(window)]);
    return [{ window, source: sourceSummary, target: targetSummary, diff: diffKeys(s, t) }];
  }
  const plan = halvesPlan(window);
  const [s, t] = await Promise.all([source.summarize(plan), target.summarize(plan)]);
  const findings: WindowFinding[] = [];
  for (const [i, part] of halves(window).entries()) {
    const a = s.get(i) ?? EMPTY_SUMMARY;
    const b = t.get(i) ?? EMPTY_SUMMARY;
    if (!sameSummary(a, b)) findings.push(...(await narrowMismatch(part, a, b, source, target, o)));
  }
  return findings;
}
