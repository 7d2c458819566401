import { lastValueFrom, takeWhile } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  InMemoryCheckpointStore,
  InMemorySink,
  InMemorySource,
  tablePipeline,
  type BatchCommit,
  type Sink,
} from '../../../src/index.js';
import {
  PLAIN_KEY_KINDS,
  convertPlain,
  plainSourceRows,
  settings,
  type PlainRow,
} from '../../support/sync-fixtures.js';

const rows = (from: number, to: number): PlainRow[] =>
  Array.from({ length: to - from }, (_, i) => ({
    ts: (from + i) * 10,
    group: 'g',
    n: from + i,
    payload: null,
    bad: false,
  }));

const cursorOf = (n: number) => ({ timestampMicros: BigInt(n * 10), key: ['g', String(n)] });

/** A sink that is not a checkpoint store: it only commits, into the in-memory sink's store. */
function plainSink(inner: InMemorySink, commits: BatchCommit[]): Sink {
  return {
    commit: (batch) => {
      commits.push(batch);
      return inner.commit(batch);
    },
  };
}

function run(source: InMemorySource<PlainRow>, o: { sink: Sink; checkpoints: InMemoryCheckpointStore }) {
  return lastValueFrom(
    tablePipeline({
      tableId: 't',
      targetTable: 'T',
      source,
      ...o,
      convert: convertPlain,
      settings: settings({ initialBatchSize: 4, maxBatchSize: 4 }),
      now: () => 4_000_000_000_000,
    }).pipe(takeWhile((p) => !p.caughtUp, true)),
  );
}

describe('CheckpointStore apart from the Sink', () => {
  it('the in-memory store reads, forgets and records what its sink committed', async () => {
    const store = new InMemoryCheckpointStore();
    const sink = new InMemorySink(undefined, store);
    expect(await sink.readCheckpoint('t', 'all')).toBeUndefined();
    const checkpoint = {
      tableId: 't',
      unit: 'all',
      cursor: cursorOf(1),
      rowsIngested: 1,
      phase: 'initial' as const,
      batchSize: 4,
      lastSyncTime: new Date(0),
    };
    await sink.commit({
      tableId: 't',
      unit: 'all',
      targetTable: 'T',
      records: [{ id: 'g|1' }],
      skipped: [],
      checkpoint,
    });
    expect(await store.readCheckpoint('t', 'all')).toEqual({ ...checkpoint, distinctKeys: 1 });
    expect(store.history).toHaveLength(1);
    await store.resetCheckpoint('t', 'all');
    expect(await sink.readCheckpoint('t', 'all')).toBeUndefined();
    expect(sink.table('T').size).toBe(1);
  });

  it('a pipeline resumes from the given store, which its sink commits into', async () => {
    const store = new InMemoryCheckpointStore();
    const inner = new InMemorySink(undefined, store);
    const commits: BatchCommit[] = [];
    const source = new InMemorySource<PlainRow>([...PLAIN_KEY_KINDS], plainSourceRows(rows(0, 10)));
    await run(source, { sink: plainSink(inner, commits), checkpoints: store });
    expect(store.get('t', 'all')?.cursor).toEqual(cursorOf(9));
    expect(inner.table('T').size).toBe(10);

    // A second run starts after the stored cursor: it commits only the rows added since.
    const more = new InMemorySource<PlainRow>([...PLAIN_KEY_KINDS], plainSourceRows(rows(0, 13)));
    commits.length = 0;
    await run(more, { sink: plainSink(inner, commits), checkpoints: store });
    expect(commits.flatMap((c) => c.records.map((r) => r.id))).toEqual(['g|10', 'g|11', 'g|12']);
    expect(store.get('t', 'all')).toMatchObject({ cursor: cursorOf(12), rowsIngested: 13 });

    // Forgetting the checkpoint in the store makes the next run copy everything again.
    await store.resetCheckpoint('t', 'all');
    commits.length = 0;
    await run(more, { sink: plainSink(inner, commits), checkpoints: store });
    expect(commits.flatMap((c) => c.records)).toHaveLength(13);
  });
});
