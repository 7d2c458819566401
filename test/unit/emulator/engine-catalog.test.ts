/** Datasets and tables: CRUD, BigQuery's error shapes, schema patch rules, persistence. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../emulator/engine/contract.js';
import { firstRow, newEngine, PROJECT, q, ref } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('datasets', () => {
  it('creates, gets, lists, updates and deletes', async () => {
    await engine.createDataset(PROJECT, 'd1', {
      datasetReference: { projectId: PROJECT, datasetId: 'd1' },
      location: 'US',
    });
    expect(await engine.getDataset(PROJECT, 'd1')).toMatchObject({ location: 'US' });
    expect((await engine.listDatasets(PROJECT)).length).toBeGreaterThan(0);
    await engine.updateDataset(PROJECT, 'd1', {
      datasetReference: { projectId: PROJECT, datasetId: 'd1' },
      description: 'x',
    });
    expect(await engine.getDataset(PROJECT, 'd1')).toMatchObject({ description: 'x' });
    await engine.deleteDataset(PROJECT, 'd1', false);
    expect(await engine.getDataset(PROJECT, 'd1')).toBeUndefined();
  });

  it('reports duplicates (409) and missing datasets (404)', async () => {
    await engine.createDataset(PROJECT, 'd2', {});
    await expect(engine.createDataset(PROJECT, 'd2', {})).rejects.toMatchObject({
      httpStatus: 409,
      reason: 'duplicate',
    });
    await expect(engine.deleteDataset(PROJECT, 'nope', true)).rejects.toMatchObject({
      httpStatus: 404,
      reason: 'notFound',
    });
  });

  it('refuses to delete a non-empty dataset unless deleteContents', async () => {
    await engine.createDataset(PROJECT, 'd3', {});
    await engine.createTable(ref('d3', 't'), { fields: [{ name: 'a', type: 'STRING' }] }, {});
    await expect(engine.deleteDataset(PROJECT, 'd3', false)).rejects.toMatchObject({
      httpStatus: 400,
      reason: 'resourceInUse',
    });
    await engine.deleteDataset(PROJECT, 'd3', true);
    expect(await engine.getTable(ref('d3', 't'))).toBeUndefined();
  });
});

describe('tables', () => {
  beforeAll(async () => {
    await engine.createDataset(PROJECT, 'tables', {});
  });

  it('stores the schema with BigQuery REST type names and modes', async () => {
    await engine.createTable(
      ref('tables', 'people'),
      {
        fields: [
          { name: 'id', type: 'INT64', mode: 'REQUIRED' },
          { name: 'tags', type: 'STRING', mode: 'REPEATED' },
          { name: 'addr', type: 'STRUCT', fields: [{ name: 'city', type: 'STRING' }] },
        ],
      },
      { description: 'people' },
    );
    const t = await engine.getTable(ref('tables', 'people'));
    expect(t?.resource).toMatchObject({ description: 'people' });
    expect(t?.schema.fields).toEqual([
      { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      { name: 'addr', type: 'RECORD', mode: 'NULLABLE', fields: [{ name: 'city', type: 'STRING', mode: 'NULLABLE' }] },
    ]);
    expect((await engine.listTables(PROJECT, 'tables')).map((x) => x.schema.fields.length)).toContain(3);
  });

  it('rejects duplicate tables, missing datasets and bad schemas', async () => {
    const dup = ref('tables', 'dup');
    await engine.createTable(dup, { fields: [{ name: 'a', type: 'STRING' }] }, {});
    await expect(engine.createTable(dup, { fields: [{ name: 'a', type: 'STRING' }] }, {})).rejects.toMatchObject({
      httpStatus: 409,
    });
    await expect(
      engine.createTable(ref('nodataset', 't'), { fields: [{ name: 'a', type: 'STRING' }] }, {}),
    ).rejects.toMatchObject({ httpStatus: 404 });
    await expect(
      engine.createTable(ref('tables', 'bad'), { fields: [{ name: 'a b', type: 'STRING' }] }, {}),
    ).rejects.toMatchObject({ httpStatus: 400 });
    await expect(
      engine.createTable(
        ref('tables', 'bad'),
        {
          fields: [
            { name: 'a', type: 'STRING' },
            { name: 'A', type: 'STRING' },
          ],
        },
        {},
      ),
    ).rejects.toMatchObject({ httpStatus: 400 });
  });

  it('patch adds NULLABLE/REPEATED columns (also nested), relaxes REQUIRED, refuses the rest', async () => {
    const r = ref('tables', 'patched');
    await engine.createTable(
      r,
      {
        fields: [
          { name: 'id', type: 'INT64', mode: 'REQUIRED' },
          { name: 's', type: 'RECORD', fields: [{ name: 'x', type: 'INT64' }] },
        ],
      },
      {},
    );
    await engine.insertRows(r, [{ id: 1, s: { x: 1 } }], {});
    await engine.patchTable(
      r,
      {
        fields: [
          { name: 'id', type: 'INT64', mode: 'NULLABLE' },
          {
            name: 's',
            type: 'RECORD',
            fields: [
              { name: 'x', type: 'INT64' },
              { name: 'y', type: 'STRING' },
            ],
          },
          { name: 'note', type: 'STRING' },
        ],
      },
      { description: 'v2' },
    );
    const ins = await engine.insertRows(r, [{ id: null, s: { x: 2, y: 'b' }, note: 'n' }], {});
    expect(ins.insertErrors).toEqual([]);
    const rows = await engine.listRows(r, {});
    expect(rows.rows.map((row) => row.f.map((c) => c.v))).toEqual([
      ['1', { f: [{ v: '1' }, { v: null }] }, null],
      [null, { f: [{ v: '2' }, { v: 'b' }] }, 'n'],
    ]);
    await expect(engine.patchTable(r, { fields: [{ name: 'id', type: 'STRING' }] }, {})).rejects.toMatchObject({
      httpStatus: 400,
    });
    await expect(
      engine.patchTable(
        r,
        {
          fields: [
            { name: 'id', type: 'INT64' },
            {
              name: 's',
              type: 'RECORD',
              fields: [
                { name: 'x', type: 'INT64' },
                { name: 'y', type: 'STRING' },
              ],
            },
            { name: 'note', type: 'STRING' },
            { name: 'req', type: 'STRING', mode: 'REQUIRED' },
          ],
        },
        {},
      ),
    ).rejects.toMatchObject({ httpStatus: 400 });
    expect((await engine.getTable(r))?.resource).toMatchObject({ description: 'v2' });
  });

  it('truncates and deletes; unknown tables are 404', async () => {
    const r = ref('tables', 'gone');
    await engine.createTable(r, { fields: [{ name: 'a', type: 'STRING' }] }, {});
    await engine.insertRows(r, [{ a: 'x' }], {});
    await engine.truncateTable(r);
    expect(await engine.tableStats(r)).toEqual({ numRows: 0, numBytes: 0 });
    await engine.deleteTable(r);
    await expect(engine.deleteTable(r)).rejects.toMatchObject({ httpStatus: 404, reason: 'notFound' });
    await expect(engine.listRows(r, {})).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('tableStats counts logical bytes per BigQuery data size rules', async () => {
    const r = ref('tables', 'sized');
    await engine.createTable(
      r,
      {
        fields: [
          { name: 'i', type: 'INT64' },
          { name: 's', type: 'STRING' },
          { name: 'b', type: 'BOOL' },
          { name: 'n', type: 'NUMERIC' },
          { name: 'bn', type: 'BIGNUMERIC' },
          { name: 'arr', type: 'INT64', mode: 'REPEATED' },
          {
            name: 'rec',
            type: 'RECORD',
            fields: [
              { name: 'x', type: 'FLOAT64' },
              { name: 'y', type: 'BYTES' },
            ],
          },
        ],
      },
      {},
    );
    await engine.insertRows(
      r,
      [
        { i: 1, s: 'héllo', b: true, n: '1', bn: '1', arr: [1, 2, 3], rec: { x: 1, y: 'AAE=' } },
        { i: null, s: null },
      ],
      {},
    );
    // 8 + (2+6) + 1 + 16 + 32 + 3*8 + (8 + 2+2); NULLs are 0 bytes.
    const expected = { numRows: 2, numBytes: 8 + 8 + 1 + 16 + 32 + 24 + 12 };
    expect(await engine.tableStats(r)).toEqual(expected);
    // A DML write drops the cached totals; the rescan must agree with the incremental count.
    await q(engine, "UPDATE tables.sized SET s = 'héllo' WHERE i = 1");
    expect(await engine.tableStats(r)).toEqual(expected);
  });
});

describe('persistence', () => {
  it('a file-backed engine keeps datasets, schemas, resources and rows across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bq-engine-'));
    const file = join(dir, 'data.duckdb');
    try {
      const a = await newEngine(file);
      await a.createDataset(PROJECT, 'keep', { friendlyName: 'Keep' });
      await a.createTable(
        ref('keep', 't'),
        {
          fields: [
            { name: 'ts', type: 'TIMESTAMP' },
            { name: 'n', type: 'BIGNUMERIC' },
            { name: 'g', type: 'GEOGRAPHY' },
          ],
        },
        { labels: { a: 'b' } },
      );
      await a.insertRows(
        ref('keep', 't'),
        [{ ts: '2024-01-01T00:00:00.000001Z', n: '0.00000000000000000000000000000000000001', g: 'POINT(1 2)' }],
        {},
      );
      await a.close();
      const b = await newEngine(file);
      expect(await b.getDataset(PROJECT, 'keep')).toMatchObject({ friendlyName: 'Keep' });
      expect((await b.getTable(ref('keep', 't')))?.resource).toMatchObject({ labels: { a: 'b' } });
      const r = await q(b, 'SELECT ts, n, g FROM keep.t');
      expect(firstRow(r)).toEqual(['1704067200000001', '0.00000000000000000000000000000000000001', 'POINT(1 2)']);
      expect(await b.tableStats(ref('keep', 't'))).toMatchObject({ numRows: 1 });
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
