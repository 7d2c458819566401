/** Load jobs: table.load(localFile) and createWriteStream through the multipart upload. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Dataset, Job } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startLocal, type Local } from './helpers.js';

let local: Local;
let dataset: Dataset;
let dir: string;

const schema = {
  fields: [
    { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING', mode: 'NULLABLE' },
    { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE' },
  ],
};

/** Writes rows as NDJSON into a `.json` file (the client maps .json to NEWLINE_DELIMITED_JSON). */
function ndjson(name: string, rows: unknown[] | string): string {
  const file = join(dir, name);
  writeFileSync(file, typeof rows === 'string' ? rows : rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

async function ids(tableId: string): Promise<number[]> {
  const [rows] = await local.bq.query(`SELECT id FROM load_ds.${tableId} ORDER BY id`);
  return rows.map((r: { id: number }) => r.id);
}

beforeAll(async () => {
  local = await startLocal();
  [dataset] = await local.bq.createDataset('load_ds');
  dir = mkdtempSync(join(tmpdir(), 'bq-load-'));
});
afterAll(async () => {
  await local?.server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('table.load(localNdjsonFile)', () => {
  it('creates the table from the job schema and appends (WRITE_APPEND is the default)', async () => {
    const table = dataset.table('appended');
    const [job] = await table.load(
      ndjson('a.json', [{ id: 1, name: 'one', ts: '2024-01-01T00:00:00.000001Z' }, { id: 2 }]),
      { schema },
    );
    expect(job.status).toEqual({ state: 'DONE' });
    expect(job.configuration?.load?.destinationTable?.tableId).toBe('appended');
    expect(job.statistics?.load).toMatchObject({ outputRows: '2', inputFiles: '1' });
    await table.load(ndjson('b.json', [{ id: 3 }]));
    expect(await ids('appended')).toEqual([1, 2, 3]);
    const [rows] = await local.bq.query('SELECT ts FROM load_ds.appended WHERE id = 1');
    expect(rows[0].ts.value).toBe('2024-01-01T00:00:00.000001000Z');
  });

  it('replaces the contents with WRITE_TRUNCATE', async () => {
    const table = dataset.table('truncated');
    await table.load(ndjson('t1.json', [{ id: 1 }, { id: 2 }]), { schema });
    await table.load(ndjson('t2.json', [{ id: 10 }]), { writeDisposition: 'WRITE_TRUNCATE' });
    expect(await ids('truncated')).toEqual([10]);
  });

  it('refuses to write into a non-empty table with WRITE_EMPTY', async () => {
    const table = dataset.table('empty_only');
    await table.load(ndjson('e1.json', [{ id: 1 }]), { schema, writeDisposition: 'WRITE_EMPTY' });
    const err = await errorOf(table.load(ndjson('e2.json', [{ id: 2 }]), { writeDisposition: 'WRITE_EMPTY' }));
    expect(err.errors?.[0]?.reason).toBe('duplicate');
    expect(await ids('empty_only')).toEqual([1]);
  });

  it('fails the job on bad rows and stores nothing; maxBadRecords lets some through', async () => {
    const table = dataset.table('bad_rows');
    await table.load(ndjson('ok.json', [{ id: 1 }]), { schema });
    const file = ndjson('bad.json', '{"id":2}\n{"id":"two"}\n{"name":"no id"}\n');
    const err = await errorOf(table.load(file));
    expect(err.errors?.[0]?.reason).toBe('invalid');
    expect((err.errors ?? []).length).toBeGreaterThanOrEqual(3); // errorResult + one per bad row
    expect(await ids('bad_rows')).toEqual([1]);

    const [job] = await table.load(file, { maxBadRecords: 2 });
    expect(job.status?.errorResult).toBeUndefined();
    expect(job.statistics?.load).toMatchObject({ outputRows: '1', badRecords: '2' });
    expect(await ids('bad_rows')).toEqual([1, 2]);
  });

  it('uses the existing table schema when the job has none, and CREATE_NEVER refuses a missing table', async () => {
    const [table] = await dataset.createTable('existing', { schema });
    await table.load(ndjson('x.json', [{ id: 5, name: 'five' }]));
    expect(await ids('existing')).toEqual([5]);
    const err = await errorOf(
      dataset.table('never').load(ndjson('n.json', [{ id: 1 }]), { schema, createDisposition: 'CREATE_NEVER' }),
    );
    expect(err.errors?.[0]?.reason).toBe('notFound');
  });
});

describe('table.createWriteStream', () => {
  it('loads NDJSON written to the stream and emits complete with the job', async () => {
    const table = dataset.table('streamed');
    const stream = table.createWriteStream({ sourceFormat: 'NEWLINE_DELIMITED_JSON', schema });
    const completed = new Promise<Job>((resolve, reject) => {
      stream.on('complete', resolve);
      stream.on('error', reject);
    });
    await pipeline(Readable.from(['{"id":1}\n', '{"id":2}\n']), stream);
    const job = await completed;
    expect(job.metadata.status.state).toBe('DONE');
    expect(await ids('streamed')).toEqual([1, 2]);
  });
});
