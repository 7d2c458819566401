import fc from 'fast-check';
import { lastValueFrom, takeWhile, tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { compareCursor, type Cursor } from '../../../streams/cursor/cursor.js';
import { tablePipeline } from '../../../streams/pipeline/table-pipeline.js';
import { InMemorySink, type CrashPoint } from '../../../streams/sink/in-memory-sink.js';
import { InMemorySource } from '../../../streams/source/in-memory-source.js';
import {
  PLAIN_KEY_KINDS,
  convertPlain,
  plainCursor,
  plainId,
  plainSourceRows,
  settings,
  type PlainRow,
} from '../../support/sync-fixtures.js';

const kinds = [...PLAIN_KEY_KINDS];
const FAR_FUTURE_MS = 4_000_000_000_000;

/** Source tables with heavy ties: few distinct timestamps, keys unique per row. */
const rowsArb = fc
  .uniqueArray(
    fc.record({
      ts: fc.integer({ min: 0, max: 6 }),
      group: fc.constantFrom('a', 'b', 'é', '𝔘', ''),
      n: fc.integer({ min: -3, max: 40 }),
      payload: fc.option(fc.string({ maxLength: 4 }), { nil: null }),
      bad: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    }),
    { selector: (r) => plainId(r), maxLength: 120 },
  )
  .map((rows) => rows.map((r) => ({ ...r, ts: r.ts * 1000 })));

const sizesArb = fc.record({
  initialBatchSize: fc.integer({ min: 1, max: 25 }),
  catchupBatchSize: fc.integer({ min: 1, max: 25 }),
  steadyBatchSize: fc.integer({ min: 1, max: 25 }),
});

const crashesArb = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom<CrashPoint>('before-commit', 'after-commit')),
  {
    maxLength: 6,
  },
);

interface RunResult {
  sink: InMemorySink;
  emittedInOrder: boolean;
  restarts: number;
}

/** Runs the pipeline until it has caught up, restarting from the checkpoint after each crash. */
async function syncToEnd(
  rows: PlainRow[],
  sizes: Record<string, number>,
  crashes: [number, CrashPoint][],
  prefetch: number,
): Promise<RunResult> {
  const crashAt = new Map(crashes);
  const sink = new InMemorySink((n) => crashAt.get(n));
  const source = new InMemorySource<PlainRow>(kinds, plainSourceRows(rows));
  const s = settings({ ...sizes, maxBatchSize: 25 });
  let emittedInOrder = true;
  for (let restarts = 0; restarts < 100; restarts++) {
    let last: Cursor | undefined;
    try {
      await lastValueFrom(
        tablePipeline({
          tableId: 't',
          targetTable: 'Target',
          source,
          sink,
          convert: convertPlain,
          settings: s,
          now: () => FAR_FUTURE_MS,
          prefetch,
          transform: tap((converted) => {
            for (const { cursor } of converted.page.rows) {
              if (last && compareCursor(kinds, last, cursor) >= 0) emittedInOrder = false;
              last = cursor;
            }
          }),
        }).pipe(takeWhile((p) => !p.caughtUp, true)),
        { defaultValue: undefined },
      );
      return { sink, emittedInOrder, restarts };
    } catch (error) {
      if (!String(error).includes('injected crash')) throw error;
    }
  }
  throw new Error('pipeline did not finish within 100 restarts');
}

