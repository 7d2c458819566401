import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareCursor,
  compareDecimal,
  compareUtf8,
  microsToIso,
  restoreCursor,
  storeCursor,
} from '../../../streams/cursor/cursor.js';

describe('cursor', () => {
  it('orders by timestamp, then by each key column', () => {
    const kinds = ['string', 'integer'] as const;
    expect(
      compareCursor([...kinds], { timestampMicros: 1n, key: ['b', '1'] }, { timestampMicros: 2n, key: ['a', '0'] }),
    ).toBe(-1);
    expect(
      compareCursor([...kinds], { timestampMicros: 2n, key: ['a', '10'] }, { timestampMicros: 2n, key: ['a', '9'] }),
    ).toBe(1);
    expect(
      compareCursor([...kinds], { timestampMicros: 2n, key: ['a', '9'] }, { timestampMicros: 2n, key: ['a', '9'] }),
    ).toBe(0);
  });

  it('compares strings by UTF-8 bytes like BigQuery, not by UTF-16 units', () => {
    // U+FF5E (3 UTF-8 bytes, one UTF-16 unit) sorts before U+1D518 (4 bytes, a surrogate pair) in UTF-8.
    expect(compareUtf8('\uff5e', '𝔘')).toBe(-1);
    expect('\uff5e' < '𝔘').toBe(false);
  });

  it('compares decimals exactly', () => {
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('-2.5', '-2.05')).toBe(-1);
    expect(compareDecimal('99999999999999999999999999999.000000001', '99999999999999999999999999999')).toBe(1);
  });

  it('stores and restores any cursor exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.array(fc.string()), (ts, key) => {
        const cursor = { timestampMicros: ts, key };
        expect(restoreCursor(storeCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('rejects a corrupt stored cursor, naming the field', () => {
    expect(() => restoreCursor({ cursorTimestampMicros: '1.5', cursorKey: '[]' })).toThrow(/timestamp/);
    expect(() => restoreCursor({ cursorTimestampMicros: '1', cursorKey: '{"a":1}' })).toThrow(/key/);
  });

  it('formats microseconds as RFC 3339 with six digits, before and after 1970', () => {
    expect(microsToIso(1_700_000_000_123_456n)).toBe('2023-11-14T22:13:20.123456Z');
    expect(microsToIso(-1n)).toBe('1969-12-31T23:59:59.999999Z');
  });
});
