import { lastValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InMemorySink } from '../../../streams/sink/in-memory-sink.js';
import { NO_STATS } from '../../../streams/stats/sync-totals.js';
import { InMemoryBackfillStore } from '../../../streams/storage-read/in-memory-backfill-store.js';
import {
  COMMITS_IN_FLIGHT,
  storageReadBackfill,
  type BackfillEvent,
  type StorageReadBackfillOptions,
} from '../../../streams/storage-read/storage-read-backfill.js';
import { FAKE_FIELDS, FakeReadApi, type FakeRow } from './fake-read-api.js';

const NOW_MICROS = 1_800_000_000_000_000n;
const SETTLE_MS = 5_000;
const BOUND = NOW_MICROS - BigInt(SETTLE_MS) * 1000n;

/** Rows before the bound, some after it (left to the keyset reads), heavy timestamp ties. */
function sourceRows(n: number): FakeRow[] {
  return Array.from({ length: n }, (_, i) => ({
    k: BigInt(i),
    ts: BOUND - 1_000_000n * BigInt(Math.floor((n - i) / 3)) + (i % 10 === 0 ? 2_000_000n : 0n),
    label: `row ${i}`,
  }));
}

function options(
  api: FakeReadApi,
  store: InMemoryBackfillStore,
  extra: Partial<StorageReadBackfillOptions> = {},
): StorageReadBackfillOptions {
  return {
    tableId: 'positions',
    unit: 'all',
    targetTable: 'Positions',
    api,
    store,
    billingProjectId: 'p',
    table: { projectId: 'p', dataset: 'd', table: 't' },
    timestampColumn: 'ts',
    columns: '*',
    fields: FAKE_FIELDS,
    keyColumns: [{ name: 'k', type: 'INT64' }],
    valueOptions: { numericMode: 'string', geographyFormat: 'wkt' },
    maxStreams: 3,
    settleDelayMs: SETTLE_MS,
    clock: async () => ({ micros: NOW_MICROS, stats: { jobs: 1, bytesProcessed: 0, bytesBilled: 0 } }),
    commitRows: 10,
    now: () => Number(NOW_MICROS / 1000n),
    ...extra,
  };
}

const run = (o: StorageReadBackfillOptions) => lastValueFrom(storageReadBackfill(o).pipe(toArray()));
const outcomeOf = (events: BackfillEvent[]) => events.at(-1);

function expectExact(sink: InMemorySink, rows: FakeRow[]) {
  const expected = rows.filter((r) => r.ts < BOUND);
  const table = sink.table('Positions');
  expect([...table.keys()].sort()).toEqual(expected.map((r) => String(r.k)).sort());
  for (const r of expected) {
    expect(table.get(String(r.k))).toEqual({
      id: String(r.k),
      k: Number(r.k),
      ts: new Date(Number(r.ts / 1000n)),
      label: r.label,
    });
  }
}

