/** Pure type helpers: dates/timestamps, decimals, FLOAT64 text, JSON and GEOGRAPHY normalisation, format elements. */
import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  formatDatetime,
  formatTime,
  parseDate,
  parseDatetime,
  parseTime,
  parseTimestamp,
} from '../../../emulator/types/datetime.js';
import { formatTimestamp, parseTimestampFormat } from '../../../emulator/types/formatting.js';
import { formatWkt, parseGeography, wkbToWkt } from '../../../emulator/types/geography.js';
import { canonicalJsonText } from '../../../emulator/types/json.js';
import {
  BIGNUMERIC,
  formatFloat64,
  formatScaled,
  NUMERIC,
  parseFloat64,
  parseInt64,
  parseScaled,
} from '../../../emulator/types/numbers.js';
import { normalizeSchema } from '../../../emulator/types/schema.js';
import { timestampSeconds } from '../../../emulator/types/wire.js';

describe('dates and times', () => {
  it('civil day numbers match JS Date across the BigQuery range', () => {
    for (const iso of ['0001-01-01', '1582-10-15', '1969-12-31', '1970-01-01', '2000-02-29', '9999-12-31']) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(daysFromCivil(y, m, d)).toBe(Math.round(new Date(`${iso}T00:00:00Z`).getTime() / 86_400_000));
    }
  });

  it('parses TIMESTAMP input forms to exact microseconds', () => {
    expect(parseTimestamp('2023-11-14T22:13:20.123456Z')).toBe(1700000000123456n);
    expect(parseTimestamp('2023-11-14 17:13:20.123456-05:00')).toBe(1700000000123456n);
    expect(parseTimestamp('2023-11-14 22:13:20.123456+00')).toBe(1700000000123456n);
    expect(parseTimestamp('2023-11-14 22:13:20.123456 UTC')).toBe(1700000000123456n);
    expect(parseTimestamp('2023-11-14 17:13:20.123456 America/New_York')).toBe(1700000000123456n);
    expect(parseTimestamp('2023-11-14')).toBe(1699920000000000n);
    expect(parseTimestamp('0001-01-01 00:00:00')).toBe(-62135596800000000n);
    expect(parseTimestamp('2023-13-01')).toBeUndefined();
    expect(parseTimestamp('not a time')).toBeUndefined();
  });

  it('parses and prints DATE, DATETIME, TIME the REST way', () => {
    expect(parseDate('2024-2-29')).toBe(19782);
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(formatDatetime(parseDatetime('2024-02-29 01:02:03.45') as bigint)).toBe('2024-02-29T01:02:03.450000');
    expect(formatTime(parseTime('7:08:09') as bigint)).toBe('07:08:09');
    expect(parseTime('24:00:00')).toBeUndefined();
  });

  it('prints float-second timestamps like BigQuery', () => {
    expect(timestampSeconds(1700000000123456n)).toBe('1.700000000123456E9');
    expect(timestampSeconds(0n)).toBe('0.0');
    expect(timestampSeconds(-1500000n)).toBe('-1.5');
  });
});

