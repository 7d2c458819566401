/** Datasets and tables through the official client: lifecycle, metadata, errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoAuthClient } from '../../../emulator/client.js';
import { errorOf, PROJECT, raw, startLocal, type Local } from './helpers.js';

let local: Local;

beforeAll(async () => {
  local = await startLocal();
});
afterAll(async () => {
  await local?.server.stop();
});

const nestedSchema = {
  fields: [
    { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
    { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE' },
    { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    {
      name: 'address',
      type: 'RECORD',
      mode: 'NULLABLE',
      fields: [
        { name: 'street', type: 'STRING', mode: 'NULLABLE' },
        {
          name: 'geo',
          type: 'RECORD',
          mode: 'NULLABLE',
          fields: [
            { name: 'lat', type: 'FLOAT', mode: 'NULLABLE' },
            { name: 'lng', type: 'FLOAT', mode: 'NULLABLE' },
          ],
        },
      ],
    },
    {
      name: 'events',
      type: 'RECORD',
      mode: 'REPEATED',
      fields: [
        { name: 'kind', type: 'STRING', mode: 'NULLABLE' },
        { name: 'at', type: 'TIMESTAMP', mode: 'NULLABLE' },
      ],
    },
  ],
};

describe('datasets', () => {
  it('creates, reads, lists, patches and deletes a dataset', async () => {
    const [dataset, created] = await local.bq.createDataset('life_ds', { description: 'first' });
    expect(created.datasetReference).toEqual({ projectId: PROJECT, datasetId: 'life_ds' });
    expect(created.location).toBe('US');
    expect(Number(created.creationTime)).toBeGreaterThan(0);

    const [datasets] = await local.bq.getDatasets();
    expect(datasets.map((d) => d.id)).toContain('life_ds');

    await dataset.setMetadata({ description: 'second', labels: { env: 'test' } });
    const [meta] = await dataset.getMetadata();
    expect(meta).toMatchObject({
      description: 'second',
      labels: { env: 'test' },
      kind: 'bigquery#dataset',
      id: `${PROJECT}:life_ds`,
    });

    await dataset.delete();
    const [exists] = await dataset.exists();
    expect(exists).toBe(false);
  });

  it('reports 409 duplicate, 404 notFound and 400 resourceInUse like BigQuery', async () => {
    const [dataset] = await local.bq.createDataset('errs_ds');
    const dup = await errorOf(local.bq.createDataset('errs_ds'));
    expect(dup.code).toBe(409);
    expect(dup.errors?.[0]?.reason).toBe('duplicate');
    expect(dup.message).toContain(`Already Exists: Dataset ${PROJECT}:errs_ds`);

    const missing = await errorOf(local.bq.dataset('no_such_ds').getMetadata());
    expect(missing.code).toBe(404);
    expect(missing.errors?.[0]?.reason).toBe('notFound');
    expect(missing.message).toContain(`Not found: Dataset ${PROJECT}:no_such_ds`);

    await dataset.createTable('t', { schema: { fields: [{ name: 'x', type: 'STRING' }] } });
    const inUse = await errorOf(dataset.delete());
    expect(inUse.code).toBe(400);
    expect(inUse.errors?.[0]?.reason).toBe('resourceInUse');
    await dataset.delete({ force: true });
    expect((await dataset.exists())[0]).toBe(false);
  });
});

describe('tables', () => {
  it('creates a table with nested RECORD/REPEATED fields, partitioning and clustering kept as metadata', async () => {
    const [dataset] = await local.bq.createDataset('nested_ds');
    const [table] = await dataset.createTable('people', {
      schema: nestedSchema,
      timePartitioning: { type: 'DAY', field: 'ts' },
      clustering: { fields: ['id'] },
      description: 'people table',
    });
    const [meta] = await table.getMetadata();
    expect(meta.schema).toEqual(nestedSchema);
    expect(meta.timePartitioning).toEqual({ type: 'DAY', field: 'ts' });
    expect(meta.clustering).toEqual({ fields: ['id'] });
    expect(meta).toMatchObject({ kind: 'bigquery#table', type: 'TABLE', numRows: '0', description: 'people table' });
    expect(meta.tableReference).toEqual({ projectId: PROJECT, datasetId: 'nested_ds', tableId: 'people' });

    await table.insert([
      {
        id: 1,
        ts: '2024-01-02T03:04:05.123456Z',
        tags: ['a', 'b'],
        address: { street: 'Main', geo: { lat: 1.5, lng: -2.25 } },
        events: [{ kind: 'x', at: '2024-01-02T00:00:00Z' }],
      },
    ]);
    const [rows] = await table.getRows();
    expect(rows).toHaveLength(1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code inspects JSON freely
    const row = rows[0] as Record<string, any>;
    expect(row.tags).toEqual(['a', 'b']);
    expect(row.address).toEqual({ street: 'Main', geo: { lat: 1.5, lng: -2.25 } });
    expect(row.events[0].kind).toBe('x');
    expect(row.ts.value).toBe('2024-01-02T03:04:05.123456000Z');
  });

  it('reports numRows and numBytes computed with the documented data sizes', async () => {
    const [dataset] = await local.bq.createDataset('stats_ds');
    const [table] = await dataset.createTable('flat', {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'name', type: 'STRING' },
        ],
      },
    });
    await table.insert([
      { id: 1, name: 'abc' },
      { id: 2, name: 'abc' },
      { id: 3, name: 'abc' },
    ]);
    const [meta] = await table.getMetadata();
    expect(meta.numRows).toBe('3');
    // INT64 is 8 bytes; STRING is 2 bytes + the UTF-8 length: 3 * (8 + 2 + 3).
    expect(meta.numBytes).toBe('39');
  });

  it('lists tables page by page', async () => {
    const [dataset] = await local.bq.createDataset('list_ds');
    for (const id of ['t1', 't2', 't3'])
      await dataset.createTable(id, { schema: { fields: [{ name: 'x', type: 'STRING' }] } });
    const [firstPage, next] = await dataset.getTables({ maxResults: 2, autoPaginate: false });
    expect(firstPage.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(next).toBeTruthy();
    const [secondPage, last] = await dataset.getTables(next!);
    expect(secondPage.map((t) => t.id)).toEqual(['t3']);
    expect(last).toBeFalsy();
    const [all] = await dataset.getTables();
    expect(all.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });

  it('adds a NULLABLE column with a patch but refuses a new REQUIRED one', async () => {
    const [dataset] = await local.bq.createDataset('patch_ds');
    const [table] = await dataset.createTable('p', {
      schema: { fields: [{ name: 'id', type: 'INTEGER', mode: 'REQUIRED' }] },
    });
    await table.insert([{ id: 1 }]);
    const [meta] = await table.getMetadata();
    const fields = [...meta.schema.fields, { name: 'note', type: 'STRING', mode: 'NULLABLE' }];
    await table.setMetadata({ schema: { fields } });
    const [after] = await table.getMetadata();
    expect(after.schema.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'note']);
    await table.insert([{ id: 2, note: 'hello' }]);
    const [rows] = await table.getRows();
    expect(rows).toEqual([
      { id: 1, note: null },
      { id: 2, note: 'hello' },
    ]);

    const bad = await errorOf(
      table.setMetadata({ schema: { fields: [...fields, { name: 'must', type: 'STRING', mode: 'REQUIRED' }] } }),
    );
    expect(bad.code).toBe(400);
    expect(bad.errors?.[0]?.reason).toBe('invalid');
  });

  it('deletes a table; duplicates and missing tables fail with 409 / 404', async () => {
    const [dataset] = await local.bq.createDataset('del_ds');
    const [table] = await dataset.createTable('gone', { schema: { fields: [{ name: 'x', type: 'STRING' }] } });
    const dup = await errorOf(dataset.createTable('gone', { schema: { fields: [{ name: 'x', type: 'STRING' }] } }));
    expect(dup.code).toBe(409);
    expect(dup.errors?.[0]?.reason).toBe('duplicate');
    await table.delete();
    expect((await table.exists())[0]).toBe(false);
    const missing = await errorOf(table.getMetadata());
    expect(missing.code).toBe(404);
    expect(missing.message).toContain(`Not found: Table ${PROJECT}:del_ds.gone`);
  });
});

describe('raw HTTP error shapes', () => {
  it('answers bad JSON with 400 and unknown routes with 404, in Google error JSON', async () => {
    const bad = await raw(
      local.server.url,
      'POST',
      `/bigquery/v2/projects/${PROJECT}/datasets`,
      '{"datasetReference":',
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      errors: [{ reason: 'invalid', domain: 'global' }],
    });
    const unknown = await raw(local.server.url, 'GET', '/bigquery/v2/projects/x/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.errors[0].reason).toBe('notFound');
    // The BIGQUERY_EMULATOR_HOST path form (no /bigquery/v2) reaches the same API.
    const short = await raw(local.server.url, 'GET', `/projects/${PROJECT}/datasets`);
    expect(short.status).toBe(200);
    expect(short.json.kind).toBe('bigquery#datasetList');
  });
});

describe('BIGQUERY_EMULATOR_HOST', () => {
  it('serves a client configured only through the environment variable (paths without /bigquery/v2)', async () => {
    const saved = process.env.BIGQUERY_EMULATOR_HOST;
    const dir = mkdtempSync(join(tmpdir(), 'bq-emu-host-'));
    process.env.BIGQUERY_EMULATOR_HOST = local.server.url;
    try {
      const bq = new BigQuery({ projectId: PROJECT, authClient: createNoAuthClient(PROJECT) });
      const [dataset] = await bq.createDataset('emu_host_ds');
      const file = join(dir, 'rows.json');
      writeFileSync(file, '{"x":"a"}\n{"x":"b"}\n');
      await dataset.table('t').load(file, { schema: { fields: [{ name: 'x', type: 'STRING' }] } });
      const [rows] = await bq.query('SELECT x FROM emu_host_ds.t ORDER BY x');
      expect(rows).toEqual([{ x: 'a' }, { x: 'b' }]);
    } finally {
      if (saved === undefined) delete process.env.BIGQUERY_EMULATOR_HOST;
      else process.env.BIGQUERY_EMULATOR_HOST = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
