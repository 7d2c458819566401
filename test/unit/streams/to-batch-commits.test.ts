import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { convertRows } from '../../../streams/operators/convert-rows.js';
import { toBatchCommits } from '../../../streams/operators/to-batch-commits.js';
import { emptyTotals } from '../../../streams/stats/sync-totals.js';
import { pageOf, rowsOf } from './page-fixtures.js';

const target = { tableId: 't', unit: 'all', targetTable: 'T' };
const convert = (n: number) => ({ record: { id: String(n) } });
const start = { rowsIngested: 0, totals: emptyTotals(0) };

describe('toBatchCommits', () => {
  it('an empty poll commits nothing but its query cost is counted; a page with rows commits its checkpoint', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const stats = { jobs: 1, bytesProcessed: 100, bytesBilled: 10_485_760 };
      const pages = cold('-e-f|', { e: pageOf([], { stats }), f: pageOf(rowsOf(2), { stats }) });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now()),
        ),
      ).toBe('-e-f|', {
        e: expect.objectContaining({
          commit: undefined,
          totals: expect.objectContaining({ queries: 1, rowsWritten: 0 }),
        }),
        f: expect.objectContaining({
          commit: expect.objectContaining({
            checkpoint: expect.objectContaining({
              rowsIngested: 2,
              totals: expect.objectContaining({ queries: 2, bytesBilled: 20_971_520, rowsWritten: 2, queriesToday: 2 }),
            }),
          }),
        }),
      });
    });
  });

  it('lookback rows count as rows written but not as new source rows', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const pages = cold('ab|', { a: pageOf(rowsOf(3)), b: pageOf(rowsOf(2), { lookback: true }) });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now()),
        ),
      ).toBe('ab|', {
        a: expect.objectContaining({
          commit: expect.objectContaining({ checkpoint: expect.objectContaining({ rowsIngested: 3 }) }),
        }),
        b: expect.objectContaining({
          commit: expect.objectContaining({
            checkpoint: expect.objectContaining({
              rowsIngested: 3,
              totals: expect.objectContaining({ rowsWritten: 5 }),
            }),
          }),
        }),
      });
    });
  });

  it('an empty page that changes the phase commits (the checkpoint keeps the phase)', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const cursor = rowsOf(1)[0]!.cursor;
      const pages = cold('abc|', {
        a: pageOf([], { cursor, phase: 'initial' }),
        b: pageOf([], { cursor, phase: 'steady' }),
        c: pageOf([], { cursor, phase: 'steady' }),
      });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now()),
        ),
      ).toBe('abc|', {
        a: expect.objectContaining({ commit: undefined }),
        b: expect.objectContaining({
          commit: expect.objectContaining({ checkpoint: expect.objectContaining({ phase: 'steady' }) }),
        }),
        c: expect.objectContaining({ commit: undefined }),
      });
    });
  });

  it('keeps its counters per subscription: three subscriptions to one piped operator count alike', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const piped = cold('a|', { a: pageOf(rowsOf(2)) }).pipe(
        convertRows('t', convert),
        toBatchCommits(target, start, () => ts.now()),
      );
      const expected = {
        a: expect.objectContaining({
          commit: expect.objectContaining({
            checkpoint: expect.objectContaining({
              rowsIngested: 2,
              totals: expect.objectContaining({ rowsWritten: 2 }),
            }),
          }),
        }),
      };
      expectObservable(piped).toBe('a|', expected);
      expectObservable(piped).toBe('a|', expected);
      expectObservable(piped).toBe('a|', expected);
    });
  });

  it('starts from the checkpoint totals and restarts the day counters at UTC midnight', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const day = 86_400_000;
      const before = { rowsIngested: 10, totals: { ...emptyTotals(0), rowsWritten: 10, queries: 7, queriesToday: 7 } };
      const stats = { jobs: 1, bytesProcessed: 0, bytesBilled: 0 };
      const pages = cold('a|', { a: pageOf(rowsOf(1), { stats }) });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, before, () => day + 5),
        ),
      ).toBe('a|', {
        a: expect.objectContaining({
          totals: expect.objectContaining({ rowsWritten: 11, queries: 8, queriesToday: 1, day: '1970-01-02' }),
        }),
      });
    });
  });

  it("writes an idle table's query counters with a checkpoint-only commit at most every countersFlushMs", () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const cursor = rowsOf(1)[0]!.cursor;
      const stats = { jobs: 1, bytesProcessed: 100, bytesBilled: 10 };
      const idle = pageOf([], { cursor, stats });
      // Polls at 2, 4, 6, 8, 10 ms; counters are written at most every 5 ms.
      const pages = cold('--a-b-c-d-e', { a: idle, b: idle, c: idle, d: idle, e: idle });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now(), { countersFlushMs: 5 }),
        ),
      ).toBe('--a-b-c-d-e', {
        a: expect.objectContaining({ commit: undefined }),
        b: expect.objectContaining({ commit: undefined }),
        c: expect.objectContaining({
          commit: expect.objectContaining({
            records: [],
            checkpoint: expect.objectContaining({
              cursor,
              rowsIngested: 0,
              totals: expect.objectContaining({ queries: 3, bytesProcessed: 300, bytesBilled: 30 }),
            }),
          }),
        }),
        d: expect.objectContaining({ commit: undefined }),
        e: expect.objectContaining({ commit: undefined }),
      });
    });
  });

  it('writes the unsaved counters once more when the pages complete (clean stop), and only then', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const cursor = rowsOf(1)[0]!.cursor;
      const stats = { jobs: 1, bytesProcessed: 0, bytesBilled: 0 };
      const pages = cold('ab|', { a: pageOf(rowsOf(1), { stats }), b: pageOf([], { cursor, stats }) });
      expectObservable(
        pages.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now()),
        ),
      ).toBe('ab(c|)', {
        a: expect.objectContaining({ commit: expect.objectContaining({ records: [expect.anything()] }) }),
        b: expect.objectContaining({ commit: undefined }),
        c: expect.objectContaining({
          // The flush step has no read cost of its own: status must not count the last poll twice.
          page: expect.objectContaining({ rows: [], stats: { jobs: 0, bytesProcessed: 0, bytesBilled: 0 } }),
          commit: expect.objectContaining({
            records: [],
            checkpoint: expect.objectContaining({
              rowsIngested: 1,
              totals: expect.objectContaining({ queries: 2, rowsWritten: 1 }),
            }),
          }),
        }),
      });
      // Nothing unsaved at completion: no extra commit.
      const saved = cold('a|', { a: pageOf(rowsOf(1), { stats }) });
      expectObservable(
        saved.pipe(
          convertRows('t', convert),
          toBatchCommits(target, start, () => ts.now()),
        ),
      ).toBe('a|', { a: expect.objectContaining({ commit: expect.anything() }) });
    });
  });
});
