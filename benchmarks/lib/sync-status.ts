import type { HarperProcess } from '../../src/harper-process/index.js';
import { getJson } from './harper.js';

/** The fields of GET /SyncStatus/<tableId> the benchmarks read (see actors/table-actor.ts). */
export interface TableStatusView {
  tableId: string;
  state: string;
  phase: string | null;
  caughtUp: boolean;
  rowsCommitted: number;
  rowsPerSecond: number;
  batchSize: number | null;
  lastError: string | null;
  restarts: number;
  lastCommitAt: string | null;
  startedAt: string | null;
}

export async function allStatuses(harper: HarperProcess): Promise<Map<string, TableStatusView>> {
  const body = await getJson<{ tables: TableStatusView[] }>(harper, '/SyncStatus/');
  return new Map(body.tables.map((t) => [t.tableId, t]));
}

/** How one table's initial sync went, as seen from outside through its published status. */
export interface SyncTiming {
  tableId: string;
  rows: number;
  startedAt: number;
  /** The first status seen with rows committed: its last commit time and row count. */
  firstSeenCommitAt: number;
  rowsAtFirstSeen: number;
  lastCommitAt: number;
  /** Rows committed after the first seen commit, per second, up to the last commit. */
  rowsPerSecond: number;
  /** All rows over the time from the pipeline's start to the last commit (incl. the first query). */
  rowsPerSecondFromStart: number;
  restarts: number;
}

/**
 * Polls the sync status until every table has `expected[tableId]` rows committed and is
 * caught up. Status is published at most once a second, so the first commit is taken from
 * the first status that shows rows (its lastCommitAt and rowsCommitted), which makes the
 * rate exact over the rows it covers. `onPoll` sees every poll (for memory snapshots).
 */
export async function watchInitialSync(
  harper: HarperProcess,
  expected: Record<string, number>,
  o: { timeoutMs: number; onPoll?: (statuses: Map<string, TableStatusView>) => void },
): Promise<Map<string, SyncTiming>> {
  const first = new Map<string, { at: number; rows: number }>();
  const timings = new Map<string, SyncTiming>();
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const statuses = await allStatuses(harper);
    o.onPoll?.(statuses);
    for (const [tableId, rows] of Object.entries(expected)) {
      const s = statuses.get(tableId);
      if (!s || timings.has(tableId)) continue;
      if (s.state === 'failed') throw new Error(`table ${tableId} failed: ${s.lastError ?? '?'}`);
      // A benchmark of a sync that keeps restarting measures nothing: stop early and say why.
      if (s.restarts >= 3) throw new Error(`table ${tableId} restarted ${s.restarts} times: ${s.lastError ?? '?'}`);
      if (s.rowsCommitted > 0 && s.lastCommitAt && !first.has(tableId)) {
        first.set(tableId, { at: Date.parse(s.lastCommitAt), rows: s.rowsCommitted });
      }
      // Taken at the first status showing the table complete: later empty polls move
      // lastCommitAt on (it is the time of the last page handled, rows or not).
      if (s.caughtUp && s.rowsCommitted >= rows) timings.set(tableId, timing(s, first.get(tableId)!));
    }
    if (timings.size === Object.keys(expected).length) return timings;
    if (Date.now() > deadline) {
      const view = [...statuses.values()]
        .map((s) => `${s.tableId}: ${s.rowsCommitted} rows, ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`)
        .join('; ');
      throw new Error(`sync did not finish in ${o.timeoutMs} ms (${view})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function timing(s: TableStatusView, first: { at: number; rows: number }): SyncTiming {
  const last = Date.parse(s.lastCommitAt!);
  const startedAt = Date.parse(s.startedAt!);
  return {
    tableId: s.tableId,
    rows: s.rowsCommitted,
    startedAt,
    firstSeenCommitAt: first.at,
    rowsAtFirstSeen: first.rows,
    lastCommitAt: last,
    rowsPerSecond: last > first.at ? Math.round(((s.rowsCommitted - first.rows) * 1000) / (last - first.at)) : NaN,
    rowsPerSecondFromStart: Math.round((s.rowsCommitted * 1000) / Math.max(1, last - startedAt)),
    restarts: s.restarts,
  };
}
