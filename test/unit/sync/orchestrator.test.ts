import { defer } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Orchestrator } from '../../../actors/orchestrator.js';
import type { SyncConfig, TableConfig } from '../../../config/types.js';
import { tablePipeline } from '../../../streams/pipeline/table-pipeline.js';
import { InMemorySink } from '../../../streams/sink/in-memory-sink.js';
import { InMemorySource } from '../../../streams/source/in-memory-source.js';
import {
  PLAIN_KEY_KINDS,
  convertPlain,
  plainId,
  plainSourceRows,
  settings,
  type PlainRow,
} from '../../support/sync-fixtures.js';
import { waitFor } from '../../support/wait.js';

// The Orchestrator with a build of our own: in-memory sources, one in-memory sink, real timers.
const rows = (group: string, count: number, from = 0): PlainRow[] =>
  Array.from({ length: count }, (_, i) => ({ ts: 1_000 + from + i, group, n: from + i, payload: null, bad: false }));

const tableConfig = (id: string, batch = 4): TableConfig => ({
  id,
  dataset: 'd',
  table: id,
  timestampColumn: 'ts',
  columns: '*',
  targetTable: `T_${id}`,
  numericMode: 'string',
  geographyFormat: 'wkt',
  sync: settings({ initialBatchSize: batch, catchupBatchSize: batch, steadyBatchSize: batch, pollIntervalMs: 5 }),
});

const config = (tables: TableConfig[]): SyncConfig => ({
  bigquery: { projectId: 'p' },
  tables,
  format: 'multi-table',
});

function setup(tables: TableConfig[]) {
  const sink = new InMemorySink();
  const sources = new Map<string, InMemorySource<PlainRow>>();
  const builds = new Map<string, number>();
  const source = (id: string) => {
    let s = sources.get(id);
    if (!s) sources.set(id, (s = new InMemorySource<PlainRow>([...PLAIN_KEY_KINDS])));
    return s;
  };
  const orchestrator = new Orchestrator({
    config: config(tables),
    sink,
    build: (table, { stop, sizer }) =>
      defer(() => {
        builds.set(table.id, (builds.get(table.id) ?? 0) + 1);
        return tablePipeline({
          tableId: table.id,
          targetTable: table.targetTable,
          source: source(table.id),
          sink,
          convert: convertPlain,
          settings: table.sync,
          sizer,
          stop,
        });
      }),
  });
  running.push(orchestrator);
  return { orchestrator, sink, source, builds };
}

const running: Orchestrator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((o) => o.stop()));
});

const state = (o: Orchestrator, id: string) => o.status().find((s) => s.tableId === id)?.state;

async function copied(sink: InMemorySink, table: string, expected: PlainRow[]): Promise<void> {
  await waitFor(
    `${table} to hold ${expected.length} rows`,
    async () => {
      const t = sink.table(table);
      return t.size === expected.length && expected.every((r) => t.has(plainId(r))) ? true : undefined;
    },
    10_000,
    5,
  );
}

describe('Orchestrator', () => {
  it('starts every table, and stop drains them all', async () => {
    const { orchestrator, sink, source } = setup([tableConfig('a'), tableConfig('b', 3)]);
    source('a').insert(...plainSourceRows(rows('a', 10)));
    source('b').insert(...plainSourceRows(rows('b', 7)));
    orchestrator.start();
    await copied(sink, 'T_a', rows('a', 10));
    await copied(sink, 'T_b', rows('b', 7));
    await orchestrator.stop();
    expect(orchestrator.status().map((s) => [s.tableId, s.state])).toEqual([
      ['a', 'stopped'],
      ['b', 'stopped'],
    ]);
  });

  it('pauses one table (the other goes on) and resumes it from its checkpoint', async () => {
    const { orchestrator, sink, source } = setup([tableConfig('a'), tableConfig('b')]);
    source('a').insert(...plainSourceRows(rows('a', 5)));
    orchestrator.start();
    await copied(sink, 'T_a', rows('a', 5));
    await orchestrator.pause('a');
    expect(state(orchestrator, 'a')).toBe('paused');
    const readsWhilePaused = source('a').requests.length;
    source('a').insert(...plainSourceRows(rows('a', 5, 5)));
    source('b').insert(...plainSourceRows(rows('b', 6)));
    await copied(sink, 'T_b', rows('b', 6));
    // Paused means no read at all, not just no write.
    expect(source('a').requests.length).toBe(readsWhilePaused);
    expect(sink.table('T_a').size).toBe(5);
    orchestrator.resume('a');
    await copied(sink, 'T_a', rows('a', 10));
    expect(sink.checkpoints.get('a_all')?.rowsIngested).toBe(10);
  });

  it('resync copies the table again from the beginning: a row lost from the target comes back', async () => {
    const { orchestrator, sink, source } = setup([tableConfig('a')]);
    source('a').insert(...plainSourceRows(rows('a', 9)));
    orchestrator.start();
    await copied(sink, 'T_a', rows('a', 9));
    sink.table('T_a').delete(plainId(rows('a', 9)[0]!));
    await orchestrator.resync('a');
    await copied(sink, 'T_a', rows('a', 9));
    // Counted from zero again: the re-copy is not added on top of the first one.
    await waitFor('the checkpoint to count the re-copy', async () =>
      sink.checkpoints.get('a_all')?.rowsIngested === 9 ? true : undefined,
    );
    expect(state(orchestrator, 'a')).toBe('running');
  });

  it('reconfigure stops removed tables, restarts changed ones, starts new ones and leaves the rest running', async () => {
    const { orchestrator, sink, source, builds } = setup([
      tableConfig('keep'),
      tableConfig('change'),
      tableConfig('drop'),
    ]);
    for (const id of ['keep', 'change', 'drop']) source(id).insert(...plainSourceRows(rows(id, 4)));
    orchestrator.start();
    for (const id of ['keep', 'change', 'drop']) await copied(sink, `T_${id}`, rows(id, 4));
    expect([...builds.values()]).toEqual([1, 1, 1]);

    source('new').insert(...plainSourceRows(rows('new', 3)));
    await orchestrator.reconfigure(config([tableConfig('keep'), tableConfig('change', 2), tableConfig('new')]));
    await copied(sink, 'T_new', rows('new', 3));
    expect(
      orchestrator
        .status()
        .map((s) => s.tableId)
        .sort(),
    ).toEqual(['change', 'keep', 'new']);
    expect(builds.get('keep')).toBe(1);
    expect(builds.get('change')).toBe(2);
    expect(builds.get('new')).toBe(1);
    // The changed table resumes from its checkpoint with its new batch size.
    source('change').insert(...plainSourceRows(rows('change', 4, 4)));
    await copied(sink, 'T_change', rows('change', 8));
    expect(sink.checkpoints.get('change_all')).toMatchObject({ rowsIngested: 8, batchSize: 2 });
    // The dropped table is no longer read.
    const dropReads = source('drop').requests.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(source('drop').requests.length).toBe(dropReads);
  });
});
