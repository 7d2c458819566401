import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { numbersResult } from './fake-engine.js';
import { startFakeServer, type FakeServer } from './harness.js';

let s: FakeServer;
const API = '/bigquery/v2/projects/p';

beforeAll(async () => {
  s = await startFakeServer();
});
afterAll(async () => {
  await s.close();
});
beforeEach(() => {
  s.app.faults.clear();
});

async function table(ds: string, t: string, fields: unknown[]): Promise<void> {
  await s.call('POST', `${API}/datasets`, { datasetReference: { datasetId: ds } });
  const r = await s.call('POST', `${API}/datasets/${ds}/tables`, {
    tableReference: { tableId: t },
    schema: { fields },
  });
  expect(r.status).toBe(200);
}

describe('errors', () => {
  it('answers unknown routes, wrong methods and bad JSON in Google error shape', async () => {
    const unknown = await s.call('GET', '/bigquery/v2/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 404,
      status: 'NOT_FOUND',
      errors: [{ reason: 'notFound', domain: 'global' }],
    });
    const wrong = await s.call('DELETE', `${API}/queries`);
    expect(wrong.status).toBe(405);
    const bad = await s.call('POST', `${API}/datasets`, '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.error.errors[0].reason).toBe('invalid');
    expect(bad.body.error.message).toMatch(/Invalid JSON payload/);
    expect(bad.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('reports missing datasets and duplicates like BigQuery', async () => {
    const missing = await s.call('GET', `${API}/datasets/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Not found: Dataset p:nope');
    await s.call('POST', `${API}/datasets`, { datasetReference: { datasetId: 'dup' } });
    const again = await s.call('POST', `${API}/datasets`, { datasetReference: { datasetId: 'dup' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      status: 'ALREADY_EXISTS',
      errors: [{ reason: 'duplicate', message: 'Already Exists: Dataset p:dup' }],
    });
    const badId = await s.call('POST', `${API}/datasets`, { datasetReference: { datasetId: 'has-dash' } });
    expect(badId.status).toBe(400);
  });

  it('refuses legacy SQL with a clear 400', async () => {
    const r = await s.call('POST', `${API}/queries`, { query: 'SELECT 1', useLegacySql: true });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/Legacy SQL is not supported/);
  });
});

describe('tabledata.insertAll', () => {
  // A table of each test's own: row counts never include another test's inserts.
  let t = '';
  let created = 0;
  beforeEach(async () => {
    t = `t${++created}`;
    await table('ins', t, [
      { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
      { name: 's', type: 'STRING' },
    ]);
  });

  it('drops rows whose insertId was seen recently (retried requests store once)', async () => {
    const body = {
      rows: [
        { insertId: 'a', json: { id: 1 } },
        { insertId: 'b', json: { id: 2 } },
        { insertId: 'a', json: { id: 1 } },
      ],
    };
    expect((await s.call('POST', `${API}/datasets/ins/tables/${t}/insertAll`, body)).body).toEqual({
      kind: 'bigquery#tableDataInsertAllResponse',
    });
    await s.call('POST', `${API}/datasets/ins/tables/${t}/insertAll`, body);
    expect(s.engine.rowsOf({ projectId: 'p', datasetId: 'ins', tableId: t })).toHaveLength(2);
  });

  it('reports per-row errors; without skipInvalidRows the other rows are stopped', async () => {
    const ref = { projectId: 'p', datasetId: 'ins', tableId: t };
    const before = s.engine.rowsOf(ref).length;
    const rows = [{ json: { id: 10 } }, { json: { s: 'no id' } }, { json: 'not an object' }];
    const strict = await s.call('POST', `${API}/datasets/ins/tables/${t}/insertAll`, { rows });
    expect(
      strict.body.insertErrors.map((e: { index: number; errors: { reason: string }[] }) => [
        e.index,
        e.errors[0]?.reason,
      ]),
    ).toEqual([
      [0, 'stopped'],
      [1, 'stopped'],
      [2, 'invalid'],
    ]);
    expect(s.engine.rowsOf(ref)).toHaveLength(before);
    const lenient = await s.call('POST', `${API}/datasets/ins/tables/${t}/insertAll`, { rows, skipInvalidRows: true });
    expect(lenient.body.insertErrors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect(s.engine.rowsOf(ref)).toHaveLength(before + 1);
  });

  it('404s for a missing table and 400s for an empty request', async () => {
    expect(
      (await s.call('POST', `${API}/datasets/ins/tables/none/insertAll`, { rows: [{ json: {} }] })).body.error.message,
    ).toBe('Not found: Table p:ins.none');
    expect((await s.call('POST', `${API}/datasets/ins/tables/${t}/insertAll`, { rows: [] })).status).toBe(400);
  });
});

describe('queries', () => {
  it('pages a stored result with pageTokens and bills at least 10 MB', async () => {
    s.engine.onQuery = () => numbersResult(25);
    const first = await s.call('POST', `${API}/queries`, {
      query: 'SELECT n',
      useLegacySql: false,
      maxResults: 10,
      formatOptions: { useInt64Timestamp: true },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      kind: 'bigquery#queryResponse',
      jobComplete: true,
      totalRows: '25',
      totalBytesProcessed: '200',
      totalBytesBilled: String(10 * 1024 * 1024),
    });
    expect(first.body.rows).toHaveLength(10);
    const jobId = first.body.jobReference.jobId;
    const seen: string[] = first.body.rows.map((r: { f: { v: string }[] }) => r.f[0]?.v);
    let token = first.body.pageToken;
    while (token) {
      const page = await s.call(
        'GET',
        `${API}/queries/${jobId}?maxResults=10&pageToken=${encodeURIComponent(token)}&formatOptions.useInt64Timestamp=true`,
      );
      expect(page.body.kind).toBe('bigquery#getQueryResultsResponse');
      seen.push(...page.body.rows.map((r: { f: { v: string }[] }) => r.f[0]?.v));
      token = page.body.pageToken;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
    const byIndex = await s.call('GET', `${API}/queries/${jobId}?startIndex=20&maxResults=2`);
    expect(byIndex.body.rows.map((r: { f: { v: string }[] }) => r.f[0]?.v)).toEqual(['20', '21']);
    // Without useInt64Timestamp, BigQuery's default format (seconds) is used.
    expect(byIndex.body.rows[0].f[1].v).toBe('1700000000.000020');
  });

  it('streams large pages as valid JSON', async () => {
    s.engine.onQuery = () => numbersResult(4500);
    const r = await s.call('POST', `${API}/queries`, { query: 'SELECT n', formatOptions: { useInt64Timestamp: true } });
    expect(r.body.rows).toHaveLength(4500);
    expect(r.body.rows[4499].f[0].v).toBe('4499');
  });

  it('enforces maximumBytesBilled before running anything', async () => {
    s.engine.onQuery = () => numbersResult(1, 50 * 1024 * 1024);
    s.engine.queries = [];
    const r = await s.call('POST', `${API}/queries`, {
      query: 'DELETE FROM t WHERE true',
      maximumBytesBilled: '1000000',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.errors[0].reason).toBe('bytesBilledLimitExceeded');
    expect(r.body.error.message).toBe('Query exceeded limit for bytes billed: 1000000. 52428800 or higher required.');
    expect(s.engine.queries.map((q) => q.options.dryRun)).toEqual([true]);
  });

  it('answers jobComplete:false when the query outlasts timeoutMs, then completes via getQueryResults', async () => {
    s.engine.onQuery = () => new Promise((resolve) => setTimeout(() => resolve(numbersResult(3)), 150));
    const r = await s.call('POST', `${API}/queries`, { query: 'SELECT slow', timeoutMs: 10 });
    expect(r.body).toMatchObject({ jobComplete: false });
    expect(r.body.rows).toBeUndefined();
    const done = await s.call('GET', `${API}/queries/${r.body.jobReference.jobId}?timeoutMs=5000`);
    expect(done.body).toMatchObject({ jobComplete: true, totalRows: '3' });
  });

  it('cancels a running job', async () => {
    s.engine.onQuery = () => new Promise((resolve) => setTimeout(() => resolve(numbersResult(3)), 200));
    // jobs.insert waits for the job, so cancel while that request is still open.
    const insert = s.call('POST', `${API}/jobs`, {
      jobReference: { jobId: 'cancel_me' },
      configuration: { query: { query: 'SELECT slow', useLegacySql: false } },
    });
    await new Promise((r) => setTimeout(r, 50));
    const c = await s.call('POST', `${API}/jobs/cancel_me/cancel`);
    expect((await insert).body.status.errorResult.reason).toBe('stopped');
    expect(c.body.kind).toBe('bigquery#jobCancelResponse');
    expect(c.body.job.status).toMatchObject({ state: 'DONE', errorResult: { reason: 'stopped' } });
  }, 20_000);

  it('returns the same job for a retried requestId after a lost reply', async () => {
    let runs = 0;
    s.engine.onQuery = () => {
      runs++;
      return {
        statementType: 'DELETE',
        rows: [],
        totalRows: 0,
        numDmlAffectedRows: 7,
        referencedTables: [],
        totalBytesProcessed: 0,
      };
    };
    s.app.faults.add({ route: 'jobs.query', kind: 'reset', when: 'after' });
    const body = { query: 'DELETE FROM t WHERE true', requestId: 'req-42' };
    await expect(s.call('POST', `${API}/queries`, body)).rejects.toThrow();
    const retry = await s.call('POST', `${API}/queries`, body);
    expect(retry.body).toMatchObject({ jobComplete: true, numDmlAffectedRows: '7' });
    expect(runs).toBe(1);
  });
});

describe('admin fault API', () => {
  it('adds, lists and clears rules over HTTP and applies them', async () => {
    const add = await s.call('POST', '/_admin/faults', { route: 'datasets.list', status: 429, times: 1 });
    expect(add.status).toBe(201);
    expect(add.body.faults[0]).toMatchObject({ route: 'datasets.list', reason: 'rateLimitExceeded' });
    const failed = await s.call('GET', `${API}/datasets`);
    expect(failed.status).toBe(429);
    expect(failed.body.error.errors[0].reason).toBe('rateLimitExceeded');
    expect((await s.call('GET', `${API}/datasets`)).status).toBe(200);
    expect((await s.call('GET', '/_admin/faults')).body.faults[0]).toMatchObject({ fired: 1 });
    expect((await s.call('DELETE', '/_admin/faults')).body).toEqual({ cleared: 1 });
    expect((await s.call('POST', '/_admin/faults', { route: 'x', status: 200 })).status).toBe(400);
  });
});

describe('admin API exposure', () => {
  it('is not served when the server is not bound to loopback', async () => {
    const other = await startFakeServer({ admin: false });
    try {
      const r = await other.call('GET', '/_admin/faults');
      expect(r.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