describe('numbers', () => {
  it('NUMERIC/BIGNUMERIC are exact scaled integers with range checks and half-away rounding', () => {
    expect(parseScaled('99999999999999999999999999999.999999999', NUMERIC)).toBe(10n ** 38n - 1n);
    expect(parseScaled('100000000000000000000000000000', NUMERIC)).toBeUndefined();
    expect(parseScaled('1.5e-9', NUMERIC)).toBe(2n);
    expect(parseScaled('-0.0000000005', NUMERIC)).toBe(-1n);
    expect(parseScaled('12abc', NUMERIC)).toBeUndefined();
    expect(formatScaled(parseScaled('-1.10', NUMERIC) as bigint, 9)).toBe('-1.1');
    expect(
      parseScaled('578960446186580977117854925043439539266.34992332820282019728792003956564819967', BIGNUMERIC),
    ).toBe(2n ** 255n - 1n);
    expect(
      parseScaled('578960446186580977117854925043439539266.34992332820282019728792003956564819968', BIGNUMERIC),
    ).toBeUndefined();
  });

  it('INT64 never passes through a float', () => {
    expect(parseInt64('9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(parseInt64('9223372036854775808')).toBeUndefined();
    expect(parseInt64(2 ** 53)).toBeUndefined();
    expect(parseInt64('0x10')).toBe(16n);
    expect(parseInt64('1.0')).toBeUndefined();
  });

  it('FLOAT64 text follows BigQuery (Java-style notation, NaN/Infinity)', () => {
    expect([1, 1.5, 100, 1e7, 1234567.5, 0.001, 0.0001, 1e21, -2.5e-7].map(formatFloat64)).toEqual([
      '1.0',
      '1.5',
      '100.0',
      '1.0E7',
      '1234567.5',
      '0.001',
      '1.0E-4',
      '1.0E21',
      '-2.5E-7',
    ]);
    expect([NaN, Infinity, -Infinity].map(formatFloat64)).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(parseFloat64('-Infinity')).toBe(-Infinity);
    expect(parseFloat64('1e400')).toBe(Infinity);
    expect(parseFloat64('abc')).toBeUndefined();
  });
});

describe('JSON', () => {
  it('drops whitespace, sorts keys, keeps the first duplicate and int64 precision', () => {
    expect(canonicalJsonText(' { "b" : [1, 2.50, 1e2], "a": {"y": null, "x": "é"}, "b": 0 } ')).toBe(
      '{"a":{"x":"é","y":null},"b":[1,2.5,100]}',
    );
    expect(canonicalJsonText('9223372036854775807')).toBe('9223372036854775807');
    expect(canonicalJsonText('{"a":')).toBeInstanceOf(Error);
  });
});

describe('GEOGRAPHY', () => {
  it('normalises WKT and GeoJSON and validates coordinates', () => {
    const ok = (s: unknown): string => {
      const g = parseGeography(s);
      if (g instanceof Error) throw g;
      return formatWkt(g);
    };
    expect(ok('point ( -122.35  47.62 )')).toBe('POINT(-122.35 47.62)');
    expect(ok('MULTIPOINT((1 2), (3 4))')).toBe('MULTIPOINT(1 2, 3 4)');
    expect(ok('POLYGON((0 0, 1 0, 1 1, 0 0))')).toBe('POLYGON((0 0, 1 0, 1 1, 0 0))');
    expect(ok({ type: 'Point', coordinates: [1, 2] })).toBe('POINT(1 2)');
    expect(ok('GEOMETRYCOLLECTION EMPTY')).toBe('GEOMETRYCOLLECTION EMPTY');
    expect(parseGeography('POINT(200 0)')).toBeInstanceOf(Error);
    expect(parseGeography('POLYGON((0 0, 1 0, 1 1))')).toBeInstanceOf(Error);
  });

  it('decodes WKB (what DuckDB GEOMETRY stores)', () => {
    const buf = Buffer.alloc(21);
    buf.writeUInt8(1, 0);
    buf.writeUInt32LE(1, 1);
    buf.writeDoubleLE(1.5, 5);
    buf.writeDoubleLE(-2, 13);
    expect(wkbToWkt(new Uint8Array(buf))).toBe('POINT(1.5 -2)');
  });
});

describe('format elements', () => {
  const ts = BigInt(Date.UTC(2050, 11, 25, 15, 30, 55)) * 1000n;
  it('formats like the documented FORMAT_TIMESTAMP examples', () => {
    expect(formatTimestamp('%c', ts)).toBe('Sun Dec 25 15:30:55 2050');
    expect(formatTimestamp('%b-%d-%Y', ts)).toBe('Dec-25-2050');
    expect(formatTimestamp('%Y-%m-%dT%H:%M:%E3SZ', ts + 123456n)).toBe('2050-12-25T15:30:55.123Z');
    expect(formatTimestamp('%E*S|%j|%u|%A|%Q|%Z|%z', ts + 500000n, 'America/New_York')).toBe(
      '55.5|359|7|Sunday|4|America/New_York|-0500',
    );
  });

  it('parses back', () => {
    expect(parseTimestampFormat('%Y-%m-%d %H:%M:%S', '2050-12-25 15:30:55')).toBe(ts);
    expect(parseTimestampFormat('%d/%m/%Y %I:%M %p', '25/12/2050 03:30 PM')).toBe(ts - 55_000_000n);
    expect(parseTimestampFormat('%Y-%m-%d', 'nope')).toBeUndefined();
  });
});

describe('schemas', () => {
  it('normalises type aliases and modes, rejects bad names and duplicates', () => {
    expect(
      normalizeSchema({
        fields: [
          { name: 'a', type: 'INTEGER' },
          { name: 'r', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'b', type: 'BOOLEAN' }] },
        ],
      }),
    ).toEqual([
      { name: 'a', type: 'INT64', mode: 'NULLABLE', fields: [] },
      {
        name: 'r',
        type: 'STRUCT',
        mode: 'REPEATED',
        fields: [{ name: 'b', type: 'BOOL', mode: 'NULLABLE', fields: [] }],
      },
    ]);
    expect(() => normalizeSchema({ fields: [{ name: '1a', type: 'STRING' }] })).toThrow(/Invalid field name/);
    expect(() => normalizeSchema({ fields: [{ name: 'r', type: 'RECORD' }] })).toThrow(/no schema/);
  });
});
