import { filter, lastValueFrom, map, takeWhile } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InMemorySink, InMemorySource, tablePipeline, type ConvertedPage } from '../../../src/index.js';
import {
  PLAIN_KEY_KINDS,
  convertPlain,
  plainSourceRows,
  settings,
  type PlainRow,
} from '../../support/sync-fixtures.js';

const rows: PlainRow[] = Array.from({ length: 50 }, (_, n) => ({
  ts: n * 10,
  group: 'g',
  n,
  payload: `p${n}`,
  bad: false,
}));

describe('the library API', () => {
  it('lets users filter and enrich records between conversion and commit, with the checkpoint still advancing', async () => {
    const source = new InMemorySource<PlainRow>([...PLAIN_KEY_KINDS], plainSourceRows(rows));
    const sink = new InMemorySink();
    const onlyEven = (page: ConvertedPage<PlainRow>): ConvertedPage<PlainRow> => ({
      ...page,
      records: page.records.filter((r) => (r.n as number) % 2 === 0).map((r) => ({ ...r, enriched: true })),
    });
    await lastValueFrom(
      tablePipeline({
        tableId: 'mine',
        targetTable: 'Mine',
        source,
        sink,
        convert: convertPlain,
        settings: settings({ initialBatchSize: 7, maxBatchSize: 7 }),
        now: () => 4_000_000_000_000,
        transform: (pages) =>
          pages.pipe(
            filter(() => true),
            map(onlyEven),
          ),
      }).pipe(takeWhile((p) => !p.caughtUp, true)),
    );
    const target = sink.table('Mine');
    expect(target.size).toBe(25);
    expect(target.get('g|48')).toMatchObject({ n: 48, enriched: true });
    expect(sink.checkpoints.get('mine_all')?.cursor).toEqual({ timestampMicros: 490n, key: ['g', '49'] });
  });
});
