import { describe, expect, it } from 'vitest';
import { bigQueryRowConverter, SOURCE_ID_COLUMN } from '../../../streams/convert/bigquery-row-converter.js';
import { toHarperValue } from '../../../streams/convert/bigquery-values.js';
import { harperId } from '../../../streams/convert/harper-id.js';
import { restRowToObject, type SchemaField } from '../../../streams/convert/wire-row.js';

const exact = { numericMode: 'string', geographyFormat: 'wkt' } as const;
const f = (type: string, mode?: string, fields?: SchemaField[]): SchemaField => ({ name: 'c', type, mode, fields });

describe('BigQuery -> Harper values', () => {
  it('keeps INT64 exact: numbers while safe, BigInt beyond 2^53', () => {
    expect(toHarperValue(f('INT64'), '9007199254740991', exact)).toBe(9007199254740991);
    expect(toHarperValue(f('INT64'), '9007199254740993', exact)).toBe(9007199254740993n);
    expect(toHarperValue(f('INTEGER'), '-9223372036854775808', exact)).toBe(-9223372036854775808n);
  });

  it('keeps NUMERIC and BIGNUMERIC as exact strings, or numbers only when exact and asked', () => {
    expect(toHarperValue(f('NUMERIC'), '12345678901234567890.123456789', exact)).toBe('12345678901234567890.123456789');
    const safe = { ...exact, numericMode: 'number-when-safe' } as const;
    expect(toHarperValue(f('NUMERIC'), '2.5', safe)).toBe(2.5);
    expect(toHarperValue(f('NUMERIC'), '0.1', safe)).toBe(0.1);
    expect(toHarperValue(f('BIGNUMERIC'), '12345678901234567890.123456789', safe)).toBe(
      '12345678901234567890.123456789',
    );
  });

  it('turns int64-microsecond and float-second TIMESTAMPs into Dates', () => {
    expect(toHarperValue(f('TIMESTAMP'), '1700000000123456', exact)).toEqual(new Date('2023-11-14T22:13:20.123Z'));
    expect(toHarperValue(f('TIMESTAMP'), '1.700000000123E9', exact)).toEqual(new Date('2023-11-14T22:13:20.123Z'));
  });

  it('converts the other scalar types per the documented mapping', () => {
    expect(toHarperValue(f('BOOL'), 'true', exact)).toBe(true);
    expect(toHarperValue(f('FLOAT64'), '-Infinity', exact)).toBe(-Infinity);
    expect(toHarperValue(f('FLOAT64'), 'NaN', exact)).toBeNaN();
    expect(toHarperValue(f('BYTES'), 'AAH/', exact)).toEqual(Buffer.from([0, 1, 255]));
    expect(toHarperValue(f('DATE'), '2026-01-31', exact)).toBe('2026-01-31');
    expect(toHarperValue(f('DATETIME'), '2026-01-31T10:00:00.000001', exact)).toBe('2026-01-31T10:00:00.000001');
    expect(toHarperValue(f('JSON'), '{"a":[1,2]}', exact)).toEqual({ a: [1, 2] });
    expect(toHarperValue(f('GEOGRAPHY'), 'POINT(4.1 51.9)', exact)).toBe('POINT(4.1 51.9)');
    expect(toHarperValue(f('GEOGRAPHY'), 'POINT(4.1 51.9)', { ...exact, geographyFormat: 'geojson' })).toEqual({
      type: 'Point',
      coordinates: [4.1, 51.9],
    });
  });

  it('keeps RECORD nested and REPEATED as arrays', () => {
    const field = f('RECORD', 'REPEATED', [
      { name: 'n', type: 'INT64' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    ]);
    const wire = restRowToObject([field], {
      f: [{ v: [{ v: { f: [{ v: '1' }, { v: [{ v: 'x' }, { v: 'y' }] }] } }] }],
    });
    expect(toHarperValue(field, wire.c!, exact)).toEqual([{ n: 1, tags: ['x', 'y'] }]);
  });

  it('names the column and the value when a wire value is malformed', () => {
    expect(() => toHarperValue({ name: 'speed', type: 'INT64' }, '12.5', exact)).toThrow(
      'column speed (INT64): expected an integer, got "12.5"',
    );
    expect(() => toHarperValue({ name: 'doc', type: 'JSON' }, '{bad', exact)).toThrow(/column doc \(JSON\)/);
  });
});

describe('row converter', () => {
  const fields: SchemaField[] = [
    { name: 'ts', type: 'TIMESTAMP' },
    { name: 'mmsi', type: 'STRING' },
    { name: 'id', type: 'INT64' },
  ];
  const convert = bigQueryRowConverter({
    fields,
    key: {
      kind: 'columns',
      columns: [
        { name: 'mmsi', type: 'STRING' },
        { name: 'ts', type: 'TIMESTAMP' },
      ],
    },
    ...exact,
  });

  it('derives the Harper id from the key, with timestamps as RFC 3339 microseconds', () => {
    const result = convert({ ts: '1700000000123456', mmsi: '367000001', id: '5' });
    expect(result).toEqual({
      record: {
        id: '367000001|2023-11-14T22:13:20.123456Z',
        ts: new Date('2023-11-14T22:13:20.123Z'),
        mmsi: '367000001',
        [SOURCE_ID_COLUMN]: 5,
      },
    });
  });

  it('reports a NULL key column as a reason to skip the row', () => {
    expect(convert({ ts: '1', mmsi: null, id: '5' })).toEqual({ error: 'key column mmsi is NULL' });
  });

  it('builds ids that never collide for different keys', () => {
    expect(harperId(['a|b', 'c'])).not.toBe(harperId(['a', 'b|c']));
    expect(harperId(['a%7Cb'])).toBe('a%7Cb');
    expect(harperId(['a%7C', 'b'])).not.toBe(harperId(['a|', 'b']));
  });
});
