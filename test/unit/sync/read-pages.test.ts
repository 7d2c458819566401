import { Subject, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../../streams/pipeline/batch-size.js';
import { readPages } from '../../../streams/pipeline/read-pages.js';
import type { PageRequest } from '../../../streams/query/page-query.js';
import type { PageSource, SourcePage } from '../../../streams/source/page-source.js';
import { settings } from '../../support/sync-fixtures.js';

function pageOf(n: number, start: number): SourcePage<number> {
  return {
    rows: Array.from({ length: n }, (_, i) => ({
      cursor: { timestampMicros: BigInt(start + i), key: [] },
      row: start + i,
    })),
  };
}

describe('readPages (poll ticker + adaptive batch source)', () => {
  it('drains full pages back to back, then waits pollInterval once caught up', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const sizes = [2, 2, 1, 0];
      let call = 0;
      const source: PageSource<number> = {
        readPage: () => cold('--(p|)', { p: pageOf(sizes[call] ?? 0, call++ * 10) }),
      };
      const s = settings({
        initialBatchSize: 2,
        catchupBatchSize: 2,
        steadyBatchSize: 2,
        maxBatchSize: 2,
        pollIntervalMs: 10,
      });
      const credits = new Subject<void>();
      const pages$ = readPages({
        source,
        from: null,
        phase: 'initial',
        sizer: new BatchSizer(s, 'initial'),
        ...s,
        now: () => ts.now(),
        credits,
        prefetch: 100,
        scheduler: ts,
      });
      const rows = (o: Observable<{ rows: readonly unknown[] }>) => o;
      // reads at 0, 2, 4 (full, full, then 1 row), then one every 10 ms after each short page.
      expectObservable(rows(pages$), '^ 30ms !').toBe('--a-b-c 11ms d 11ms e', {
        a: expect.objectContaining({ full: true }),
        b: expect.objectContaining({ full: true }),
        c: expect.objectContaining({ full: false }),
        d: expect.objectContaining({ full: false }),
        e: expect.objectContaining({ full: false, rows: [] }),
      });
    });
  });

  it('never reads more than `prefetch` pages ahead of what was committed', async () => {
    const requests: PageRequest[] = [];
    const source: PageSource<number> = {
      readPage: async (r) => {
        requests.push(r);
        return pageOf(r.limit, requests.length * 100);
      },
    };
    const s = settings({ initialBatchSize: 5, maxBatchSize: 5 });
    const credits = new Subject<void>();
    const seen: unknown[] = [];
    const sub = readPages({
      source,
      from: null,
      phase: 'initial',
      sizer: new BatchSizer(s, 'initial'),
      ...s,
      now: Date.now,
      credits,
      prefetch: 1,
    }).subscribe((p) => seen.push(p));
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(2); // one being written + one ahead
    credits.next();
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toHaveLength(3);
    // Each read continues after the previous page's last row.
    expect(requests[1]!.after?.timestampMicros).toBe(104n);
    sub.unsubscribe();
    expect(seen).toHaveLength(3);
  });
});
