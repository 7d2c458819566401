/** tabledata.insertAll and tabledata.list through the official client. */
import type { Table } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, startLocal, type Local } from './helpers.js';

let local: Local;

const schema = {
  fields: [
    { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING', mode: 'NULLABLE' },
    { name: 'score', type: 'FLOAT', mode: 'NULLABLE' },
  ],
};

beforeAll(async () => {
  local = await startLocal();
  await local.bq.createDataset('stream_ds');
});
afterAll(async () => {
  await local?.server.stop();
});

interface PartialFailure {
  name: string;
  errors: { row: Record<string, unknown>; errors: { reason: string; message: string }[] }[];
}

describe('tabledata.insertAll', () => {
  // Each test streams into a table of its own: row counts never depend on which tests ran before.
  let table: Table;
  let created = 0;
  beforeEach(async () => {
    [table] = await local.bq.dataset('stream_ds').createTable(`events_${++created}`, { schema });
  });

  it('stores valid rows', async () => {
    await table.insert([
      { id: 1, name: 'a', score: 1.5 },
      { id: 2, name: 'b' },
    ]);
    const [rows] = await table.getRows();
    expect(rows).toEqual([
      { id: 1, name: 'a', score: 1.5 },
      { id: 2, name: 'b', score: null },
    ]);
  });

  it('rejects the whole request when a row is invalid: invalid rows say why, the others are stopped', async () => {
    const err = (await errorOf(
      table.insert([{ id: 3, name: 'ok' }, { name: 'missing id' }], { partialRetries: 0 }),
    )) as unknown as PartialFailure;
    expect(err.name).toBe('PartialFailureError');
    const reasons = err.errors.map((e) => [e.row, e.errors[0]?.reason]);
    expect(reasons).toEqual([
      [{ id: 3, name: 'ok' }, 'stopped'],
      [{ name: 'missing id' }, 'invalid'],
    ]);
    const [meta] = await table.getMetadata();
    expect(meta.numRows).toBe('0');
  });

  it('with skipInvalidRows stores the valid rows and reports only the invalid ones', async () => {
    const err = (await errorOf(
      table.insert([{ id: 4 }, { id: 'not a number' }, { id: 5 }], { skipInvalidRows: true, partialRetries: 0 }),
    )) as unknown as PartialFailure;
    expect(err.errors.map((e) => e.row)).toEqual([{ id: 'not a number' }]);
    expect(err.errors[0]?.errors[0]?.reason).toBe('invalid');
    const [meta] = await table.getMetadata();
    expect(meta.numRows).toBe('2');
  });

  it('rejects unknown fields unless ignoreUnknownValues is set', async () => {
    const err = (await errorOf(
      table.insert([{ id: 6, surprise: true }], { partialRetries: 0 }),
    )) as unknown as PartialFailure;
    expect(err.errors[0]?.errors[0]?.reason).toBe('invalid');
    await table.insert([{ id: 6, surprise: true }], { ignoreUnknownValues: true });
    const [meta] = await table.getMetadata();
    expect(meta.numRows).toBe('1');
  });

  it('de-duplicates rows by insertId (raw mode, as a retried request would resend them)', async () => {
    const rows = [
      { insertId: 'dup-1', json: { id: 7 } },
      { insertId: 'dup-2', json: { id: 8 } },
    ];
    await table.insert(rows, { raw: true });
    await table.insert(rows, { raw: true });
    const [result] = await local.bq.query(`SELECT COUNT(*) AS n FROM stream_ds.${table.id} WHERE id IN (7, 8)`);
    expect(result).toEqual([{ n: 2 }]);
  });

  it('fails with 404 for a missing table', async () => {
    const err = await errorOf(
      local.bq
        .dataset('stream_ds')
        .table('nope')
        .insert([{ id: 1 }]),
    );
    expect(err.code).toBe(404);
  });
});

describe('tabledata.list', () => {
  let paged: Table;

  beforeAll(async () => {
    [paged] = await local.bq.dataset('stream_ds').createTable('paged', { schema });
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, name: `n${i}`, score: i / 2 }));
    await paged.insert(rows);
  });

  it('pages with maxResults and pageToken', async () => {
    const ids: number[] = [];
    const sizes: number[] = [];
    let query: Record<string, unknown> | null = { maxResults: 10, autoPaginate: false };
    while (query) {
      const [rows, next] = (await paged.getRows(query)) as unknown as [
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code inspects JSON freely
        Record<string, any>[],
        Record<string, unknown> | null | undefined,
      ];
      sizes.push(rows.length);
      ids.push(...rows.map((r) => r.id as number));
      query = next ?? null;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('starts at startIndex and returns only selectedFields', async () => {
    const [rows] = await paged.getRows({
      startIndex: '20',
      selectedFields: 'id,score',
      autoPaginate: false,
      maxResults: 3,
    });
    expect(rows).toHaveLength(3);
    for (const row of rows as Record<string, unknown>[]) expect(Object.keys(row).sort()).toEqual(['id', 'score']);
    const [, , apiResponse] = (await paged.getRows({ maxResults: 1, autoPaginate: false })) as unknown as [
      unknown,
      unknown,
      { totalRows: string },
    ];
    expect(apiResponse.totalRows).toBe('25');
  });
});
