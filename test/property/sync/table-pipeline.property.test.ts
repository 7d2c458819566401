import fc from 'fast-check';
import { lastValueFrom, takeWhile } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCursor } from '../../../streams/cursor/cursor.js';
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
import {
  buildRows,
  largestTieGroup,
  maxCursor,
  runThroughActor,
  type RunOutcome,
  type Scenario,
} from './actor-harness.js';

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

/** What the runs covered, printed once so a reader can see the claims were reached. */
const seen = {
  runs: 0,
  rows: [] as number[],
  largestTie: 0,
  tieLargerThanBatch: 0,
  commits: 0,
  crashesFired: 0,
  transientFired: 0,
  permanentFailed: 0,
  phases: new Map<string, number>(),
  phaseLimits: new Set<string>(),
};

afterAll(() => {
  if (seen.runs === 0) return;
  const sorted = [...seen.rows].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  console.log(
    `[table pipeline coverage] runs ${seen.runs}; rows min ${sorted[0]} median ${pct(0.5)} p90 ${pct(0.9)} max ${sorted.at(-1)}; ` +
      `largest tie group ${seen.largestTie}; runs with a tie group larger than every batch size ${seen.tieLargerThanBatch}; ` +
      `commits ${seen.commits}; crashes fired ${seen.crashesFired}; transient source errors fired ${seen.transientFired}; ` +
      `permanent failures ${seen.permanentFailed}; phases seen (runs) ${[...seen.phases].map(([p, n]) => `${p} ${n}`).join(', ')}; ` +
      `distinct phase:batch-size reads ${seen.phaseLimits.size}`,
  );
});

function record(rows: PlainRow[], sizes: Scenario['sizes'], out: RunOutcome): void {
  seen.runs++;
  seen.rows.push(rows.length);
  const tie = largestTieGroup(rows);
  seen.largestTie = Math.max(seen.largestTie, tie);
  if (tie > Math.max(sizes.initialBatchSize, sizes.catchupBatchSize, sizes.steadyBatchSize)) seen.tieLargerThanBatch++;
  seen.commits += out.commits;
  seen.crashesFired += out.crashesFired;
  seen.transientFired += out.transientFired;
  if (out.status.state === 'failed') seen.permanentFailed++;
  for (const p of out.phases) seen.phases.set(p, (seen.phases.get(p) ?? 0) + 1);
  for (const pl of out.phaseLimits) seen.phaseLimits.add(pl);
}

/**
 * Tables of 0-5,000 rows. Sizes are explicit (fast-check's default size would keep arrays
 * around four rows); a seed builds the rows, few distinct timestamps make large tie groups.
 */
const tableArb = fc
  .record({
    count: fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }) },
      { weight: 3, arbitrary: fc.integer({ min: 61, max: 800 }) },
      { weight: 2, arbitrary: fc.integer({ min: 801, max: 5000 }) },
    ),
    distinct: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 9, max: 300 })),
    spacingMs: fc.constantFrom(1, 7, 60, 450),
    seed: fc.integer(),
  })
  .map(({ count, distinct, spacingMs, seed }) => buildRows(count, distinct, spacingMs, seed));

const batchArb = fc.oneof(
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 5, max: 60 }),
  fc.integer({ min: 61, max: 400 }),
);

const shapeArb = fc.record({
  sizes: fc.record({ initialBatchSize: batchArb, catchupBatchSize: batchArb, steadyBatchSize: batchArb }),
  prefetch: fc.integer({ min: 0, max: 2 }),
  // Virtual ms per read: mostly small, sometimes a jump past the catch-up threshold.
  clockSteps: fc.array(fc.constantFrom(0, 1, 5, 30, 120, 1_000, 5_000), { minLength: 1, maxLength: 8 }),
  startFraction: fc.double({ min: 0, max: 1, noNaN: true }),
});

type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

const fraction = fc.double({ min: 0, max: 0.9999, noNaN: true });

function baseScenario(rows: PlainRow[], shape: Shape): Scenario {
  const span = rows.length ? Math.max(...rows.map((r) => r.ts)) / 1000 : 0;
  return {
    rows,
    sizes: shape.sizes,
    prefetch: shape.prefetch,
    clockSteps: shape.clockSteps,
    startMs: Math.floor(shape.startFraction * span),
    crashes: new Map(),
    transientReads: new Set(),
  };
}

/** Maps fractions onto 1..count: crash points land on commits that really happen. */
const pick = (f: number, count: number) => 1 + Math.floor(f * count);

