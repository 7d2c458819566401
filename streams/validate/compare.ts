import { sameSummary, type WindowSummary } from './checksum.js';
import type { WindowPlan } from './windows.js';

/** Which keys differ: missing in the target, extra in the target, or with other content. */
export interface KeyDiff {
  missing: string[];
  extra: string[];
  changed: string[];
}

/** Compares two key -> row fingerprint maps; key lists come sorted so reports are stable. */
export function diffKeys(source: ReadonlyMap<string, bigint>, target: ReadonlyMap<string, bigint>): KeyDiff {
  const diff: KeyDiff = { missing: [], extra: [], changed: [] };
  for (const [key, fp] of source) {
    const other = target.get(key);
    if (other === undefined) diff.missing.push(key);
    else if (other !== fp) diff.changed.push(key);
  }
  for (const key of target.keys()) if (!source.has(key)) diff.extra.push(key);
  diff.missing.sort();
  diff.extra.sort();
  diff.changed.sort();
  return diff;
}

/** Indexes of the plan's windows whose figures differ. */
export function mismatchedWindows(
  plan: WindowPlan,
  source: ReadonlyMap<number, WindowSummary>,
  target: ReadonlyMap<number, WindowSummary>,
): number[] {
  const out: number[] = [];
  plan.windows.forEach((w) => {
    const i = Math.floor((w.startMs - plan.originMs) / plan.widthMs);
    if (!sameSummary(source.get(i), target.get(i))) out.push(i);
  });
  return out;
}
