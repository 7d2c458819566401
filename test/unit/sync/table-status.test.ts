import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { TableActor } from '../../../actors/table-actor.js';
import type { Progress } from '../../../streams/operators/track-progress.js';
import { addPage, emptyTotals } from '../../../streams/stats/sync-totals.js';
import { testTable } from '../../support/table-config.js';

const table = testTable();

const stats = { jobs: 1, bytesProcessed: 1000, bytesBilled: 10_485_760 };
// The checkpoint this run resumed from already counted 500 rows and 40 queries.
const checkpointTotals = { ...emptyTotals(0), rowsWritten: 500, queries: 40, queriesToday: 40 };

/** A page step as the pipeline reports it, read at `at` ms with its source time `sourceMs`. */
function step(
  at: number,
  rows: number,
  o: { caughtUp: boolean; sourceMs: number; lookback?: boolean },
  totals = checkpointTotals,
): Progress {
  return {
    cursor: { timestampMicros: BigInt(o.sourceMs) * 1000n, key: ['k'] },
    phase: 'steady',
    lagMs: 0,
    caughtUp: o.caughtUp,
    lookback: o.lookback ?? false,
    batchSize: 10,
    rowsInBatch: o.lookback ? 0 : rows,
    rowsWrittenInBatch: rows,
    skippedInBatch: 0,
    rowsCommitted: rows,
    skippedCommitted: 0,
    rowsPerSecond: 0,
    readLatencyMs: 1,
    fetchedAtMs: at,
    stats,
    totals: addPage(totals, rows, stats, at),
    newKeys: rows,
    distinctKeys: 123,
    committed: rows > 0,
    committedAtMs: at,
  };
}

/** An actor on virtual time (1 frame = 1 ms) fed by a subject standing for its pipeline. */
function rig() {
  const ts = new TestScheduler(() => undefined);
  ts.maxFrames = 10 * 60_000;
  const pages = new Subject<Progress>();
  const actor = new TableActor({ table, build: () => pages, scheduler: ts, now: () => ts.now() });
  const at = (ms: number, fn: () => void) => ts.schedule(fn, ms);
  return { ts, pages, actor, at };
}

