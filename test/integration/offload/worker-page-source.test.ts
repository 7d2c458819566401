/**
 * The reader thread against the local BigQuery server (no Harper): pages read, parsed and
 * converted in a real worker thread equal, record for record and type for type, what the
 * same source and converter make in this thread; a window refused by the caller's budget
 * check comes back as the budget signal; a missing table keeps its classification; closing
 * ends the thread.
 */
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../actors/errors.js';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import type { SchemaField } from '../../../streams/convert/wire-row.js';
import type { PageRequest } from '../../../streams/model/index.js';
import { preConverted } from '../../../streams/offload/convert-page.js';
import { WorkerPageSource, liveReaderWorkers } from '../../../streams/offload/worker-page-source.js';
import type { KeySpec } from '../../../streams/query/key-spec.js';
import { BigQueryPageSource } from '../../../streams/source/bigquery-page-source.js';
import { BudgetExceededError, isBudgetExceeded } from '../../../streams/source/daily-budget.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { firstDifference } from '../../support/same-value.js';

const bq = useLocalBigQuery();

const FIELDS: SchemaField[] = [
  { name: 'ts', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'k', type: 'INT64', mode: 'REQUIRED' },
  { name: 'b', type: 'BOOL' },
  { name: 'i', type: 'INT64' },
  { name: 'f', type: 'FLOAT64' },
  { name: 'n', type: 'NUMERIC' },
  { name: 's', type: 'STRING' },
  { name: 'by', type: 'BYTES' },
  { name: 'd', type: 'DATE' },
  { name: 'g', type: 'GEOGRAPHY' },
  { name: 'j', type: 'JSON' },
  {
    name: 'rec',
    type: 'RECORD',
    fields: [
      { name: 'raw', type: 'BYTES' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    ],
  },
  { name: 'arr', type: 'INT64', mode: 'REPEATED' },
];
const ROWS = Array.from({ length: 120 }, (_, i) => ({
  ts: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000)
    .toISOString()
    .replace('Z', `${String(i % 1000).padStart(3, '0')}Z`),
  k: String(i),
  b: i % 2 === 0,
  i: i % 5 === 0 ? '9223372036854775807' : String(-i),
  f: i % 7 === 0 ? -0 : i / 3,
  n: `${i}.123456789`,
  s: `row ${i} ünïcødé`,
  by: Buffer.from([i, 0, 255]).toString('base64'),
  d: '2026-02-28',
  g: `POINT(${i % 180} ${i % 90})`,
  j: i % 4 === 0 ? '{"__proto__":{"x":1},"a":[1,2]}' : `{"n":${i}}`,
  rec: { raw: Buffer.from([i]).toString('base64'), tags: ['p', String(i)] },
  arr: [String(i), '2'],
}));
const KEY: KeySpec = { kind: 'columns', columns: [{ name: 'k', type: 'INT64' }] };
const TABLE = {
  projectId: PROJECT,
  dataset: 'offload',
  table: 'typed',
  timestampColumn: 'ts',
  columns: '*' as const,
  key: KEY,
};
const CONVERT = {
  key: KEY,
  numericMode: 'string' as const,
  geographyFormat: 'geojson' as const,
  timestampMicros: true,
};

async function ensureTable(): Promise<void> {
  const [exists] = await bq.client.dataset('offload').exists();
  if (exists) return;
  await bq.client.createDataset('offload');
  await bq.client.dataset('offload').createTable('typed', { schema: { fields: FIELDS } });
  await bq.client.dataset('offload').table('typed').insert(ROWS);
}

function reader(beforeWindow?: () => void, table = TABLE): WorkerPageSource {
  return new WorkerPageSource({
    setup: {
      connection: { projectId: PROJECT, apiEndpoint: bq.server.url },
      table,
      source: {},
      convert: { ...CONVERT, fields: FIELDS },
    },
    ...(beforeWindow ? { beforeWindow } : {}),
  });
}

const request = (after: PageRequest['after']): PageRequest => ({
  after,
  upperMicros: BigInt(Date.now()) * 1000n,
  limit: 50,
});

describe('the reader thread against the local server', { timeout: 120_000 }, () => {
  it('hands over records equal to the ones converted in this thread, page by page', async () => {
    await ensureTable();
    const local = new BigQueryPageSource(bq.client, TABLE);
    const convert = bigQueryRowConverter({ ...CONVERT, fields: FIELDS });
    const remote = reader();
    const lookup = preConverted(remote.refused);
    try {
      let after: PageRequest['after'] = null;
      let total = 0;
      for (;;) {
        const want = await local.readPage(request(after));
        const got = await remote.readPage(request(after));
        expect(got.rows.length).toBe(want.rows.length);
        got.rows.forEach((r, i) => {
          expect(firstDifference(r.cursor, want.rows[i]!.cursor)).toBeUndefined();
          expect(firstDifference(lookup(r.row), convert(want.rows[i]!.row))).toBeUndefined();
        });
        expect(got.stats).toEqual(want.stats);
        total += got.rows.length;
        if (got.rows.length < 50) break;
        after = got.rows[got.rows.length - 1]!.cursor;
      }
      expect(total).toBe(ROWS.length);
    } finally {
      await remote.close();
    }
  });

  it('passes a budget refusal and a missing table back as what they are, and ends its thread on close', async () => {
    await ensureTable();
    const before = liveReaderWorkers();
    const refusing = reader(() => {
      throw new BudgetExceededError('over budget', 1234);
    });
    const missing = reader(undefined, { ...TABLE, table: 'no_such_table' });
    expect(liveReaderWorkers()).toBe(before + 2);
    try {
      const refused = await refusing.readPage(request(null)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBudgetExceeded(refused)).toBe(true);
      const notFound = await missing.readPage(request(null)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(classifyError(notFound)).toMatchObject({ kind: 'notFound', permanent: true });
      expect(String((notFound as Error).message)).toContain('no_such_table');
    } finally {
      await refusing.close();
      await missing.close();
    }
    expect(liveReaderWorkers()).toBe(before);
    await expect(refusing.readPage(request(null))).rejects.toThrow(/closed|exited/);
  });
});
