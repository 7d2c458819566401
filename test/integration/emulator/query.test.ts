/** jobs.query / getQueryResults / jobs.insert through the official client. */
import { BigQuery, type Dataset } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, PROJECT, startLocal, type Local } from './helpers.js';

let local: Local;
let dataset: Dataset;

beforeAll(async () => {
  local = await startLocal();
  [dataset] = await local.bq.createDataset('q_ds');
  const [table] = await dataset.createTable('numbers', {
    schema: {
      fields: [
        { name: 'id', type: 'INTEGER' },
        { name: 'name', type: 'STRING' },
      ],
    },
  });
  // 2,500 rows in one insertAll: INT64 (8 bytes) + 'abc' (2 + 3 bytes) per row.
  await table.insert(Array.from({ length: 2500 }, (_, i) => ({ id: i, name: 'abc' })));
});
afterAll(async () => {
  await local?.server.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code inspects JSON freely
type Row = Record<string, any>;

describe('query parameters', () => {
  it('binds named parameters of every scalar type', async () => {
    const bq = local.bq;
    const [rows] = await bq.query({
      query: `SELECT @b AS b, @i AS i, @f AS f, @s AS s, @by AS by, @d AS d, @dt AS dt, @t AS t, @ts AS ts,
                     @n AS n, @bn AS bn, @g AS g, @j AS j`,
      params: {
        b: true,
        i: 42,
        f: 3.5,
        s: 'héllo',
        by: Buffer.from('abc').toString('base64'),
        d: bq.date('2024-02-29'),
        dt: bq.datetime('2024-02-29 12:34:56.123456'),
        t: bq.time('12:34:56.123456'),
        ts: bq.timestamp('2024-02-29T12:34:56.123456Z'),
        n: '123.456',
        bn: '1234567890.0123456789',
        g: bq.geography('POINT(1 2)'),
        j: '{"a":1}',
      },
      types: { by: 'BYTES', n: 'NUMERIC', bn: 'BIGNUMERIC', j: 'JSON' },
    });
    const r = rows[0] as Row;
    expect(r.b).toBe(true);
    expect(r.i).toBe(42);
    expect(r.f).toBe(3.5);
    expect(r.s).toBe('héllo');
    expect(Buffer.isBuffer(r.by) && r.by.toString()).toBe('abc');
    expect(r.d.value).toBe('2024-02-29');
    expect(r.dt.value).toBe('2024-02-29T12:34:56.123456');
    expect(r.t.value).toBe('12:34:56.123456');
    expect(r.ts.value).toBe('2024-02-29T12:34:56.123456000Z');
    expect(r.n.toString()).toBe('123.456');
    expect(r.bn.toString()).toBe('1234567890.0123456789');
    expect(r.g.value).toBe('POINT(1 2)');
    expect(JSON.parse(r.j)).toEqual({ a: 1 });
  });

  it('refuses a Buffer parameter value like BigQuery does (the client sends it as a JSON object)', async () => {
    const err = await errorOf(local.bq.query({ query: 'SELECT @by AS by', params: { by: Buffer.from('abc') } }));
    expect(err.code).toBe(400);
    expect(err.errors?.[0]?.reason).toBe('invalid');
  });

  it('binds positional parameters', async () => {
    const bq = local.bq;
    const [rows] = await bq.query({
      query: 'SELECT ? AS a, ? AS b, ? + 1 AS c, ? AS d, ? AS ts, ? AS arr, ? AS st, ? AS nothing, ? AS ok',
      params: [
        1,
        'x',
        41,
        bq.date('2024-01-31'),
        bq.timestamp('2024-01-31T10:00:00.000001Z'),
        ['p', 'q'],
        { k: 1.25 },
        null,
        false,
      ],
      // The client accepts mixed positional types at runtime; its typings do not model them.
      types: [
        'INT64',
        'STRING',
        'INT64',
        'DATE',
        'TIMESTAMP',
        ['STRING'],
        { k: 'FLOAT64' },
        'STRING',
        'BOOL',
      ] as unknown as string[],
    });
    const r = rows[0] as Row;
    expect([r.a, r.b, r.c, r.d.value, r.ts.value, r.arr, r.st, r.nothing, r.ok]).toEqual([
      1,
      'x',
      42,
      '2024-01-31',
      '2024-01-31T10:00:00.000001000Z',
      ['p', 'q'],
      { k: 1.25 },
      null,
      false,
    ]);
  });

  it('binds ARRAY and STRUCT parameters and typed NULLs', async () => {
    const [rows] = await local.bq.query({
      query: 'SELECT @arr AS arr, ARRAY_LENGTH(@arr) AS len, @st AS st, @nothing AS nothing, @noArr AS noArr',
      params: { arr: [1, 2, 3], st: { id: 7, name: 'seven' }, nothing: null, noArr: [] },
      types: { nothing: 'INT64', noArr: ['STRING'] },
    });
    expect(rows).toEqual([{ arr: [1, 2, 3], len: 3, st: { id: 7, name: 'seven' }, nothing: null, noArr: [] }]);
  });

  it('reads a field of a STRUCT parameter (@param.field)', async () => {
    const [rows] = await local.bq.query({
      query: 'SELECT @st.name AS name, @st.id * 2 AS twice',
      params: { st: { id: 7, name: 'seven' } },
    });
    expect(rows).toEqual([{ name: 'seven', twice: 14 }]);
  });

  it('keeps INT64 values above 2^53 exact with wrapIntegers', async () => {
    const big = '9223372036854775807'; // INT64 max, from the GoogleSQL data type reference
    const [rows] = await local.bq.query({
      query: 'SELECT @v AS v, @v - 1 AS below, CAST(@s AS INT64) AS parsed',
      params: { v: BigQuery.int(big), s: '9007199254740993' },
      wrapIntegers: true,
    });
    const r = rows[0] as Row;
    expect(r.v.value).toBe(big);
    expect(r.below.value).toBe('9223372036854775806');
    expect(r.parsed.value).toBe('9007199254740993');
    const [asBigInt] = await local.bq.query({
      query: 'SELECT @v AS v',
      params: { v: BigQuery.int(big) },
      wrapIntegers: { integerTypeCastFunction: BigInt },
    });
    expect((asBigInt[0] as Row).v).toBe(9223372036854775807n);
  });

  it('stores and returns INT64 values above 2^53 exactly', async () => {
    const [table] = await dataset.createTable('bigints', { schema: { fields: [{ name: 'v', type: 'INT64' }] } });
    await table.insert([{ v: BigQuery.int('9007199254740993') }, { v: '-9223372036854775808' }]);
    const [rows] = await local.bq.query({ query: 'SELECT v FROM q_ds.bigints ORDER BY v', wrapIntegers: true });
    expect(rows.map((r: Row) => r.v.value)).toEqual(['-9223372036854775808', '9007199254740993']);
    const [listed] = await table.getRows({ wrapIntegers: true });
    expect(listed.map((r: Row) => r.v.value).sort()).toEqual(['-9223372036854775808', '9007199254740993']);
  });
});

describe('TIMESTAMP', () => {
  it('round-trips microseconds through insertAll, storage and query results', async () => {
    const [table] = await dataset.createTable('times', { schema: { fields: [{ name: 'ts', type: 'TIMESTAMP' }] } });
    await table.insert([{ ts: '2024-03-10T01:02:03.456789Z' }, { ts: '1969-12-31T23:59:59.999999Z' }]);
    const [rows] = await local.bq.query({
      query: 'SELECT ts, UNIX_MICROS(ts) AS us FROM q_ds.times ORDER BY ts',
    });
    // The pre-epoch row is compared as micros only: the client's PreciseDate turns
    // int64 micros of -1 into 1970-01-01T00:00:00.999999Z (a client bug, wire value is "-1").
    expect(rows.map((r: Row) => r.us)).toEqual([-1, 1710032523456789]);
    expect((rows[1] as Row).ts.value).toBe('2024-03-10T01:02:03.456789000Z');
    const [filtered] = await local.bq.query({
      query: 'SELECT COUNT(*) AS n FROM q_ds.times WHERE ts = @ts',
      params: { ts: local.bq.timestamp('2024-03-10T01:02:03.456789Z') },
    });
    expect(filtered).toEqual([{ n: 1 }]);
  });
});

describe('pagination', () => {
  it('pages a 2,500-row result with maxResults through getQueryResults', async () => {
    const [job] = await local.bq.createQueryJob({ query: 'SELECT id FROM q_ds.numbers ORDER BY id' });
    const sizes: number[] = [];
    const ids: number[] = [];
    let next: Record<string, unknown> | null = { maxResults: 1000, autoPaginate: false };
    while (next) {
      const [rows, nextQuery] = (await job.getQueryResults(next)) as unknown as [
        Row[],
        Record<string, unknown> | null | undefined,
      ];
      sizes.push(rows.length);
      ids.push(...rows.map((r) => r.id as number));
      next = nextQuery ?? null;
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(ids).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const [tail, , response] = (await job.getQueryResults({
      startIndex: '2495',
      maxResults: 100,
      autoPaginate: false,
    })) as unknown as [Row[], unknown, { totalRows: string; jobComplete: boolean }];
    expect(tail.map((r) => r.id)).toEqual([2495, 2496, 2497, 2498, 2499]);
    expect(response).toMatchObject({ totalRows: '2500', jobComplete: true });
  });

  it('bigquery.query follows page tokens on its own', async () => {
    const [rows] = await local.bq.query({ query: 'SELECT id FROM q_ds.numbers ORDER BY id', maxResults: 700 });
    expect(rows).toHaveLength(2500);
    expect((rows[2499] as Row).id).toBe(2499);
  });
});

describe('bytes processed and billed', () => {
  it('reports dry-run bytes from the documented data sizes', async () => {
    const [job] = await local.bq.createQueryJob({ query: 'SELECT id FROM q_ds.numbers', dryRun: true });
    expect(job.metadata.statistics.totalBytesProcessed).toBe(String(2500 * 8));
    const [both] = await local.bq.createQueryJob({ query: 'SELECT id, name FROM q_ds.numbers', dryRun: true });
    expect(both.metadata.statistics.totalBytesProcessed).toBe(String(2500 * (8 + 2 + 3)));
    expect(both.metadata.status.state).toBe('DONE');
  });

  it('bills at least 10 MB per query and enforces maximumBytesBilled', async () => {
    const [job] = await local.bq.createQueryJob({ query: 'SELECT id FROM q_ds.numbers LIMIT 1' });
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query.totalBytesProcessed).toBe('20000');
    expect(meta.statistics.query.totalBytesBilled).toBe(String(10 * 1024 * 1024));
    expect(meta.statistics.query.statementType).toBe('SELECT');

    const err = await errorOf(local.bq.query({ query: 'SELECT id FROM q_ds.numbers', maximumBytesBilled: '1000' }));
    expect(err.code).toBe(400);
    expect(err.errors?.[0]?.reason).toBe('bytesBilledLimitExceeded');
    const [ok] = await local.bq.query({
      query: 'SELECT COUNT(*) AS n FROM q_ds.numbers',
      maximumBytesBilled: String(10 * 1024 * 1024),
    });
    expect(ok).toEqual([{ n: 2500 }]);
  });
});

describe('DML, destination tables and errors', () => {
  it('reports numDmlAffectedRows for DML', async () => {
    await dataset.createTable('dml', { schema: { fields: [{ name: 'id', type: 'INTEGER' }] } });
    const [job] = await local.bq.createQueryJob({ query: 'INSERT INTO q_ds.dml (id) VALUES (1), (2), (3)' });
    await job.getQueryResults();
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query.numDmlAffectedRows).toBe('3');
    expect(meta.statistics.query.statementType).toBe('INSERT');
    const [del] = await local.bq.createQueryJob({ query: 'DELETE FROM q_ds.dml WHERE id > 1' });
    await del.getQueryResults();
    expect((await del.getMetadata())[0].statistics.query.numDmlAffectedRows).toBe('2');
  });

  it('lists, describes and patches tables created with DDL', async () => {
    await local.bq.query('CREATE TABLE q_ds.ddl_made (id INT64, name STRING)');
    const [tables] = await dataset.getTables();
    expect(tables.map((t) => t.id)).toContain('ddl_made');
    const table = dataset.table('ddl_made');
    const [meta] = await table.getMetadata();
    expect(meta.schema.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name']);
    expect(meta).toMatchObject({ type: 'TABLE', numRows: '0', location: 'US' });
    // Sending the metadata back carries its etag (If-Match), as read-modify-write clients do.
    await table.setMetadata({ ...meta, description: 'made by DDL' });
    expect((await table.getMetadata())[0].description).toBe('made by DDL');
  });

  it('writes query results to a destination table with writeDisposition', async () => {
    const destination = dataset.table('dest');
    const [job] = await local.bq.createQueryJob({ query: 'SELECT id FROM q_ds.numbers WHERE id < 3', destination });
    await job.getQueryResults();
    const [again] = await local.bq.createQueryJob({
      query: 'SELECT id FROM q_ds.numbers WHERE id < 2',
      destination,
      writeDisposition: 'WRITE_APPEND',
    });
    await again.getQueryResults();
    const [rows] = await local.bq.query('SELECT COUNT(*) AS n FROM q_ds.dest');
    expect(rows).toEqual([{ n: 5 }]);
    const err = await errorOf(
      local.bq.createQueryJob({ query: 'SELECT 1 AS id', destination }).then(([j]) => j.getQueryResults()),
    );
    expect(err.errors?.[0]?.reason).toBe('duplicate'); // WRITE_EMPTY is the default for query jobs
  });

  it('rejects invalid SQL with 400 invalidQuery and legacy SQL with a clear 400', async () => {
    const bad = await errorOf(local.bq.query('SELECT FROM WHERE'));
    expect(bad.code).toBe(400);
    expect(bad.errors?.[0]?.reason).toBe('invalidQuery');
    const legacy = await errorOf(local.bq.query({ query: 'SELECT 1', useLegacySql: true }));
    expect(legacy.code).toBe(400);
    expect(legacy.message).toMatch(/Legacy SQL/);
    const missing = await errorOf(local.bq.query('SELECT * FROM q_ds.no_such_table'));
    expect(missing.code).toBe(404);
    expect(missing.errors?.[0]?.reason).toBe('notFound');
  });
});

describe('jobs', () => {
  it('gets, lists and cancels jobs', async () => {
    const [job] = await local.bq.createQueryJob({ query: 'SELECT 1 AS x', jobId: 'conformance_job_1' });
    expect(job.id).toBe('conformance_job_1');
    const [meta] = await job.getMetadata();
    expect(meta.jobReference).toEqual({ projectId: PROJECT, jobId: 'conformance_job_1', location: 'US' });
    expect(meta.status.state).toBe('DONE');
    expect(meta.configuration.jobType).toBe('QUERY');
    for (const key of ['creationTime', 'startTime', 'endTime']) expect(Number(meta.statistics[key])).toBeGreaterThan(0);

    const [jobs] = await local.bq.getJobs();
    expect(jobs.map((j) => j.id)).toContain('conformance_job_1');

    const [cancelResponse] = (await job.cancel()) as unknown as [{ kind: string; job: { status: { state: string } } }];
    expect(cancelResponse.kind).toBe('bigquery#jobCancelResponse');
    expect(cancelResponse.job.status.state).toBe('DONE');

    const dup = await errorOf(local.bq.createQueryJob({ query: 'SELECT 1', jobId: 'conformance_job_1' }));
    expect(dup.code).toBe(409);
    const missing = await errorOf(local.bq.job('no_such_job').getMetadata());
    expect(missing.code).toBe(404);
  });
});