describe('table pipeline, for any source table, batch sizes and crash points', () => {
  it('ends with the target equal to the source: no row lost, none duplicated, bad rows skipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        sizesArb,
        crashesArb,
        fc.integer({ min: 0, max: 2 }),
        async (rows, sizes, crashes, prefetch) => {
          const { sink, emittedInOrder } = await syncToEnd(rows, sizes, crashes, prefetch);
          const target = sink.table('Target');
          const good = rows.filter((r) => !r.bad);
          expect([...target.keys()].sort()).toEqual(good.map(plainId).sort());
          for (const row of good) expect(target.get(plainId(row))).toEqual(convertPlain(row).record);
          expect([...sink.skipped.values()].map((s) => plainId(s.rawRow as PlainRow)).sort()).toEqual(
            rows
              .filter((r) => r.bad)
              .map(plainId)
              .sort(),
          );
          expect(emittedInOrder).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never commits a checkpoint behind the previous one', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, sizesArb, crashesArb, async (rows, sizes, crashes) => {
        const { sink } = await syncToEnd(rows, sizes, crashes, 1);
        for (let i = 1; i < sink.history.length; i++) {
          expect(compareCursor(kinds, sink.history[i - 1]!.cursor, sink.history[i]!.cursor)).toBeLessThanOrEqual(0);
          expect(sink.history[i]!.rowsIngested).toBeGreaterThanOrEqual(sink.history[i - 1]!.rowsIngested);
        }
        const final = sink.checkpoints.get('t_all');
        if (rows.length > 0) {
          const maxCursor = rows.map(plainCursor).reduce((a, b) => (compareCursor(kinds, a, b) >= 0 ? a : b));
          expect(final?.cursor).toEqual(maxCursor);
        } else {
          expect(final).toBeUndefined();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('copies a tie group larger than a batch exactly (5,000 rows at one timestamp, batch 1,000)', async () => {
    const rows: PlainRow[] = Array.from({ length: 5000 }, (_, n) => ({
      ts: 42,
      group: 'g',
      n,
      payload: null,
      bad: false,
    }));
    const { sink } = await syncToEnd(
      rows,
      { initialBatchSize: 1000, catchupBatchSize: 1000, steadyBatchSize: 1000 },
      [[3, 'after-commit']],
      1,
    );
    expect(sink.table('Target').size).toBe(5000);
  });
});

describe('lookback window', () => {
  it('picks up rows that land late with timestamps inside the window, and only those', async () => {
    await fc.assert(
      fc.asyncProperty(
        rowsArb.filter((rows) => rows.length > 0),
        fc.array(fc.record({ back: fc.integer({ min: 0, max: 8 }), n: fc.integer({ min: 1000, max: 2000 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, lateSpecs, batch) => {
          const source = new InMemorySource<PlainRow>(kinds, plainSourceRows(rows));
          const sink = new InMemorySink();
          const run = (lookbackMs: number, stopWhen: (p: { caughtUp: boolean; lookback: boolean }) => boolean) =>
            lastValueFrom(
              tablePipeline({
                tableId: 't',
                targetTable: 'Target',
                source,
                sink,
                convert: convertPlain,
                settings: settings({
                  initialBatchSize: batch,
                  catchupBatchSize: batch,
                  steadyBatchSize: batch,
                  lookbackMs,
                }),
                now: () => FAR_FUTURE_MS,
              }).pipe(takeWhile((p) => !stopWhen(p), true)),
            );
          await run(0, (p) => p.caughtUp);
          // Rows arrive late: timestamps 0..8 ms behind the newest row already synced.
          const maxTs = Math.max(...rows.map((r) => r.ts));
          const late = [
            ...new Map(
              lateSpecs.map((l) => [
                l.n,
                { ts: Math.max(0, maxTs - l.back * 1000), group: 'late', n: l.n, payload: null, bad: false },
              ]),
            ).values(),
          ];
          source.insert(...plainSourceRows(late));
          // 5 ms window in microseconds of the fixture clock (ts values are microseconds).
          await run(5, (p) => p.lookback && p.caughtUp);
          const target = sink.table('Target');
          const synced = rows.map(plainCursor).reduce((a, b) => (compareCursor(kinds, a, b) >= 0 ? a : b));
          const afterCursor = (row: PlainRow) => compareCursor(kinds, plainCursor(row), synced) > 0;
          for (const row of late) {
            // Rows after the cursor are simply new; rows behind it come back only inside the window.
            const expected = afterCursor(row) || row.ts >= maxTs - 5000;
            expect(target.has(plainId(row)), `${plainId(row)} at ${row.ts}, max ${maxTs}`).toBe(expected);
          }
          // The checkpoint's row count is not inflated by re-reads.
          expect(sink.checkpoints.get('t_all')!.rowsIngested).toBe(rows.length + late.filter(afterCursor).length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
