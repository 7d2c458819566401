import { sameSummary, type WindowSummary } from './checksum.js';

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

/** Indexes of the windows (holding rows on either side) whose figures differ, in time order. */
export function mismatchedWindows(
  source: ReadonlyMap<number, WindowSummary>,
  target: ReadonlyMap<number, WindowSummary>,
): number[] {
  const indexes = new Set([...source.keys(), ...target.keys()]);
  return [...indexes].filter((i) => !sameSummary(source.get(i), target.get(i))).sort((a, b) => a - b);
}
