import type { Page } from '../../../streams/pipeline/read-pages.js';
import type { PageStats, SourceRow } from '../../../streams/source/page-source.js';

/** Rows 0..n-1 from `start`, each its own timestamp (µs = value). */
export function rowsOf(n: number, start = 0): SourceRow<number>[] {
  return Array.from({ length: n }, (_, i) => ({
    cursor: { timestampMicros: BigInt(start + i), key: [String(start + i)] },
    row: start + i,
  }));
}

/** A page as the reader emits it; `limit` decides whether it is full. */
export function pageOf(
  rows: SourceRow<number>[],
  o: {
    limit?: number;
    lookback?: boolean;
    phase?: Page<number>['phase'];
    at?: number;
    stats?: PageStats;
    cursor?: Page<number>['cursor'];
  } = {},
): Page<number> {
  const limit = o.limit ?? 10;
  return {
    rows,
    request: { after: null, upperMicros: 1_000_000n, limit },
    cursor: o.cursor !== undefined ? o.cursor : (rows[rows.length - 1]?.cursor ?? null),
    full: rows.length >= limit,
    lookback: o.lookback ?? false,
    phase: o.phase ?? 'steady',
    lagMs: 0,
    latencyMs: 1,
    fetchedAtMs: o.at ?? 0,
    ...(o.stats ? { stats: o.stats } : {}),
  };
}
