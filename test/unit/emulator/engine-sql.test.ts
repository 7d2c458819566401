/** Query semantics: table references, clauses, keyset pagination, DML, DDL, dry runs, errors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine, QueryResult } from '../../../emulator/engine/contract.js';
import { firstRow, newEngine, param, plain, PROJECT, q, ref } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  await engine.createDataset(PROJECT, 'shop', {});
  await engine.createTable(
    ref('shop', 'orders'),
    {
      fields: [
        { name: 'id', type: 'INT64' },
        { name: 'customer', type: 'STRING' },
        { name: 'amount', type: 'NUMERIC' },
        { name: 'ts', type: 'TIMESTAMP' },
      ],
    },
    {},
  );
  await engine.insertRows(
    ref('shop', 'orders'),
    [
      { id: 1, customer: 'ann', amount: '10.50', ts: '2024-01-01T00:00:00Z' },
      { id: 2, customer: 'bob', amount: '3', ts: '2024-01-01T00:00:00Z' },
      { id: 3, customer: 'ann', amount: '7.25', ts: '2024-01-02T00:00:00Z' },
      { id: 4, customer: null, amount: null, ts: null },
    ],
    {},
  );
});
afterAll(async () => {
  await engine.close();
});

const ids = (r: { rows: { f: { v: unknown }[] }[] }): unknown[] => r.rows.map((row) => row.f[0]?.v);

describe('table references', () => {
  it('accepts `project.dataset.table`, dataset.table, `project`.dataset.table and defaultDataset', async () => {
    for (const sql of [
      `SELECT COUNT(*) FROM \`${PROJECT}.shop.orders\``,
      'SELECT COUNT(*) FROM shop.orders',
      `SELECT COUNT(*) FROM \`${PROJECT}\`.shop.orders`,
      `SELECT COUNT(*) FROM ${PROJECT}.shop.orders`,
      'SELECT COUNT(*) FROM `shop`.`orders`',
    ]) {
      expect(firstRow(await q(engine, sql))).toEqual(['4']);
    }
    expect(firstRow(await q(engine, 'SELECT COUNT(*) FROM orders', { defaultDataset: { datasetId: 'shop' } }))).toEqual(
      ['4'],
    );
  });

  it('reports unknown tables as 404 "Not found: Table project:dataset.table"', async () => {
    await expect(q(engine, 'SELECT * FROM shop.nope')).rejects.toMatchObject({
      httpStatus: 404,
      reason: 'notFound',
      message: expect.stringContaining(`Not found: Table ${PROJECT}:shop.nope`) as unknown as string,
    });
  });

  it('lists referenced tables', async () => {
    const r = await q(engine, 'SELECT o.id FROM shop.orders AS o JOIN shop.orders p ON o.id = p.id');
    expect(r.referencedTables).toEqual([{ projectId: PROJECT, datasetId: 'shop', tableId: 'orders' }]);
  });
});

describe('clauses', () => {
  it('ORDER BY puts NULLs first on ASC and last on DESC', async () => {
    expect(ids(await q(engine, 'SELECT id FROM shop.orders ORDER BY customer, id'))).toEqual(['4', '1', '3', '2']);
    expect(ids(await q(engine, 'SELECT id FROM shop.orders ORDER BY customer DESC, id'))).toEqual(['2', '1', '3', '4']);
  });

  it('WHERE, GROUP BY, HAVING, LIMIT, OFFSET, COUNTIF, SUM of NUMERIC', async () => {
    const r = await q(
      engine,
      `SELECT customer, COUNT(*) AS n, SUM(amount) AS total, COUNTIF(amount > 5) AS big FROM shop.orders WHERE customer IS NOT NULL GROUP BY customer HAVING COUNT(*) >= 1 ORDER BY customer LIMIT 1 OFFSET 0`,
    );
    expect(r.rows.map((row) => row.f.map((c) => c.v))).toEqual([['ann', '2', '17.75', '2']]);
    expect(r.schema?.fields.map((f) => f.type)).toEqual(['STRING', 'INTEGER', 'NUMERIC', 'INTEGER']);
  });

  it('subqueries, CTEs, IN UNNEST(@array), EXISTS, * EXCEPT', async () => {
    const r = await q(
      engine,
      `WITH big AS (SELECT * EXCEPT (ts) FROM shop.orders WHERE amount > (SELECT MIN(amount) FROM shop.orders))
       SELECT id FROM big WHERE id IN UNNEST(@ids) AND EXISTS (SELECT 1 FROM shop.orders x WHERE x.id = big.id) ORDER BY id`,
      {
        queryParameters: [
          {
            name: 'ids',
            parameterType: { type: 'ARRAY', arrayType: { type: 'INT64' } },
            parameterValue: { arrayValues: [{ value: '1' }, { value: '2' }, { value: '3' }] },
          },
        ],
      },
    );
    expect(ids(r)).toEqual(['1', '3']);
  });

  it('tuple comparisons equal the expanded form', async () => {
    const params = [param('t', 'TIMESTAMP', '2024-01-01 00:00:00+00'), param('k', 'INT64', '1')];
    const a = await q(engine, 'SELECT id FROM shop.orders WHERE (ts, id) > (@t, @k) ORDER BY ts, id', {
      queryParameters: params,
    });
    const b = await q(engine, 'SELECT id FROM shop.orders WHERE ts > @t OR (ts = @t AND id > @k) ORDER BY ts, id', {
      queryParameters: params,
    });
    expect(ids(a)).toEqual(['2', '3']);
    expect(ids(b)).toEqual(ids(a));
  });

  it('ANY_VALUE, MIN/MAX, AVG, window functions', async () => {
    const r = await q(
      engine,
      `SELECT MAX(id), MIN(ts), AVG(id), ANY_VALUE(customer) IS NOT NULL OR TRUE, ROW_NUMBER() OVER (ORDER BY MAX(id)) FROM shop.orders`,
    );
    expect(firstRow(r)).toEqual(['4', '1704067200000000', '2.5', 'true', '1']);
  });
});

describe('keyset pagination (the sync engine query)', () => {
  it('pages a table with heavy timestamp ties exactly, with LIMIT above the planner threshold', async () => {
    const r = ref('shop', 'events');
    await engine.createTable(
      r,
      {
        fields: [
          { name: 'ts', type: 'TIMESTAMP' },
          { name: 'k', type: 'STRING' },
          { name: 'v', type: 'INT64' },
        ],
      },
      {},
    );
    const total = 15000;
    const rows = Array.from({ length: total }, (_, i) => ({
      ts: new Date(Date.UTC(2024, 0, 1) + Math.floor(((i * 7919) % total) / 50) * 1000).toISOString(),
      k: `k${String(i).padStart(6, '0')}`,
      v: i,
    }));
    await engine.insertRows(r, rows, {});
    const seen: string[] = [];
    let cursor: [string, string] = ['1970-01-01 00:00:00+00', ''];
    for (let page = 0; page < 10; page++) {
      const res = await q(
        engine,
        'SELECT ts, k FROM shop.events WHERE (ts > @t OR (ts = @t AND k > @k)) ORDER BY ts, k LIMIT 6000',
        {
          queryParameters: [param('t', 'TIMESTAMP', cursor[0]), param('k', 'STRING', cursor[1])],
        },
      );
      if (res.rows.length === 0) break;
      for (const row of res.rows) seen.push(`${String(row.f[0]?.v)}|${String(row.f[1]?.v)}`);
      const last = res.rows[res.rows.length - 1]?.f ?? [];
      const micros = BigInt(last[0]?.v as string);
      cursor = [new Date(Number(micros / 1000n)).toISOString(), last[1]?.v as string];
    }
    const expected = rows
      .map((x) => `${BigInt(Date.parse(x.ts)) * 1000n}|${x.k}`)
      .sort((a, b) => {
        const [ta, ka] = a.split('|') as [string, string];
        const [tb, kb] = b.split('|') as [string, string];
        return BigInt(ta) < BigInt(tb) ? -1 : BigInt(ta) > BigInt(tb) ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    expect(seen).toEqual(expected);
  });
});

describe('DML and DDL', () => {
  // Every test starts from no `shop.items` and creates the table itself, so the tests pass in any order.
  const createItems = (): Promise<QueryResult> =>
    q(
      engine,
      `CREATE TABLE shop.items (id INT64 NOT NULL, name STRING(100) OPTIONS(description="the name"), price NUMERIC(10, 2), tags ARRAY<STRING>, dims STRUCT<w FLOAT64, h FLOAT64>, geo GEOGRAPHY, meta JSON, seen TIMESTAMP) OPTIONS(description="items")`,
    );
  beforeEach(async () => {
    await q(engine, 'DROP TABLE IF EXISTS shop.items');
  });

  it('CREATE TABLE with GoogleSQL types registers the schema', async () => {
    const r = await createItems();
    expect(r.statementType).toBe('CREATE_TABLE');
    const t = await engine.getTable(ref('shop', 'items'));
    expect(t?.schema.fields.map((f) => [f.name, f.type, f.mode])).toEqual([
      ['id', 'INTEGER', 'REQUIRED'],
      ['name', 'STRING', 'NULLABLE'],
      ['price', 'NUMERIC', 'NULLABLE'],
      ['tags', 'STRING', 'REPEATED'],
      ['dims', 'RECORD', 'NULLABLE'],
      ['geo', 'GEOGRAPHY', 'NULLABLE'],
      ['meta', 'JSON', 'NULLABLE'],
      ['seen', 'TIMESTAMP', 'NULLABLE'],
    ]);
    expect(t?.schema.fields[1]?.description).toBe('the name');
    const again = await q(engine, 'CREATE TABLE IF NOT EXISTS shop.items (x INT64)');
    expect(again.statementType).toBe('CREATE_TABLE');
    await expect(q(engine, 'CREATE TABLE shop.items (x INT64)')).rejects.toMatchObject({ httpStatus: 409 });
  });

  it('INSERT VALUES / SELECT, UPDATE, DELETE report affected rows', async () => {
    await createItems();
    const ins = await q(
      engine,
      `INSERT INTO shop.items (id, name, price, tags, dims, geo, meta, seen) VALUES (1, 'a', 1.5, ['x'], STRUCT(1.0 AS w, 2.0 AS h), 'POINT(1 2)', JSON '{"k": 1}', TIMESTAMP '2024-01-01 00:00:00.000001+00'), (2, 'b', NULL, [], NULL, NULL, NULL, NULL)`,
    );
    expect(ins).toMatchObject({ statementType: 'INSERT', numDmlAffectedRows: 2 });
    const sel = await q(
      engine,
      'INSERT shop.items (id, name) SELECT id + 100, customer FROM shop.orders WHERE customer IS NOT NULL',
    );
    expect(sel.numDmlAffectedRows).toBe(3);
    expect((await q(engine, `UPDATE shop.items SET name = CONCAT(name, '!') WHERE id > 100`)).numDmlAffectedRows).toBe(
      3,
    );
    expect((await q(engine, 'DELETE FROM shop.items WHERE id = 101')).numDmlAffectedRows).toBe(1);
    expect((await q(engine, 'DELETE shop.items WHERE id = 999')).numDmlAffectedRows).toBe(0);
    const r = await q(engine, 'SELECT id, name, price, tags, dims, geo, meta, seen FROM shop.items ORDER BY id');
    expect(r.rows.map((row) => row.f.map((c) => plain(c.v)))).toEqual([
      ['1', 'a', '1.5', ['x'], ['1.0', '2.0'], 'POINT(1 2)', '{"k":1}', '1704067200000001'],
      ['2', 'b', null, [], null, null, null, null],
      ['102', 'bob!', null, [], null, null, null, null],
      ['103', 'ann!', null, [], null, null, null, null],
    ]);
    expect((await engine.tableStats(ref('shop', 'items'))).numRows).toBe(4);
  });

  it('UPDATE and DELETE without WHERE are rejected like BigQuery', async () => {
    await createItems();
    await q(engine, "INSERT INTO shop.items (id, name) VALUES (1, 'a')");
    await expect(q(engine, "UPDATE shop.items SET name = 'x'")).rejects.toMatchObject({
      httpStatus: 400,
      reason: 'invalidQuery',
    });
    await expect(q(engine, 'DELETE FROM shop.items')).rejects.toMatchObject({ httpStatus: 400 });
    expect((await engine.tableStats(ref('shop', 'items'))).numRows).toBe(1);
  });

  it('a REQUIRED column rejects NULL in INSERT', async () => {
    await createItems();
    await expect(q(engine, "INSERT INTO shop.items (id, name) VALUES (NULL, 'x')")).rejects.toMatchObject({
      httpStatus: 400,
      reason: 'invalidQuery',
    });
  });

  it('MERGE upserts', async () => {
    await createItems();
    await q(engine, "INSERT INTO shop.items (id, name) VALUES (1, 'a')");
    const r = await q(
      engine,
      `MERGE shop.items T USING (SELECT 1 AS id, 'merged' AS name UNION ALL SELECT 500, 'new') S ON T.id = S.id
       WHEN MATCHED THEN UPDATE SET name = S.name
       WHEN NOT MATCHED THEN INSERT (id, name) VALUES (S.id, S.name)`,
    );
    expect(r).toMatchObject({ statementType: 'MERGE', numDmlAffectedRows: 2 });
    expect(ids(await q(engine, 'SELECT name FROM shop.items WHERE id IN (1, 500) ORDER BY id'))).toEqual([
      'merged',
      'new',
    ]);
  });

  it('CREATE TABLE AS SELECT, TRUNCATE TABLE, DROP TABLE [IF EXISTS]', async () => {
    await q(engine, 'CREATE TABLE shop.copy AS SELECT id, customer AS who, amount FROM shop.orders');
    expect((await engine.getTable(ref('shop', 'copy')))?.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'INTEGER'],
      ['who', 'STRING'],
      ['amount', 'NUMERIC'],
    ]);
    expect((await engine.tableStats(ref('shop', 'copy'))).numRows).toBe(4);
    expect((await q(engine, 'TRUNCATE TABLE shop.copy')).statementType).toBe('TRUNCATE_TABLE');
    expect((await engine.tableStats(ref('shop', 'copy'))).numRows).toBe(0);
    expect((await q(engine, 'DROP TABLE shop.copy')).statementType).toBe('DROP_TABLE');
    expect(await engine.getTable(ref('shop', 'copy'))).toBeUndefined();
    await q(engine, 'DROP TABLE IF EXISTS shop.copy');
    await expect(q(engine, 'DROP TABLE shop.copy')).rejects.toMatchObject({ httpStatus: 404 });
  });
});

describe('dry runs and bytes processed', () => {
  it('returns the schema and on-demand bytes of the referenced columns without running', async () => {
    const r = await q(engine, 'SELECT id, amount FROM shop.orders WHERE id > 0', { dryRun: true });
    expect(r.rows).toEqual([]);
    expect(r.schema?.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'INTEGER'],
      ['amount', 'NUMERIC'],
    ]);
    // id: 4 x 8 bytes; amount: 3 non-NULL x 16 bytes.
    expect(r.totalBytesProcessed).toBe(32 + 48);
    const all = await q(engine, 'SELECT * FROM shop.orders', { dryRun: true });
    // + customer: ann(2+3) bob(2+3) ann(2+3) + ts: 3 x 8.
    expect(all.totalBytesProcessed).toBe(32 + 48 + 15 + 24);
    const dml = await q(engine, 'DELETE FROM shop.orders WHERE id = 1', { dryRun: true });
    expect(dml.statementType).toBe('DELETE');
    expect((await engine.tableStats(ref('shop', 'orders'))).numRows).toBe(4);
  });

  it('a real run reports the same bytes', async () => {
    expect((await q(engine, 'SELECT id FROM shop.orders')).totalBytesProcessed).toBe(32);
  });
});

describe('errors', () => {
  it('syntax errors are 400 invalidQuery with a [line:column]', async () => {
    await expect(q(engine, 'SELECT (1')).rejects.toMatchObject({
      httpStatus: 400,
      reason: 'invalidQuery',
      message: expect.stringMatching(/\[1:8\]/) as unknown as string,
    });
    await expect(q(engine, "SELECT 'unterminated")).rejects.toMatchObject({ httpStatus: 400, reason: 'invalidQuery' });
  });

  it('unsupported constructs name the construct and where', async () => {
    await expect(q(engine, 'SELECT 1;\nSELECT 2')).rejects.toMatchObject({
      message: expect.stringMatching(/Multi-statement.*\[1:9\]/) as unknown as string,
    });
    await expect(q(engine, 'SELECT NO_SUCH_FN(1)')).rejects.toMatchObject({
      message: expect.stringMatching(/Function not found: no_such_fn at \[1:8\]/) as unknown as string,
    });
    await expect(
      q(engine, 'SELECT * FROM shop.orders FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()'),
    ).rejects.toMatchObject({ message: expect.stringMatching(/FOR SYSTEM_TIME.*\[1:27\]/) as unknown as string });
  });

  it('unknown columns read like BigQuery', async () => {
    await expect(q(engine, 'SELECT nope FROM shop.orders')).rejects.toMatchObject({
      httpStatus: 400,
      message: expect.stringContaining('Unrecognized name: nope') as unknown as string,
    });
  });
});
