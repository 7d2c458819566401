import { EMPTY_SUMMARY } from './checksum.js';
import { mismatchedWindows } from './compare.js';
import { narrowMismatch, type NarrowOptions, type WindowFinding } from './narrow.js';
import type { ValidationSide } from './side.js';
import { windowAt, type TimeWindow, type WindowPlan } from './windows.js';

export interface SideComparison {
  /** Windows holding rows on either side, all compared. */
  windows: number;
  /** Windows whose figures differed. */
  mismatchedWindows: TimeWindow[];
  /** Small windows with the keys that differ. */
  findings: WindowFinding[];
  /** Rows per side over the whole plan. */
  sourceRows: number;
  targetRows: number;
}

/** Compares the two sides over a plan's windows, narrowing every mismatch to keys. */
export async function compareSides(
  plan: WindowPlan,
  source: ValidationSide,
  target: ValidationSide,
  o: NarrowOptions,
): Promise<SideComparison> {
  if (plan.fromMs >= plan.toMs)
    return { windows: 0, mismatchedWindows: [], findings: [], sourceRows: 0, targetRows: 0 };
  const [s, t] = await Promise.all([source.summarize(plan), target.summarize(plan)]);
  const sum = (m: Map<number, { count: number }>) => [...m.values()].reduce((n, x) => n + x.count, 0);
  const result: SideComparison = {
    windows: new Set([...s.keys(), ...t.keys()]).size,
    mismatchedWindows: [],
    findings: [],
    sourceRows: sum(s),
    targetRows: sum(t),
  };
  for (const i of mismatchedWindows(s, t)) {
    const window = windowAt(plan, i);
    result.mismatchedWindows.push(window);
    const found = await narrowMismatch(window, s.get(i) ?? EMPTY_SUMMARY, t.get(i) ?? EMPTY_SUMMARY, source, target, o);
    result.findings.push(...found);
  }
  return result;
}
