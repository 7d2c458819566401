/** insertRows: accepted input forms, per-row errors, skipInvalidRows/ignoreUnknownValues. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, TableRef } from '../../../emulator/engine/contract.js';
import { newEngine, plain, PROJECT, ref } from './helpers.js';

let engine: Engine;
let n = 0;
beforeAll(async () => {
  engine = await newEngine();
  await engine.createDataset(PROJECT, 'ins', {});
});
afterAll(async () => {
  await engine.close();
});

async function table(fields: { name: string; type: string; mode?: string; fields?: unknown[] }[]): Promise<TableRef> {
  const r = ref('ins', `t${++n}`);
  await engine.createTable(r, { fields } as never, {});
  return r;
}

async function roundTrip(type: string, input: unknown, useInt64Timestamp = true): Promise<unknown> {
  const r = await table([{ name: 'v', type }]);
  const res = await engine.insertRows(r, [{ v: input }], {});
  expect(res.insertErrors).toEqual([]);
  const rows = await engine.listRows(r, { useInt64Timestamp });
  return plain(rows.rows[0]?.f[0]?.v);
}

describe('accepted input forms', () => {
  it('INT64 from numbers and strings, full range, never through a float', async () => {
    expect(await roundTrip('INT64', '9223372036854775807')).toBe('9223372036854775807');
    expect(await roundTrip('INT64', '-9223372036854775808')).toBe('-9223372036854775808');
    expect(await roundTrip('INTEGER', 42)).toBe('42');
  });

  it('FLOAT64 including NaN and infinities', async () => {
    expect(await roundTrip('FLOAT64', 0.1)).toBe('0.1');
    expect(await roundTrip('FLOAT', 'NaN')).toBe('NaN');
    expect(await roundTrip('FLOAT', '-Infinity')).toBe('-Infinity');
    expect(await roundTrip('FLOAT', 1e300)).toBe('1.0E300');
  });

  it('NUMERIC and BIGNUMERIC exactly at their limits', async () => {
    expect(await roundTrip('NUMERIC', '99999999999999999999999999999.999999999')).toBe(
      '99999999999999999999999999999.999999999',
    );
    expect(await roundTrip('NUMERIC', 0.1)).toBe('0.1');
    expect(await roundTrip('NUMERIC', '1.0000000005')).toBe('1.000000001'); // half away from zero
    expect(
      await roundTrip('BIGNUMERIC', '-578960446186580977117854925043439539266.34992332820282019728792003956564819968'),
    ).toBe('-578960446186580977117854925043439539266.34992332820282019728792003956564819968');
  });

  it('TIMESTAMP from RFC 3339, canonical text with zones, and epoch seconds', async () => {
    expect(await roundTrip('TIMESTAMP', '2023-11-14T22:13:20.123456Z')).toBe('1700000000123456');
    expect(await roundTrip('TIMESTAMP', '2023-11-14 23:13:20.123456+01:00')).toBe('1700000000123456');
    expect(await roundTrip('TIMESTAMP', '2023-11-14 22:13:20.123456 UTC')).toBe('1700000000123456');
    expect(await roundTrip('TIMESTAMP', 1700000000.123456)).toBe('1700000000123456');
    expect(await roundTrip('TIMESTAMP', '1700000000')).toBe('1700000000000000');
    expect(await roundTrip('TIMESTAMP', '2023-11-14T22:13:20.123456Z', false)).toBe('1.700000000123456E9');
  });

  it('DATE, DATETIME, TIME with microseconds', async () => {
    expect(await roundTrip('DATE', '2024-02-29')).toBe('2024-02-29');
    expect(await roundTrip('DATETIME', '2024-02-29 01:02:03.5')).toBe('2024-02-29T01:02:03.500000');
    expect(await roundTrip('DATETIME', '2024-02-29T01:02:03')).toBe('2024-02-29T01:02:03');
    expect(await roundTrip('TIME', '23:59:59.999999')).toBe('23:59:59.999999');
  });

  it('BYTES as base64, BOOL from booleans and strings, STRING unicode', async () => {
    expect(await roundTrip('BYTES', 'AAEC/w==')).toBe('AAEC/w==');
    expect(await roundTrip('BOOL', 'true')).toBe('true');
    expect(await roundTrip('BOOLEAN', false)).toBe('false');
    expect(await roundTrip('STRING', 'ünïcödé ☃ 𝄞')).toBe('ünïcödé ☃ 𝄞');
  });

  it('GEOGRAPHY as WKT or GeoJSON, printed as WKT', async () => {
    expect(await roundTrip('GEOGRAPHY', 'point(1 2)')).toBe('POINT(1 2)');
    expect(await roundTrip('GEOGRAPHY', '{"type":"LineString","coordinates":[[0,0],[1.5,2]]}')).toBe(
      'LINESTRING(0 0, 1.5 2)',
    );
  });

  it('JSON from text or objects, canonicalised', async () => {
    expect(await roundTrip('JSON', '{ "b": 1, "a": [true, null, 12345678901234567890] }')).toBe(
      '{"a":[true,null,12345678901234567890],"b":1}',
    );
    expect(await roundTrip('JSON', { z: 1, y: 'x' })).toBe('{"y":"x","z":1}');
  });

  it('RECORD and REPEATED, nested', async () => {
    const r = await table([
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      {
        name: 'rec',
        type: 'RECORD',
        fields: [
          { name: 'a', type: 'INT64' },
          {
            name: 'pts',
            type: 'RECORD',
            mode: 'REPEATED',
            fields: [
              { name: 'g', type: 'GEOGRAPHY' },
              { name: 'j', type: 'JSON' },
            ],
          },
        ],
      },
    ]);
    const res = await engine.insertRows(
      r,
      [
        {
          tags: ['x', 'y'],
          rec: {
            a: '5',
            pts: [
              { g: 'POINT(0 0)', j: '[1]' },
              { g: null, j: null },
            ],
          },
        },
        { tags: null },
      ],
      {},
    );
    expect(res).toEqual({ insertErrors: [], inserted: 2 });
    const rows = await engine.listRows(r, {});
    expect(rows.rows.map((row) => row.f.map((c) => plain(c.v)))).toEqual([
      [
        ['x', 'y'],
        [
          '5',
          [
            ['POINT(0 0)', '[1]'],
            [null, null],
          ],
        ],
      ],
      [[], null],
    ]);
  });
});

describe('errors', () => {
  it('a bad value names the field and value; valid rows are "stopped" and nothing is stored', async () => {
    const r = await table([
      { name: 'id', type: 'INT64' },
      { name: 'ts', type: 'TIMESTAMP' },
    ]);
    const res = await engine.insertRows(r, [{ id: 1 }, { id: 'abc' }, { id: 3, ts: 'yesterday' }], {});
    expect(res.inserted).toBe(0);
    expect(res.insertErrors).toEqual([
      { index: 0, errors: [{ reason: 'stopped', location: '', message: '' }] },
      {
        index: 1,
        errors: [{ reason: 'invalid', location: 'id', message: expect.stringContaining('abc') as unknown as string }],
      },
      {
        index: 2,
        errors: [
          { reason: 'invalid', location: 'ts', message: expect.stringContaining('yesterday') as unknown as string },
        ],
      },
    ]);
    expect((await engine.tableStats(r)).numRows).toBe(0);
  });

  it('skipInvalidRows stores the valid rows and reports only the bad ones', async () => {
    const r = await table([{ name: 'id', type: 'INT64' }]);
    const res = await engine.insertRows(r, [{ id: 1 }, { id: 'x' }, { id: 3 }], { skipInvalidRows: true });
    expect(res.inserted).toBe(2);
    expect(res.insertErrors.map((e) => e.index)).toEqual([1]);
    expect((await engine.tableStats(r)).numRows).toBe(2);
  });

  it('unknown fields are errors unless ignoreUnknownValues', async () => {
    const r = await table([
      { name: 'id', type: 'INT64' },
      { name: 'rec', type: 'RECORD', fields: [{ name: 'a', type: 'STRING' }] },
    ]);
    const bad = await engine.insertRows(r, [{ id: 1, extra: 2, rec: { a: 'x', b: 1 } }], {});
    expect(bad.insertErrors[0]?.errors.map((e) => e.location)).toEqual(['extra', 'rec.b']);
    const ok = await engine.insertRows(r, [{ id: 1, extra: 2, rec: { a: 'x', b: 1 } }], { ignoreUnknownValues: true });
    expect(ok).toEqual({ insertErrors: [], inserted: 1 });
  });

  it('missing REQUIRED fields (top-level and nested) are errors', async () => {
    const r = await table([
      { name: 'id', type: 'INT64', mode: 'REQUIRED' },
      { name: 'rec', type: 'RECORD', fields: [{ name: 'a', type: 'STRING', mode: 'REQUIRED' }] },
    ]);
    const res = await engine.insertRows(r, [{ rec: {} }], {});
    expect(res.insertErrors[0]?.errors.map((e) => [e.location, e.message])).toEqual([
      ['rec.a', 'Missing required field: rec.a.'],
      ['id', 'Missing required field: id.'],
    ]);
  });

  it('arrays cannot hold NULL; scalars cannot be arrays; out-of-range values fail', async () => {
    const r = await table([
      { name: 'arr', type: 'INT64', mode: 'REPEATED' },
      { name: 'i', type: 'INT64' },
      { name: 'd', type: 'DATE' },
      { name: 'n', type: 'NUMERIC' },
    ]);
    const res = await engine.insertRows(
      r,
      [{ arr: [1, null] }, { i: [1] }, { i: '9223372036854775808' }, { d: '2024-02-30' }, { n: '1e30' }],
      { skipInvalidRows: true },
    );
    expect(res.insertErrors.map((e) => [e.index, e.errors[0]?.location])).toEqual([
      [0, 'arr'],
      [1, 'i'],
      [2, 'i'],
      [3, 'd'],
      [4, 'n'],
    ]);
  });

  it('unknown tables are 404', async () => {
    await expect(engine.insertRows(ref('ins', 'missing'), [{ a: 1 }], {})).rejects.toMatchObject({ httpStatus: 404 });
  });
});

describe('listRows', () => {
  it('pages with startIndex/maxResults in insertion order and selects fields', async () => {
    const r = await table([
      { name: 'i', type: 'INT64' },
      { name: 's', type: 'STRING' },
    ]);
    await engine.insertRows(
      r,
      Array.from({ length: 10 }, (_, i) => ({ i, s: `s${i}` })),
      {},
    );
    const page = await engine.listRows(r, { startIndex: 3, maxResults: 4, selectedFields: ['s'] });
    expect(page.totalRows).toBe(10);
    expect(page.schema.fields.map((f) => f.name)).toEqual(['s']);
    expect(page.rows.map((row) => row.f[0]?.v)).toEqual(['s3', 's4', 's5', 's6']);
  });

  it('handles a large batch quickly (appender path)', async () => {
    const r = await table([
      { name: 'i', type: 'INT64' },
      { name: 's', type: 'STRING' },
      { name: 'ts', type: 'TIMESTAMP' },
    ]);
    const rows = Array.from({ length: 20000 }, (_, i) => ({
      i,
      s: `row ${i}`,
      ts: new Date(1_700_000_000_000 + i).toISOString(),
    }));
    const res = await engine.insertRows(r, rows, {});
    expect(res.inserted).toBe(20000);
    expect((await engine.tableStats(r)).numRows).toBe(20000);
  });
});