function expectExact(rows: PlainRow[], out: RunOutcome): void {
  const target = out.sink.table('Target');
  const good = rows.filter((r) => !r.bad);
  expect(target.size).toBe(good.length);
  for (const row of good) expect(target.get(plainId(row))).toEqual(convertPlain(row).record);
  expect([...out.sink.skipped.values()].map((s) => plainId(s.rawRow as PlainRow)).sort()).toEqual(
    rows
      .filter((r) => r.bad)
      .map(plainId)
      .sort(),
  );
  expect(out.emittedInOrder).toBe(true);
  expectMonotonic(out);
  const final = out.sink.checkpoints.get('t_all');
  if (rows.length === 0) expect(final).toBeUndefined();
  else {
    expect(final?.cursor).toEqual(maxCursor(rows));
    // Counted exactly once per source row, however many restarts re-read a page.
    expect(final?.rowsIngested).toBe(rows.length);
  }
}

function expectMonotonic(out: RunOutcome): void {
  const h = out.sink.history;
  for (let i = 1; i < h.length; i++) {
    expect(compareCursor(kinds, h[i - 1]!.cursor, h[i]!.cursor)).toBeLessThanOrEqual(0);
    expect(h[i]!.rowsIngested).toBeGreaterThanOrEqual(h[i - 1]!.rowsIngested);
  }
}

describe('one table through the real TableActor + supervise, for any table, batch sizes, clock, crashes and source errors', () => {
  it('ends exact: no row lost or duplicated, bad rows skipped, batch size shaped by the phase', async () => {
    await fc.assert(
      fc.asyncProperty(
        tableArb,
        shapeArb,
        fc.array(fc.tuple(fraction, fc.constantFrom<CrashPoint>('before-commit', 'after-commit')), { maxLength: 5 }),
        fc.array(fraction, { maxLength: 3 }),
        async (rows, shape, crashFractions, transientFractions) => {
          const base = baseScenario(rows, shape);
          // A clean run first: it shows how many commits and reads this table takes.
          const clean = await runThroughActor(base);
          expectExact(rows, clean);
          expect(clean.status.restarts).toBe(0);
          expect(clean.limitMismatches).toEqual([]);
          const faulty: Scenario = {
            ...base,
            crashes: new Map(crashFractions.map(([f, point]) => [pick(f, clean.commits), point])),
            transientReads: new Set(transientFractions.map((f) => pick(f, clean.reads))),
          };
          const out = await runThroughActor(faulty);
          expect(out.status.state).toBe('stopped');
          expectExact(rows, out);
          if (out.crashesFired + out.transientFired > 0) expect(out.status.restarts).toBeGreaterThan(0);
          record(rows, shape.sizes, out);
        },
      ),
      { numRuns: 70 },
    );
  });

  it('marks the table failed on a permanent source error and leaves a consistent prefix in the target', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, shapeArb, fraction, async (rows, shape, f) => {
        const base = baseScenario(rows, shape);
        const clean = await runThroughActor(base);
        const out = await runThroughActor({ ...base, permanentRead: pick(f, clean.reads) });
        expect(out.permanentFired).toBe(true);
        expect(out.status.state).toBe('failed');
        expect(out.status.lastError).toContain('injected permanent source error');
        // Not retried: a missing table fails the same way every time.
        expect(out.status.restarts).toBe(0);
        expectMonotonic(out);
        const cp = out.sink.checkpoints.get('t_all');
        const upTo = (r: PlainRow) => cp !== undefined && compareCursor(kinds, plainCursor(r), cp.cursor) <= 0;
        const target = out.sink.table('Target');
        const expectedGood = rows.filter((r) => !r.bad && upTo(r));
        expect([...target.keys()].sort()).toEqual(expectedGood.map(plainId).sort());
        for (const row of expectedGood) expect(target.get(plainId(row))).toEqual(convertPlain(row).record);
        expect(out.sink.skipped.size).toBe(rows.filter((r) => r.bad && upTo(r)).length);
        expect(cp?.rowsIngested ?? 0).toBe(rows.filter(upTo).length);
        record(rows, shape.sizes, out);
      }),
      { numRuns: 25 },
    );
  });

  it('copies a tie group larger than a batch exactly (5,000 rows at one timestamp, batch 1,000, crash after commit 3)', async () => {
    const rows: PlainRow[] = Array.from({ length: 5000 }, (_, n) => ({
      ts: 42,
      group: 'g',
      n,
      payload: null,
      bad: false,
    }));
    const out = await runThroughActor({
      rows,
      sizes: { initialBatchSize: 1000, catchupBatchSize: 1000, steadyBatchSize: 1000 },
      prefetch: 1,
      clockSteps: [1],
      startMs: 0,
      crashes: new Map([[3, 'after-commit']]),
      transientReads: new Set([2]),
    });
    expect(out.crashesFired).toBe(1);
    expect(out.transientFired).toBe(1);
    expectExact(rows, out);
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
