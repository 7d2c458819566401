import { describe, expect, it } from 'vitest';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import { timestampWireToMicros } from '../../../streams/convert/bigquery-values.js';
import type { SchemaField } from '../../../streams/convert/wire-row.js';

const fields: SchemaField[] = [
  { name: 'id', type: 'STRING' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'seen', type: 'TIMESTAMP', mode: 'REPEATED' },
];
// 2024-01-02T03:04:05.123456Z
const MICROS = 1_704_164_645_123_456n;

function convert(timestampMicros: boolean | undefined, at: string | null) {
  const c = bigQueryRowConverter({
    fields,
    key: { kind: 'columns', columns: [{ name: 'id', type: 'STRING' }] },
    numericMode: 'string',
    geographyFormat: 'wkt',
    ...(timestampMicros === undefined ? {} : { timestampMicros }),
  });
  return c({ id: 'a', at, seen: [MICROS.toString()] });
}

describe('TIMESTAMP wire value to exact microseconds', () => {
  it.each([
    ['1704164645123456', MICROS],
    ['-1', -1n],
    ['0', 0n],
    ['1.704164645123456E9', MICROS],
    ['1704164645.123456', MICROS],
    ['1704164645.1234567', MICROS], // finer than a microsecond: floored
    ['-0.0000015', -2n], // floored, not truncated toward zero
    ['-1.5E-6', -2n],
    ['2.5e2', 250_000_000n],
    ['253402300799.999999', 253_402_300_799_999_999n], // 9999-12-31T23:59:59.999999Z, beyond 2^53
  ])('%s -> %s', (wire, micros) => {
    expect(timestampWireToMicros(wire)).toBe(micros);
  });

  it.each(['', '.', 'abc', '1e', '12:00'])('rejects %j', (wire) => {
    expect(timestampWireToMicros(wire)).toBeUndefined();
  });
});

describe('the timestampMicros option of the row converter', () => {
  it('off (the default): the Date alone, in milliseconds', () => {
    for (const option of [undefined, false]) {
      const result = convert(option, MICROS.toString());
      expect(result).toEqual({
        record: { id: 'a', at: new Date('2024-01-02T03:04:05.123Z'), seen: [new Date('2024-01-02T03:04:05.123Z')] },
      });
    }
  });

  it('on: the Date plus the exact microseconds as a BigInt beside each top-level TIMESTAMP column', () => {
    expect(convert(true, MICROS.toString())).toEqual({
      record: {
        id: 'a',
        at: new Date('2024-01-02T03:04:05.123Z'),
        atMicros: MICROS,
        seen: [new Date('2024-01-02T03:04:05.123Z')],
      },
    });
    expect(convert(true, null)).toEqual({ record: { id: 'a', at: null, atMicros: null, seen: [expect.any(Date)] } });
  });

  it('on: refuses a row whose source already has the column it would add', () => {
    const c = bigQueryRowConverter({
      fields: [...fields, { name: 'atMicros', type: 'INT64' }],
      key: { kind: 'columns', columns: [{ name: 'id', type: 'STRING' }] },
      numericMode: 'string',
      geographyFormat: 'wkt',
      timestampMicros: true,
    });
    expect(c({ id: 'a', at: '1', seen: [], atMicros: '5' })).toEqual({
      error: 'column atMicros exists in the source: timestampMicros cannot add it',
    });
  });
});