describe('storageReadBackfill', () => {
  it('commits at most COMMITS_IN_FLIGHT stream chunks at a time, whatever the number of streams', async () => {
    const rows = sourceRows(200);
    const api = new FakeReadApi(rows);
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    let inFlight = 0;
    let most = 0;
    let commits = 0;
    const commitStream = store.commitStream.bind(store);
    store.commitStream = async (c) => {
      most = Math.max(most, ++inFlight);
      commits++;
      try {
        // A commit that takes a while, as Harper's does: the other streams' chunks wait.
        await new Promise((r) => setTimeout(r, 2));
        return await commitStream(c);
      } finally {
        inFlight--;
      }
    };
    const events = await run(options(api, store, { maxStreams: COMMITS_IN_FLIGHT + 2 }));
    expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expect(commits).toBeGreaterThan(COMMITS_IN_FLIGHT + 2);
    expect(most).toBe(COMMITS_IN_FLIGHT);
    expectExact(sink, rows);
  });

  it('reads every stream, then writes the keyset checkpoint just below the bound and drops its state', async () => {
    const rows = sourceRows(100);
    const api = new FakeReadApi(rows);
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    const events = await run(options(api, store));
    expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expectExact(sink, rows);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      snapshotMicros: NOW_MICROS,
      rowRestriction: `\`ts\` < TIMESTAMP_MICROS(${BOUND})`,
    });
    const checkpoint = sink.checkpoints.get('positions_all')!;
    expect(checkpoint.cursor).toEqual({ timestampMicros: BOUND - 1n, key: ['0'] });
    const inBound = rows.filter((r) => r.ts < BOUND).length;
    expect(checkpoint.rowsIngested).toBe(inBound);
    expect(checkpoint.distinctKeys).toBe(inBound);
    expect(checkpoint.totals).toMatchObject({ rowsWritten: inBound, queries: 1 });
    expect(store.states.size).toBe(0);
    const progress = events.flatMap((e) => (e.kind === 'progress' ? [e.progress] : []));
    expect(progress.reduce((n, p) => n + p.rowsInBatch, 0)).toBe(inBound);
    expect(progress.at(-1)).toMatchObject({ distinctKeys: inBound, cursor: null, committed: true });
    // What it read: one session of its streams, every row, the Arrow bytes the API sent; never query bytes.
    const sent = api.bytesSent;
    const read = progress.reduce(
      (t, { stats = NO_STATS }) => ({
        jobs: t.jobs + stats.jobs,
        sessions: t.sessions + (stats.storageRead?.sessions ?? 0),
        streams: t.streams + (stats.storageRead?.streams ?? 0),
        rows: t.rows + (stats.storageRead?.rowsRead ?? 0),
        bytes: t.bytes + (stats.storageRead?.bytesRead ?? 0),
        billed: t.billed + stats.bytesBilled,
      }),
      { jobs: 0, sessions: 0, streams: 0, rows: 0, bytes: 0, billed: 0 },
    );
    expect(read).toEqual({ jobs: 1, sessions: 1, streams: 3, rows: inBound, bytes: sent, billed: 0 });
    expect(sent).toBeGreaterThan(0);
    expect(checkpoint.totals).toMatchObject({
      storageReadSessions: 1,
      storageReadStreams: 3,
      storageReadRows: inBound,
      storageReadBytes: sent,
      bytesBilled: 0,
    });
  });

  it('resumes each stream from its committed offset after any failed commit, exactly', async () => {
    const rows = sourceRows(90);
    for (const failAt of [1, 2, 5, 9]) {
      const api = new FakeReadApi(rows, 4);
      const sink = new InMemorySink();
      const store = new InMemoryBackfillStore(sink, (n) => n === failAt);
      await expect(run(options(api, store))).rejects.toThrow(/injected failure/);
      expect(sink.checkpoints.size).toBe(0);
      const events = await run(options(api, store));
      expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
      expectExact(sink, rows);
      // One session only: the resumed run kept it, and offsets never went backwards.
      expect(api.sessions).toHaveLength(1);
      const last = new Map<number, number>();
      for (const h of store.history) {
        expect(h.offset).toBeGreaterThanOrEqual(last.get(h.index) ?? 0);
        last.set(h.index, h.offset);
      }
      expect(sink.checkpoints.get('positions_all')!.rowsIngested).toBe(rows.filter((r) => r.ts < BOUND).length);
    }
  });

  it('an expired session is reopened at the same snapshot and bound; the re-read is exact', async () => {
    const rows = sourceRows(120);
    const api = new FakeReadApi(rows, 5);
    api.expireAtMessage = 6;
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    const events = await run(options(api, store));
    expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expect(api.sessions).toHaveLength(2);
    expect(api.requests.map((r) => [r.snapshotMicros, r.rowRestriction])).toEqual([
      [NOW_MICROS, api.requests[0]!.rowRestriction],
      [NOW_MICROS, api.requests[0]!.rowRestriction],
    ]);
    expectExact(sink, rows);
    const inBound = rows.filter((r) => r.ts < BOUND).length;
    expect(sink.checkpoints.get('positions_all')!.distinctKeys).toBe(inBound);
  });

  it('when the old snapshot is refused, the backfill restarts at a new snapshot', async () => {
    const rows = sourceRows(60);
    const api = new FakeReadApi(rows, 5);
    api.expireAtMessage = 3;
    api.refuseSession = (r) =>
      api.sessions.length === 1 && r.snapshotMicros === NOW_MICROS
        ? Object.assign(new Error('snapshot is outside the time travel window'), { code: 3 })
        : undefined;
    let clockCalls = 0;
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    const later = NOW_MICROS + 60_000_000n;
    const events = await run(
      options(api, store, {
        clock: async () => ({
          micros: clockCalls++ === 0 ? NOW_MICROS : later,
          stats: { jobs: 1, bytesProcessed: 0, bytesBilled: 0 },
        }),
      }),
    );
    expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expect(api.requests.map((r) => r.snapshotMicros)).toEqual([NOW_MICROS, NOW_MICROS, later]);
    const newBound = later - BigInt(SETTLE_MS) * 1000n;
    expect(sink.checkpoints.get('positions_all')!.cursor.timestampMicros).toBe(newBound - 1n);
    expect([...sink.table('Positions').keys()]).toHaveLength(rows.filter((r) => r.ts < newBound).length);
  });

  it('a table without key columns or with an unreadable type is left to the query path, nothing written', async () => {
    const api = new FakeReadApi(sourceRows(10));
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    const interval = await run(
      options(api, store, { fields: [...FAKE_FIELDS, { name: 'span', type: 'INTERVAL', mode: 'NULLABLE' }] }),
    );
    expect(outcomeOf(interval)).toEqual({
      kind: 'end',
      outcome: { kind: 'unsupported', reason: expect.stringMatching(/span is INTERVAL/) },
    });
    const floatKey = await run(options(api, store, { keyColumns: [{ name: 'f', type: 'FLOAT64' }] }));
    expect(outcomeOf(floatKey)).toMatchObject({ outcome: { kind: 'unsupported' } });
    expect(api.requests).toHaveLength(0);
    expect(sink.table('Positions').size).toBe(0);
    expect(store.states.size).toBe(0);
  });

  it('stops after the commit in flight and resumes later without writing the checkpoint early', async () => {
    const rows = sourceRows(80);
    const api = new FakeReadApi(rows, 4);
    const sink = new InMemorySink();
    const stop = new Subject<void>();
    let commits = 0;
    const store = new InMemoryBackfillStore(sink, () => {
      if (++commits === 3) stop.next();
      return false;
    });
    const events = await run(options(api, store, { stop }));
    expect(outcomeOf(events)).toEqual({ kind: 'end', outcome: { kind: 'stopped' } });
    expect(sink.checkpoints.size).toBe(0);
    const again = await run(options(api, store));
    expect(outcomeOf(again)).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expectExact(sink, rows);
  });
});

describe('storageReadBackfill without permission to read sessions', () => {
  it('leaves the table to the query path when CreateReadSession is denied', async () => {
    const api = new FakeReadApi(sourceRows(10));
    api.refuseSession = () => Object.assign(new Error('bigquery.readsessions.create denied'), { code: 7 });
    const sink = new InMemorySink();
    const store = new InMemoryBackfillStore(sink);
    const events = await run(options(api, store));
    expect(outcomeOf(events)).toEqual({
      kind: 'end',
      outcome: { kind: 'unsupported', reason: expect.stringMatching(/readsessions\.create denied/) },
    });
    expect(store.states.size).toBe(0);
    expect(sink.checkpoints.size).toBe(0);
  });
});
