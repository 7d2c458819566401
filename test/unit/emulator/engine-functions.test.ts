/**
 * GoogleSQL functions through the engine. Expected values are the examples in BigQuery's
 * public function reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../emulator/engine/contract.js';
import { firstRow, newEngine, param, plain, q, scalar } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('FARM_FINGERPRINT', () => {
  it('reproduces the documented example (CTE, UNION ALL, CAST, CONCAT)', async () => {
    const r = await q(
      engine,
      `WITH example AS (
         SELECT 1 AS x, "foo" AS y, true AS z UNION ALL
         SELECT 2 AS x, "apple" AS y, false AS z UNION ALL
         SELECT 3 AS x, "" AS y, true AS z
       )
       SELECT *, FARM_FINGERPRINT(CONCAT(CAST(x AS STRING), y, CAST(z AS STRING))) AS row_fingerprint
       FROM example ORDER BY x`,
    );
    expect(r.rows.map((row) => row.f[3]?.v)).toEqual([
      '-1541654101129638711',
      '2794438866806483259',
      '-4880158226897771312',
    ]);
    expect(r.schema?.fields.map((f) => [f.name, f.type])).toEqual([
      ['x', 'INTEGER'],
      ['y', 'STRING'],
      ['z', 'BOOLEAN'],
      ['row_fingerprint', 'INTEGER'],
    ]);
  });

  it('hashes BYTES like the same STRING and returns NULL for NULL', async () => {
    expect(await scalar(engine, `FARM_FINGERPRINT(b'1footrue')`)).toBe('-1541654101129638711');
    expect(await scalar(engine, 'FARM_FINGERPRINT(CAST(NULL AS STRING))')).toBeNull();
  });

  it('works as an aggregate input (BIT_XOR) for table checksums', async () => {
    const r = await scalar(engine, `BIT_XOR(FARM_FINGERPRINT(s)) FROM UNNEST(['1footrue', '3true']) AS s`);
    expect(BigInt(r as string)).toBe(-1541654101129638711n ^ -4880158226897771312n);
  });
});

describe('timestamp functions', () => {
  it('UNIX_MICROS / UNIX_MILLIS / UNIX_SECONDS', async () => {
    const r = await q(
      engine,
      `SELECT UNIX_MICROS(TIMESTAMP "2008-12-25 15:30:00+00"), UNIX_MILLIS(TIMESTAMP "2008-12-25 15:30:00+00"), UNIX_SECONDS(TIMESTAMP "2008-12-25 15:30:00+00")`,
    );
    expect(firstRow(r)).toEqual(['1230219000000000', '1230219000000', '1230219000']);
  });

  it('UNIX_MILLIS rounds down before the epoch', async () => {
    expect(await scalar(engine, `UNIX_MILLIS(TIMESTAMP '1969-12-31 23:59:59.9995+00')`)).toBe('-1');
  });

  it('TIMESTAMP_MICROS / MILLIS / SECONDS', async () => {
    const r = await q(
      engine,
      'SELECT TIMESTAMP_MICROS(1230219000000000), TIMESTAMP_MILLIS(1230219000000), TIMESTAMP_SECONDS(1230219000)',
    );
    expect(firstRow(r)).toEqual(['1230219000000000', '1230219000000000', '1230219000000000']);
    expect(r.schema?.fields.every((f) => f.type === 'TIMESTAMP')).toBe(true);
  });

  it('TIMESTAMP_ADD / TIMESTAMP_SUB with INTERVAL', async () => {
    const r = await q(
      engine,
      `SELECT TIMESTAMP_ADD(TIMESTAMP "2008-12-25 15:30:00+00", INTERVAL 10 MINUTE), TIMESTAMP_SUB(TIMESTAMP "2008-12-25 15:30:00+00", INTERVAL 10 MINUTE)`,
    );
    expect(firstRow(r)).toEqual([String(1230219000000000n + 600_000_000n), String(1230219000000000n - 600_000_000n)]);
  });

  it('TIMESTAMP_DIFF truncates toward zero', async () => {
    expect(
      await scalar(
        engine,
        `TIMESTAMP_DIFF(TIMESTAMP "2010-07-07 10:20:00+00", TIMESTAMP "2008-12-25 15:30:00+00", HOUR)`,
      ),
    ).toBe('13410');
    expect(await scalar(engine, `TIMESTAMP_DIFF(TIMESTAMP "2018-08-14", TIMESTAMP "2018-10-14", DAY)`)).toBe('-61');
    expect(
      await scalar(engine, `TIMESTAMP_DIFF(TIMESTAMP "2001-02-01 01:00:00", TIMESTAMP "2001-02-01 00:00:01", HOUR)`),
    ).toBe('0');
  });

  it('TIMESTAMP_TRUNC with and without a time zone', async () => {
    const utc = await scalar(engine, `TIMESTAMP_TRUNC(TIMESTAMP "2008-12-25 15:30:00+00", DAY, "UTC")`);
    const la = await scalar(engine, `TIMESTAMP_TRUNC(TIMESTAMP "2008-12-25 15:30:00+00", DAY, "America/Los_Angeles")`);
    expect(utc).toBe(String(Date.UTC(2008, 11, 25) * 1000));
    expect(la).toBe(String(Date.UTC(2008, 11, 25, 8) * 1000));
    const week = await scalar(
      engine,
      `TIMESTAMP_TRUNC(TIMESTAMP "2017-11-06 00:00:00+12", WEEK(MONDAY), "Pacific/Auckland")`,
    );
    expect(week).toBe(String(Date.UTC(2017, 10, 5, 11) * 1000));
    // WEEK starts on Sunday: 2024-01-10 (Wednesday) -> 2024-01-07.
    expect(await scalar(engine, `TIMESTAMP_TRUNC(TIMESTAMP '2024-01-10 12:00:00+00', WEEK)`)).toBe(
      String(Date.UTC(2024, 0, 7) * 1000),
    );
  });

  it('FORMAT_TIMESTAMP with GoogleSQL format elements', async () => {
    const ts = `TIMESTAMP "2050-12-25 15:30:55+00"`;
    expect(await scalar(engine, `FORMAT_TIMESTAMP("%c", ${ts}, "UTC")`)).toBe('Sun Dec 25 15:30:55 2050');
    expect(await scalar(engine, `FORMAT_TIMESTAMP("%b-%d-%Y", ${ts})`)).toBe('Dec-25-2050');
    expect(await scalar(engine, `FORMAT_TIMESTAMP("%b %Y", ${ts})`)).toBe('Dec 2050');
    expect(await scalar(engine, `FORMAT_TIMESTAMP("%Y-%m-%dT%H:%M:%SZ", TIMESTAMP "2050-12-25 15:30:55", "UTC")`)).toBe(
      '2050-12-25T15:30:55Z',
    );
    expect(
      await scalar(
        engine,
        `FORMAT_TIMESTAMP("%Y-%m-%d %H:%M:%E6S%Ez", TIMESTAMP "2024-03-01 12:00:00.123456+00", "+05:30")`,
      ),
    ).toBe('2024-03-01 17:30:00.123456+05:30');
  });

  it('PARSE_TIMESTAMP parses what FORMAT_TIMESTAMP writes', async () => {
    expect(await scalar(engine, `PARSE_TIMESTAMP("%Y-%m-%d %H:%M:%E6S", "2024-03-01 12:00:00.123456")`)).toBe(
      '1709294400123456',
    );
  });

  it('CURRENT_TIMESTAMP() is a TIMESTAMP near now', async () => {
    const r = await q(engine, 'SELECT CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP');
    expect(Math.abs(Number(firstRow(r)[0]) / 1000 - Date.now())).toBeLessThan(60_000);
    expect(r.schema?.fields[0]?.type).toBe('TIMESTAMP');
  });

  it('TIMESTAMP(string) and typed literals keep microseconds', async () => {
    expect(await scalar(engine, `TIMESTAMP("2023-11-14T22:13:20.123456Z")`)).toBe('1700000000123456');
    expect(await scalar(engine, `TIMESTAMP '2023-11-14 22:13:20.123456 UTC'`)).toBe('1700000000123456');
  });

  it('EXTRACT parts', async () => {
    const r = await q(
      engine,
      `SELECT EXTRACT(YEAR FROM TIMESTAMP '2024-01-07 10:20:30.456789+00'), EXTRACT(DAYOFWEEK FROM DATE '2024-01-07'), EXTRACT(MILLISECOND FROM TIMESTAMP '2024-01-07 10:20:30.456789+00'), EXTRACT(DATE FROM TIMESTAMP '2024-01-07 10:20:30+00')`,
    );
    expect(firstRow(r)).toEqual(['2024', '1', '456', '2024-01-07']);
  });

  it('DATE functions', async () => {
    expect(await scalar(engine, `DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY)`)).toBe('559');
    expect(await scalar(engine, `DATE_ADD(DATE '2008-12-25', INTERVAL 5 DAY)`)).toBe('2008-12-30');
    expect(await scalar(engine, `DATE_TRUNC(DATE '2008-12-25', MONTH)`)).toBe('2008-12-01');
    expect(await scalar(engine, `FORMAT_DATE('%x', DATE '2008-12-25')`)).toBe('12/25/08');
  });
});

describe('scalar functions', () => {
  it('MOD follows the sign of the dividend; ABS; DIV', async () => {
    const r = await q(engine, 'SELECT MOD(25, 12), MOD(-25, 12), ABS(-7), DIV(-7, 2)');
    expect(firstRow(r)).toEqual(['1', '-1', '7', '-3']);
  });

  it('CONCAT is NULL when an argument is NULL', async () => {
    expect(await scalar(engine, `CONCAT('T.P.', ' ', 'Bar')`)).toBe('T.P. Bar');
    expect(await scalar(engine, `CONCAT('a', NULL)`)).toBeNull();
  });

  it('COALESCE, IFNULL, IF, NULLIF', async () => {
    const r = await q(engine, `SELECT COALESCE(NULL, 'b', 'c'), IFNULL(NULL, 0), IF(1 > 0, 'yes', 'no'), NULLIF(0, 0)`);
    expect(firstRow(r)).toEqual(['b', '0', 'yes', null]);
  });

  it('CAST and SAFE_CAST with GoogleSQL type names', async () => {
    const r = await q(
      engine,
      `SELECT CAST('12' AS INT64), SAFE_CAST('apple' AS INT64), CAST(1 AS STRING), CAST('1.25' AS NUMERIC), CAST('2024-01-02' AS DATE), CAST(TRUE AS STRING)`,
    );
    expect(firstRow(r)).toEqual(['12', null, '1', '1.25', '2024-01-02', 'true']);
    expect(r.schema?.fields.map((f) => f.type)).toEqual(['INTEGER', 'INTEGER', 'STRING', 'NUMERIC', 'DATE', 'STRING']);
  });

  it('GENERATE_UUID returns a v4 UUID string', async () => {
    expect(await scalar(engine, 'GENERATE_UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('TO_JSON_STRING of structs and arrays', async () => {
    expect(await scalar(engine, 'TO_JSON_STRING(STRUCT(1 AS id, [10, 20] AS coordinates))')).toBe(
      '{"id":1,"coordinates":[10,20]}',
    );
    expect(
      await scalar(
        engine,
        `TO_JSON_STRING(STRUCT(TIMESTAMP '2017-03-06 12:34:56.789012+00' AS t, b'abc' AS b, NUMERIC '1.50' AS n))`,
      ),
    ).toBe('{"t":"2017-03-06T12:34:56.789012Z","b":"YWJj","n":1.5}');
  });

  it('string functions', async () => {
    const r = await q(
      engine,
      `SELECT LOWER('ABC'), UPPER('abc'), LENGTH('héllo'), SUBSTR('apple', 2, 2), STRPOS('foo@example.com', '@'), REPLACE('aXbX', 'X', '-'), TRIM('  x  '), STARTS_WITH('apple', 'ap'), REGEXP_CONTAINS('foo123', r'\\d+'), REGEXP_EXTRACT('foo@example.com', r'^([^@]+)@'), SPLIT('a,b,c')`,
    );
    expect(firstRow(r).map(plain)).toEqual([
      'abc',
      'ABC',
      '5',
      'pp',
      '4',
      'a-b-',
      'x',
      'true',
      'true',
      'foo',
      ['a', 'b', 'c'],
    ]);
  });

  it('GREATEST / LEAST are NULL when any argument is NULL', async () => {
    expect(firstRow(await q(engine, 'SELECT GREATEST(1, 3, 2), LEAST(1, NULL)'))).toEqual(['3', null]);
  });

  it('arrays: literals, OFFSET/ORDINAL, ARRAY_LENGTH, GENERATE_ARRAY, IN UNNEST', async () => {
    const r = await q(
      engine,
      `SELECT [1, 2, 3][OFFSET(1)], [1, 2, 3][ORDINAL(1)], ARRAY_LENGTH([1, 2]), GENERATE_ARRAY(1, 3), 2 IN UNNEST([1, 2]), ARRAY<INT64>[]`,
    );
    expect(firstRow(r).map(plain)).toEqual(['2', '1', '2', ['1', '2', '3'], 'true', []]);
  });

  it('STRUCT constructors keep field names', async () => {
    const r = await q(engine, `SELECT STRUCT(1 AS a, 'x' AS b) AS s, STRUCT(5, 6) AS anon`);
    expect(r.schema?.fields[0]).toEqual({
      name: 's',
      type: 'RECORD',
      mode: 'NULLABLE',
      fields: [
        { name: 'a', type: 'INTEGER', mode: 'NULLABLE' },
        { name: 'b', type: 'STRING', mode: 'NULLABLE' },
      ],
    });
    expect(r.schema?.fields[1]?.fields?.map((f) => f.name)).toEqual(['_field_1', '_field_2']);
    expect(firstRow(r).map(plain)).toEqual([
      ['1', 'x'],
      ['5', '6'],
    ]);
  });

  it('anonymous result columns are named f0_, f1_, ...', async () => {
    const r = await q(engine, 'SELECT 1, 2 AS two, 3');
    expect(r.schema?.fields.map((f) => f.name)).toEqual(['f0_', 'two', 'f1_']);
  });

  it('float literals are FLOAT64 and NaN/Infinity print like BigQuery', async () => {
    const r = await q(
      engine,
      `SELECT 1.5, CAST('NaN' AS FLOAT64), CAST('inf' AS FLOAT64), -CAST('inf' AS FLOAT64), 1e21, 100.0`,
    );
    expect(r.schema?.fields[0]?.type).toBe('FLOAT');
    expect(firstRow(r)).toEqual(['1.5', 'NaN', 'Infinity', '-Infinity', '1.0E21', '100.0']);
  });
});

describe('parameters', () => {
  it('binds named parameters of every scalar type exactly', async () => {
    const r = await q(engine, 'SELECT @i, @f, @n, @bn, @b, @s, @by, @d, @dt, @t, @ts, @j', {
      queryParameters: [
        param('i', 'INT64', '-9223372036854775808'),
        param('f', 'FLOAT64', '-Infinity'),
        param('n', 'NUMERIC', '-99999999999999999999999999999.999999999'),
        param('bn', 'BIGNUMERIC', '578960446186580977117854925043439539266.34992332820282019728792003956564819967'),
        param('b', 'BOOL', 'true'),
        param('s', 'STRING', 'héllo ☃'),
        param('by', 'BYTES', 'AAEC/w=='),
        param('d', 'DATE', '0001-01-01'),
        param('dt', 'DATETIME', '9999-12-31 23:59:59.999999'),
        param('t', 'TIME', '12:34:56.000001'),
        param('ts', 'TIMESTAMP', '2023-11-14 22:13:20.123456+00:00'),
        param('j', 'JSON', '{"b": 2, "a": 1}'),
      ],
    });
    expect(firstRow(r)).toEqual([
      '-9223372036854775808',
      '-Infinity',
      '-99999999999999999999999999999.999999999',
      '578960446186580977117854925043439539266.34992332820282019728792003956564819967',
      'true',
      'héllo ☃',
      'AAEC/w==',
      '0001-01-01',
      '9999-12-31T23:59:59.999999',
      '12:34:56.000001',
      '1700000000123456',
      '{"a":1,"b":2}',
    ]);
    expect(r.schema?.fields.map((f) => f.type)).toEqual([
      'INTEGER',
      'FLOAT',
      'NUMERIC',
      'BIGNUMERIC',
      'BOOLEAN',
      'STRING',
      'BYTES',
      'DATE',
      'DATETIME',
      'TIME',
      'TIMESTAMP',
      'JSON',
    ]);
  });

  it('binds typed NULLs, ARRAY and STRUCT parameters', async () => {
    const r = await q(engine, 'SELECT @n, @arr, @st', {
      queryParameters: [
        param('n', 'TIMESTAMP', null),
        {
          name: 'arr',
          parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } },
          parameterValue: { arrayValues: [{ value: 'a' }, { value: 'b' }] },
        },
        {
          name: 'st',
          parameterType: {
            type: 'STRUCT',
            structTypes: [
              { name: 'x', type: { type: 'INT64' } },
              { name: 'y', type: { type: 'DATE' } },
            ],
          },
          parameterValue: { structValues: { x: { value: '7' }, y: { value: '2024-02-29' } } },
        },
      ],
    });
    expect(firstRow(r).map(plain)).toEqual([null, ['a', 'b'], ['7', '2024-02-29']]);
    expect(r.schema?.fields.map((f) => [f.type, f.mode])).toEqual([
      ['TIMESTAMP', 'NULLABLE'],
      ['STRING', 'REPEATED'],
      ['RECORD', 'NULLABLE'],
    ]);
  });

  it('binds positional parameters', async () => {
    const r = await q(engine, 'SELECT ? + 1, ?', {
      parameterMode: 'POSITIONAL',
      queryParameters: [
        { parameterType: { type: 'INT64' }, parameterValue: { value: '41' } },
        { parameterType: { type: 'STRING' }, parameterValue: { value: 'x' } },
      ],
    });
    expect(firstRow(r)).toEqual(['42', 'x']);
  });

  it('rejects a missing parameter and a bad value', async () => {
    await expect(q(engine, 'SELECT @nope')).rejects.toMatchObject({ httpStatus: 400, reason: 'invalidQuery' });
    await expect(q(engine, 'SELECT @x', { queryParameters: [param('x', 'INT64', '1.5')] })).rejects.toMatchObject({
      httpStatus: 400,
    });
  });
});
