import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { commitBatches } from '../../../streams/operators/commit-batches.js';
import type { PendingBatch } from '../../../streams/operators/to-batch-commits.js';
import type { BatchCommit, BatchSink, CommitResult } from '../../../streams/sink/batch-sink.js';
import { emptyTotals } from '../../../streams/stats/sync-totals.js';
import { pageOf, rowsOf } from './page-fixtures.js';

function batch(n: number, commit: boolean): PendingBatch<number> {
  const page = pageOf(rowsOf(n));
  return {
    page,
    records: [],
    skipped: [],
    totals: emptyTotals(0),
    commit: commit ? ({ tableId: String(n) } as unknown as BatchCommit) : undefined,
  };
}

describe('commitBatches', () => {
  it('commits in order, one at a time, each after the previous finished (asynchronous commits)', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const started: number[] = [];
      const sink = {
        commit: (c: BatchCommit) => {
          started.push(ts.now());
          return cold('---(r|)', { r: { newKeys: Number(c.tableId), distinctKeys: null } satisfies CommitResult });
        },
      } as unknown as BatchSink;
      const out = cold('ab|', { a: batch(1, true), b: batch(2, true) }).pipe(commitBatches(sink, () => ts.now()));
      expectObservable(out).toBe('---a--(b|)', {
        a: expect.objectContaining({ committedAtMs: 3, written: { newKeys: 1, distinctKeys: null } }),
        b: expect.objectContaining({ committedAtMs: 6, written: { newKeys: 2, distinctKeys: null } }),
      });
      ts.flush();
      expect(started).toEqual([0, 3]);
    });
  });

  it('a batch without a commit passes through synchronously without touching the sink', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const sink = {
        commit: () => {
          throw new Error('must not commit');
        },
      } as unknown as BatchSink;
      expectObservable(
        cold('a-b|', { a: batch(0, false), b: batch(0, false) }).pipe(commitBatches(sink, () => ts.now())),
      ).toBe('a-b|', {
        a: expect.objectContaining({ written: undefined }),
        b: expect.objectContaining({ committedAtMs: 2 }),
      });
    });
  });

  it('a failed commit fails the stream', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const sink = { commit: () => cold('-#', undefined, new Error('txn')) } as unknown as BatchSink;
      expectObservable(cold('a|', { a: batch(1, true) }).pipe(commitBatches(sink, () => ts.now()))).toBe(
        '-#',
        undefined,
        new Error('txn'),
      );
    });
  });
});
