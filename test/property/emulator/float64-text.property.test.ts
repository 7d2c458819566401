/**
 * Property: the fast FLOAT64 wire text equals the rule written out step by step
 * (`formatFloat64Reference`) for every double: NaN, ±Infinity, ±0, subnormals, both ends of
 * the exponent range, whole numbers, the edges of the plain-notation range, and arbitrary
 * bit patterns. The text also reads back as the same double (the digits are shortest
 * round-trip, so nothing is lost on the wire).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFloat64, formatFloat64Reference, parseFloat64 } from '../../../emulator/types/numbers.js';

/** Any 64-bit pattern read as a double: every sign, exponent and mantissa, NaN payloads too. */
const anyBits = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((bits) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
});

/** A decimal with few digits at any power of ten: ties between notations show up here. */
const scaledDecimal = fc
  .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: -330, max: 310 }))
  .map(([digits, exp]) => Number(`${digits}e${exp}`));

/** Values next to where the notation switches (1e-3 and 1e7), one ulp either side. */
const edges = fc
  .constantFrom(1e-3, 1e7, 1e-7, 1e21, 1e-6, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** -1022, 2 ** 53)
  .chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -3, max: 3 }), fc.boolean()))
  .map(([x, ulps, negative]) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    view.setBigUint64(0, view.getBigUint64(0) + BigInt(ulps));
    const y = view.getFloat64(0);
    return negative ? -y : y;
  });

const doubles = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, ±0, subnormals and extreme exponents
  anyBits,
  scaledDecimal,
  edges,
  fc.integer().map((n) => n), // whole numbers print with ".0" or as d.dE7+
  fc.maxSafeInteger().map((n) => n),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1, -1, 0.1, 1e-5),
);

describe('formatFloat64', () => {
  it('equals the step-by-step rule for every double', () => {
    fc.assert(
      fc.property(doubles, (x) => {
        expect(formatFloat64(x)).toBe(formatFloat64Reference(x));
      }),
      { numRuns: 50_000 },
    );
  });

  it('reads back as the same double', () => {
    fc.assert(
      fc.property(doubles, (x) => {
        expect(Object.is(parseFloat64(formatFloat64(x)), x)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('spells the boundary cases like BigQuery', () => {
    expect(
      [
        0, -0, 1e-5, 5e-324, 1e-3, 9.999999999999998e-4, 1e7, 9999999.999999998, 123456789, -1e21,
        1.7976931348623157e308,
      ].map(formatFloat64),
    ).toEqual([
      '0.0',
      '-0.0',
      '1.0E-5',
      '5.0E-324',
      '0.001',
      '9.999999999999998E-4',
      '1.0E7',
      '9999999.999999998',
      '1.23456789E8',
      '-1.0E21',
      '1.7976931348623157E308',
    ]);
  });
});
