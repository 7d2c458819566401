import { Subject, delay, tap, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../../streams/pipeline/batch-size.js';
import { readPages, type Page } from '../../../streams/pipeline/read-pages.js';
import type { PageRequest } from '../../../streams/query/page-query.js';
import type { SourcePage } from '../../../streams/source/page-source.js';
import { settings } from '../../support/sync-fixtures.js';

function pageOf(n: number, start: number): SourcePage<number> {
  return {
    rows: Array.from({ length: n }, (_, i) => ({
      cursor: { timestampMicros: BigInt(start + i), key: [] },
      row: start + i,
    })),
  };
}

interface Rig {
  pages$: Observable<Page<number>>;
  reads: number[];
  requests: PageRequest[];
}

/**
 * A reader wired the way the table pipeline wires it: every page emitted is "committed" and
 * its credit goes back to the reader, synchronously (an empty page commits nothing) or after
 * `commitMs` of virtual time.
 */
function rig(
  ts: TestScheduler,
  o: {
    sizes: number[];
    readMarble?: string;
    commitMs?: number;
    pollIntervalMs?: number;
    prefetch?: number;
    stop?: Observable<unknown>;
    lookbackMs?: number;
  },
): Rig {
  const reads: number[] = [];
  const requests: PageRequest[] = [];
  let call = 0;
  const s = settings({
    initialBatchSize: 2,
    catchupBatchSize: 2,
    steadyBatchSize: 2,
    maxBatchSize: 2,
    pollIntervalMs: o.pollIntervalMs ?? 10,
    lookbackMs: o.lookbackMs ?? 0,
  });
  const credits = new Subject<void>();
  const raw$ = readPages<number>({
    source: {
      readPage: (r) => {
        reads.push(ts.now());
        requests.push(r);
        const n = o.sizes[call] ?? 0;
        return ts.createColdObservable(o.readMarble ?? '-(p|)', { p: pageOf(n, 100 * ++call) });
      },
    },
    from: null,
    phase: 'initial',
    sizer: new BatchSizer(s, 'initial'),
    ...s,
    now: () => ts.now(),
    credits,
    prefetch: o.prefetch ?? 1,
    stop: o.stop,
    scheduler: ts,
  });
  const pages$ = raw$.pipe(
    o.commitMs ? delay(o.commitMs, ts) : tap(() => undefined),
    tap(() => credits.next()),
  );
  return { pages$, reads, requests };
}

describe('readPages: the poll ticker', () => {
  it('sends exactly one page query per poll interval once caught up (credits arrive synchronously)', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [] });
      // read at 0 (1 ms), wait 10, read at 11, ...: one page every 11 ms, forever.
      expectObservable(r.pages$, '^ 60ms !').toBe('-a 10ms a 10ms a 10ms a 10ms a 10ms a', {
        a: expect.objectContaining({ full: false, rows: [] }),
      });
    });
    expect(r.reads).toEqual([0, 11, 22, 33, 44, 55]);
  });

  it('sends exactly one page query per poll interval when commits are asynchronous', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [], commitMs: 3 });
      expectObservable(r.pages$, '^ 50ms !').toBe('----a 10ms a 10ms a 10ms a 10ms a', {
        a: expect.objectContaining({ full: false }),
      });
    });
    expect(r.reads).toEqual([0, 11, 22, 33, 44]);
  });

  it('stays at one query per poll for hours of idle polling (no growth)', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [], pollIntervalMs: 1000 });
      expectObservable(r.pages$, '^ 3600s !');
    });
    // One read every 1001 ms (1 ms read + 1 s wait) over an hour.
    expect(r.reads).toHaveLength(Math.floor(3_600_000 / 1001) + 1);
    const gaps = r.reads.slice(1).map((t, i) => t - r.reads[i]!);
    expect(new Set(gaps)).toEqual(new Set([1001]));
  });

  it('stays at one query per poll when read latency varies as real queries do (the field leak)', () => {
    // On the old loop this grew by about one query per poll (2, 2, 3, 4, ... 9 in two
    // minutes): each empty page's synchronous credit started a read before the wait was
    // armed, and the `waiting = timer(...)` that followed overwrote (without cancelling) a
    // timer still live; every orphaned timer later started one more read.
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    const latencies = [12, 5, 9, 14, 3, 11, 7, 13, 4, 10, 6, 8];
    const reads: number[] = [];
    ts.run(({ expectObservable }) => {
      const s = settings({ pollIntervalMs: 5000 });
      const credits = new Subject<void>();
      const pages$ = readPages<number>({
        source: {
          readPage: () => {
            const latency = latencies[reads.length % latencies.length]!;
            reads.push(ts.now());
            return ts.createColdObservable(`${latency}ms (p|)`, { p: { rows: [] } });
          },
        },
        from: null,
        phase: 'initial',
        sizer: new BatchSizer(s, 'initial'),
        ...s,
        now: () => ts.now(),
        credits,
        prefetch: 1,
        scheduler: ts,
      }).pipe(tap(() => credits.next()));
      expectObservable(pages$, '^ 120s !');
    });
    const perPoll = Array.from(
      { length: 24 },
      (_, i) => reads.filter((t) => t >= i * 5000 && t < (i + 1) * 5000).length,
    );
    expect(perPoll).toEqual(Array(24).fill(1));
  });

  it('drains full pages back to back, then polls', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [2, 2, 1] });
      expectObservable(r.pages$, '^ 30ms !').toBe('-abc 10ms d 10ms d', {
        a: expect.objectContaining({ full: true, rows: pageOf(2, 100).rows }),
        b: expect.objectContaining({ full: true }),
        c: expect.objectContaining({ full: false, rows: pageOf(1, 300).rows }),
        d: expect.objectContaining({ full: false, rows: [] }),
      });
    });
    expect(r.reads).toEqual([0, 1, 2, 13, 24]);
    // Each read continues after the previous page's last row; an empty page keeps the position.
    expect(r.requests.map((q) => q.after?.timestampMicros)).toEqual([undefined, 101n, 201n, 300n, 300n]);
  });

  it('reads at most `prefetch` pages ahead of the commits', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      // Full pages forever; each commit takes 5 ms; one page may be read ahead of the one
      // being written, so two reads run without a credit, then one per credit.
      r = rig(ts, { sizes: Array(100).fill(2), commitMs: 5, prefetch: 1 });
      expectObservable(r.pages$, '^ 20ms !').toBe('------aa----aa----aa', {
        a: expect.objectContaining({ full: true }),
      });
    });
    expect(r.reads).toEqual([0, 1, 6, 7, 12, 13, 18, 19]);
  });

  it('prefetch 0 reads only after the previous page was committed', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: Array(100).fill(2), commitMs: 5, prefetch: 0 });
      expectObservable(r.pages$, '^ 20ms !').toBe('------a-----a-----a-', {
        a: expect.objectContaining({ full: true }),
      });
    });
    expect(r.reads).toEqual([0, 6, 12, 18]);
  });

  it('stop while waiting for the next poll completes at once, without another query', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ cold, expectObservable }) => {
      r = rig(ts, { sizes: [], stop: cold('-------s') });
      expectObservable(r.pages$).toBe('-a-----|', { a: expect.objectContaining({ rows: [] }) });
    });
    expect(r.reads).toEqual([0]);
  });

  it('stop during a read lets that read finish and be emitted, then completes', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ cold, expectObservable }) => {
      r = rig(ts, { sizes: [2, 2], readMarble: '----(p|)', stop: cold('--s') });
      expectObservable(r.pages$).toBe('----(a|)', { a: expect.objectContaining({ full: true }) });
    });
    expect(r.reads).toEqual([0]);
  });

  it('a lookback sweep after catching up is one extra query, then one query per poll', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [1], lookbackMs: 5 });
      expectObservable(r.pages$, '^ 30ms !').toBe('-ab 10ms cd 10ms ef', {
        a: expect.objectContaining({ lookback: false, rows: pageOf(1, 100).rows }),
        b: expect.objectContaining({ lookback: true }),
        c: expect.objectContaining({ lookback: false }),
        d: expect.objectContaining({ lookback: true }),
        e: expect.objectContaining({ lookback: false }),
        f: expect.objectContaining({ lookback: true }),
      });
    });
    expect(r.reads).toEqual([0, 1, 12, 13, 24, 25]);
  });

  it('a read error fails the stream and queries nothing more', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    let r!: Rig;
    ts.run(({ expectObservable }) => {
      r = rig(ts, { sizes: [], readMarble: '--#' });
      expectObservable(r.pages$).toBe('--#');
    });
    expect(r.reads).toEqual([0]);
  });
});
