import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { CommittedBatch } from '../../../streams/operators/commit-batches.js';
import { trackProgress } from '../../../streams/operators/track-progress.js';
import type { BatchCommit } from '../../../streams/sink/batch-sink.js';
import { emptyTotals } from '../../../streams/stats/sync-totals.js';
import { pageOf, rowsOf } from './page-fixtures.js';

function committed(n: number, at: number, o: { lookback?: boolean } = {}): CommittedBatch<number> {
  const page = pageOf(rowsOf(n), { lookback: o.lookback, at });
  const records = page.rows.map((r) => ({ id: String(r.row) }));
  return {
    page,
    records,
    skipped: [],
    totals: emptyTotals(0),
    commit: n > 0 ? ({ records } as unknown as BatchCommit) : undefined,
    committedAtMs: at,
    written: n > 0 ? { newKeys: n, distinctKeys: null } : undefined,
  };
}

describe('trackProgress', () => {
  it('rows per second is over wall time: empty polls make it decay to 0', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      // The meter starts when the first read started (999 ms); 1000 rows at 1 s, empty polls at 6 s and 12 s.
      const batches = cold('a 5s b 5999ms c|', {
        a: committed(1000, 1000),
        b: committed(0, 6000),
        c: committed(0, 12_000),
      });
      expectObservable(batches.pipe(trackProgress())).toBe('a 5s b 5999ms c|', {
        a: expect.objectContaining({ rowsPerSecond: 1000, rowsCommitted: 1000, committed: true }),
        b: expect.objectContaining({ rowsPerSecond: expect.closeTo(1_000_000 / 5001, 3), committed: false }),
        c: expect.objectContaining({ rowsPerSecond: 0, rowsCommitted: 1000 }),
      });
    });
  });

  it('lookback rows are written (rate, rowsWrittenInBatch) but are not new source rows', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: committed(5, 0, { lookback: true }) }).pipe(trackProgress())).toBe('a|', {
        a: expect.objectContaining({ rowsInBatch: 0, rowsWrittenInBatch: 5, rowsCommitted: 0, newKeys: 5 }),
      });
    });
  });

  it('keeps its totals per subscription', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const piped = cold('ab|', { a: committed(2, 0), b: committed(2, 1) }).pipe(trackProgress());
      const expected = {
        a: expect.objectContaining({ rowsCommitted: 2 }),
        b: expect.objectContaining({ rowsCommitted: 4 }),
      };
      expectObservable(piped).toBe('ab|', expected);
      expectObservable(piped).toBe('ab|', expected);
      expectObservable(piped).toBe('ab|', expected);
    });
  });
});