describe('TableStatus numbers mean what they say (virtual clock)', () => {
  it('rowsPerSecond10s/60s are rows per second of wall time and fall to 0 when nothing arrives', () => {
    const { ts, pages, actor, at } = rig();
    const seen: Record<number, [number, number]> = {};
    at(0, () => actor.start());
    at(10_000, () => pages.next(step(10_000, 600, { caughtUp: true, sourceMs: 9_000 })));
    for (const t of [10_500, 19_500, 21_500, 69_500, 71_500])
      at(t, () => (seen[t] = [actor.status.rowsPerSecond10s, actor.status.rowsPerSecond60s]));
    at(80_000, () => void actor.stop());
    ts.flush();
    // Status is recomputed once a second (ticks at whole seconds) and on every page.
    expect(seen[10_500]).toEqual([60, 60]); // 600 rows in 10 s of wall time; the actor is 10 s old
    expect(seen[19_500]).toEqual([60, 31.58]); // 600 rows over the actor's 19 s
    expect(seen[21_500]).toEqual([0, 28.57]); // no page since: decays without a new page
    expect(seen[69_500]).toEqual([0, 10]); // 600 rows in the last 60 s
    expect(seen[71_500]).toEqual([0, 0]);
  });

  it('lag: behind = now - newest committed source time; caught up = time since the last poll that reached the end; grows while paused', () => {
    const { ts, pages, actor, at } = rig();
    const lag: Record<number, number | null> = {};
    at(0, () => actor.start());
    at(1_000, () => pages.next(step(1_000, 10, { caughtUp: false, sourceMs: -59_000 })));
    at(1_001, () => (lag[1_001] = actor.status.lagMs));
    at(5_500, () => (lag[5_000] = actor.status.lagMs));
    at(6_000, () => pages.next(step(6_000, 3, { caughtUp: true, sourceMs: 5_000 })));
    at(6_001, () => (lag[6_001] = actor.status.lagMs));
    at(8_000, () => void actor.pause()); // the drain waits in real time; the lag must not wait
    at(30_500, () => (lag[30_000] = actor.status.lagMs));
    ts.flush();
    expect(lag[1_001]).toBe(60_000); // 60 s behind the source
    expect(lag[5_000]).toBe(64_000); // the clock keeps running between pages (tick at 5 s)
    expect(lag[6_001]).toBe(0); // caught up at 6 s (frames tick once a second)
    expect(lag[30_000]).toBe(24_000); // paused since 8 s, nothing polled since 6 s
    void actor.stop();
  });

  it('rowsWritten continues the checkpoint (lookback rows included); since-start counters and queries/bytes per scope', () => {
    const { ts, pages, actor, at } = rig();
    at(0, () => actor.start());
    at(1_000, () => pages.next(step(1_000, 10, { caughtUp: true, sourceMs: 500 })));
    at(2_000, () =>
      pages.next(
        step(2_000, 4, { caughtUp: true, sourceMs: 500, lookback: true }, addPage(checkpointTotals, 10, stats, 1_000)),
      ),
    );
    at(3_000, () =>
      pages.next(
        step(
          3_000,
          0,
          { caughtUp: true, sourceMs: 500 },
          addPage(addPage(checkpointTotals, 10, stats, 1_000), 4, stats, 2_000),
        ),
      ),
    );
    at(3_500, () => void actor.stop());
    ts.flush();
    const s = actor.status;
    expect(s.rowsWritten).toBe(514);
    expect(s.rowsWrittenSinceStart).toBe(14);
    expect(s.rowsCommitted).toBe(14);
    expect(s.distinctKeys).toBe(123);
    expect(s.queries).toEqual({ sinceStart: 3, today: 43, total: 43 });
    expect(s.bytesBilled).toEqual({ sinceStart: 3 * 10_485_760, today: 3 * 10_485_760, total: 3 * 10_485_760 });
    expect(s.lastPollAt).toBe(new Date(3_000).toISOString());
  });

  it('storageRead counts sessions, streams and rows in total and Arrow bytes per scope, apart from bytesBilled', () => {
    const { ts, pages, actor, at } = rig();
    // The checkpoint already counted one session of 4 streams that read 1,000 bytes yesterday.
    const before = addPage(
      emptyTotals(-86_400_000),
      0,
      {
        jobs: 0,
        bytesProcessed: 0,
        bytesBilled: 0,
        storageRead: { sessions: 1, streams: 4, rowsRead: 50, bytesRead: 1_000 },
      },
      -86_400_000,
    );
    const read = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };
    const srStep = (ms: number, rows: number, bytes: number, sessions: number, totals: typeof before) => ({
      ...step(ms, rows, { caughtUp: false, sourceMs: 500 }, totals),
      stats: { ...read, storageRead: { sessions, streams: sessions * 2, rowsRead: rows, bytesRead: bytes } },
      totals: addPage(
        totals,
        rows,
        { ...read, storageRead: { sessions, streams: sessions * 2, rowsRead: rows, bytesRead: bytes } },
        ms,
      ),
    });
    at(0, () => actor.start());
    const first = srStep(1_000, 10, 300, 1, before);
    at(1_000, () => pages.next(first));
    at(2_000, () => pages.next(srStep(2_000, 5, 200, 0, first.totals)));
    at(2_500, () => void actor.stop());
    ts.flush();
    const s = actor.status;
    expect(s.storageRead).toEqual({
      sessions: 2,
      streams: 6,
      rowsRead: 65,
      bytesRead: { sinceStart: 500, today: 500, total: 1_500 },
    });
    expect(s.bytesBilled).toEqual({ sinceStart: 0, today: 0, total: 0 });
  });
});
