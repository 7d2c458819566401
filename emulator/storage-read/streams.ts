/**
 * Disjoint row ranges over a session's materialised rows: the initial split into streams and
 * SplitReadStream's primary/remainder cut. Pure.
 */

/** Rows [start, end) of the session's snapshot, in its fixed order. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * How many streams a session gets: none for an empty result (as BigQuery), otherwise
 * `maxStreamCount` when given (never more than rows) so that local tests exercise the
 * parallelism they ask for; with 0 the server decides: about one stream per
 * `rowsPerDefaultStream` rows, at least `preferredMin`. (BigQuery may return fewer streams
 * than asked; readers must accept any count.)
 */
export function streamCount(
  rows: number,
  maxStreamCount: number,
  preferredMin: number,
  rowsPerDefaultStream: number,
): number {
  if (rows === 0) return 0;
  const wanted =
    maxStreamCount > 0 ? maxStreamCount : Math.max(Math.ceil(rows / rowsPerDefaultStream), preferredMin, 1);
  return Math.max(1, Math.min(wanted, 1000, rows));
}

/** `count` contiguous ranges covering [0, rows) exactly once, sizes differing by at most one. */
export function partition(rows: number, count: number): RowRange[] {
  const out: RowRange[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ start: Math.floor((i * rows) / count), end: Math.floor(((i + 1) * rows) / count) });
  }
  return out;
}

/**
 * SplitReadStream: primary = the first `fraction` of the range, remainder = the rest, read
 * back to back they are the original. Undefined when the range cannot be split (fewer than
 * two rows, or the cut would leave one side empty), which BigQuery answers with no streams.
 */
export function splitRange(range: RowRange, fraction: number): [RowRange, RowRange] | undefined {
  const size = range.end - range.start;
  const cut = range.start + Math.floor(size * fraction);
  if (cut <= range.start || cut >= range.end) return undefined;
  return [
    { start: range.start, end: cut },
    { start: cut, end: range.end },
  ];
}
