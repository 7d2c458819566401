import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from './harness.js';

let s: FakeServer;
const API = '/bigquery/v2/projects/p';
const ref = (tableId: string) => ({ projectId: 'p', datasetId: 'ld', tableId });
const schema = {
  fields: [
    { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING' },
  ],
};

// A fresh server (its own in-memory engine) per test, so no test sees another's tables.
beforeEach(async () => {
  s = await startFakeServer();
  await s.call('POST', `${API}/datasets`, { datasetReference: { datasetId: 'ld' } });
});
afterEach(async () => {
  await s.close();
});

function multipart(load: Record<string, unknown>, data: string): { body: string; type: string } {
  const b = 'b0undary';
  const meta = JSON.stringify({ configuration: { load: { sourceFormat: 'NEWLINE_DELIMITED_JSON', ...load } } });
  return {
    body: `--${b}\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${b}\r\nContent-Type: application/octet-stream\r\n\r\n${data}\r\n--${b}--`,
    type: `multipart/related; boundary=${b}`,
  };
}

async function load(tableId: string, data: string, extra: Record<string, unknown> = {}) {
  const m = multipart({ destinationTable: ref(tableId), ...extra }, data);
  return s.call('POST', '/upload/bigquery/v2/projects/p/jobs?uploadType=multipart', m.body, { 'content-type': m.type });
}

/** Creates `tableId` with `schema` holding `rows` rows (ids 1..rows) through a successful load. */
async function seed(tableId: string, rows: number): Promise<void> {
  const data = Array.from({ length: rows }, (_, i) => `{"id":${i + 1}}\n`).join('');
  const r = await load(tableId, data, { schema });
  expect(r.body.status).toEqual({ state: 'DONE' });
  expect(s.engine.rowsOf(ref(tableId))).toHaveLength(rows);
}

describe('load jobs via upload', () => {
  it('creates the table from the job schema and reports outputRows', async () => {
    const r = await load('a', '{"id":1,"name":"x"}\n{"id":2}\n', { schema });
    expect(r.status).toBe(200);
    expect(r.body.status).toEqual({ state: 'DONE' });
    expect(r.body.configuration.jobType).toBe('LOAD');
    expect(r.body.statistics.load).toMatchObject({ outputRows: '2', badRecords: '0', inputFiles: '1' });
    expect(s.engine.rowsOf(ref('a'))).toHaveLength(2);
  });

  it('fails with errorResult and stores nothing when bad rows exceed maxBadRecords', async () => {
    await seed('a', 2);
    const r = await load('a', '{"id":3}\n{"name":"no id"}\nnot json\n');
    expect(r.body.status.state).toBe('DONE');
    expect(r.body.status.errorResult.reason).toBe('invalid');
    expect(r.body.status.errors.length).toBeGreaterThanOrEqual(2);
    expect(r.body.status.errors[1]).toMatchObject({ reason: 'invalid', location: 'row 3' });
    expect(s.engine.rowsOf(ref('a'))).toHaveLength(2);
    const ok = await load('a', '{"id":3}\n{"name":"no id"}\nnot json\n', { maxBadRecords: 2 });
    expect(ok.body.status.errorResult).toBeUndefined();
    expect(ok.body.statistics.load).toMatchObject({ outputRows: '1', badRecords: '2' });
    expect(s.engine.rowsOf(ref('a'))).toHaveLength(3);
  });

  it('WRITE_TRUNCATE replaces the rows, but a failed truncate-load keeps the old ones', async () => {
    await seed('a', 3);
    const bad = await load('a', '{"id":"x"}\n', { writeDisposition: 'WRITE_TRUNCATE' });
    expect(bad.body.status.errorResult).toBeDefined();
    expect(s.engine.rowsOf(ref('a'))).toHaveLength(3);
    const good = await load('a', '{"id":9}\n', { writeDisposition: 'WRITE_TRUNCATE' });
    expect(good.body.status.errorResult).toBeUndefined();
    expect(s.engine.rowsOf(ref('a'))).toEqual([{ id: 9 }]);
    const tables = await s.call('GET', `${API}/datasets/ld/tables`);
    expect(tables.body.tables.map((t: { tableReference: { tableId: string } }) => t.tableReference.tableId)).toEqual([
      'a',
    ]);
  });

  it('WRITE_EMPTY refuses a non-empty table; CREATE_NEVER refuses a missing one; no schema fails', async () => {
    await seed('a', 1);
    expect((await load('a', '{"id":1}\n', { writeDisposition: 'WRITE_EMPTY' })).body.status.errorResult.reason).toBe(
      'duplicate',
    );
    expect((await load('zz', '{"id":1}\n', { createDisposition: 'CREATE_NEVER' })).body.status.errorResult.reason).toBe(
      'notFound',
    );
    expect((await load('zz', '{"id":1}\n')).body.status.errorResult.message).toBe(
      'No schema specified on job or table.',
    );
  });

  it('explains unsupported formats inside the job', async () => {
    const r = await load('a', 'x', { sourceFormat: 'AVRO' });
    expect(r.body.status.errorResult.message).toMatch(/NEWLINE_DELIMITED_JSON/);
  });

  it('loads CSV with a header row, quoted fields and empty-as-NULL', async () => {
    const csv = 'id,name\n1,"a, ""quoted"" name"\n2,\n';
    const r = await load('csv', csv, { sourceFormat: 'CSV', skipLeadingRows: 1, schema });
    expect(r.body.status).toEqual({ state: 'DONE' });
    expect(s.engine.rowsOf(ref('csv'))).toEqual([
      { id: '1', name: 'a, "quoted" name' },
      { id: '2', name: null },
    ]);
    const jagged = await load('csv', '3\n', { sourceFormat: 'CSV' });
    expect(jagged.body.status.errorResult.message).toMatch(/CSV table encountered too many errors/);
  });

  it('supports resumable uploads in chunks', async () => {
    const start = await s.call('POST', '/upload/bigquery/v2/projects/p/jobs?uploadType=resumable', {
      configuration: { load: { destinationTable: ref('r'), sourceFormat: 'NEWLINE_DELIMITED_JSON', schema } },
    });
    expect(start.status).toBe(200);
    const location = start.headers.get('location');
    expect(location).toMatch(/upload_id=/);
    const data = Buffer.from('{"id":1}\n{"id":2}\n');
    const path = location!.slice(s.url.length);
    const first = await s.call('PUT', path, data.subarray(0, 5), { 'content-range': `bytes 0-4/*` });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-4');
    const last = await s.call('PUT', path, data.subarray(5), {
      'content-range': `bytes 5-${data.length - 1}/${data.length}`,
    });
    expect(last.status).toBe(200);
    expect(last.body.statistics.load.outputRows).toBe('2');
  });
});
