import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatG } from '../../../streams/validate/canonical.js';

/** The rule spelled out slowly: the exact decimal expansion, rounded half to even. */
function slowMantissa(x: number, digits: number): { mantissa: string; exponent: number } {
  const [m, e] = x.toExponential(100).split('e') as [string, string];
  const all = m.replace('.', '');
  const down = all.slice(0, digits);
  const rest = all.slice(digits);
  const tie = /^50*$/.test(rest);
  const up = tie ? Number(down[digits - 1]) % 2 === 1 : rest[0]! >= '5';
  if (!up) return { mantissa: down, exponent: Number(e) };
  const bumped = (BigInt(down) + 1n).toString();
  return bumped.length > digits
    ? { mantissa: bumped.slice(0, digits), exponent: Number(e) + 1 }
    : { mantissa: bumped, exponent: Number(e) };
}

/** Significant digits (padded to `digits`) and decimal exponent of a %g text. */
function digitsOf(text: string, digits: number): { mantissa: string; exponent: number } {
  const [m, e] = text.replace(/^-/, '').split('e') as [string, string | undefined];
  const [int, frac = ''] = m.split('.') as [string, string | undefined];
  const all = (int + frac).replace(/^0+/, '');
  const exponent =
    e !== undefined ? Number(e) : int !== '0' ? int.length - 1 : -(frac.length - frac.replace(/^0+/, '').length) - 1;
  return { mantissa: all.padEnd(digits, '0'), exponent };
}

describe('formatG (printf %.Ng, ties to even)', () => {
  it('gives the digits of the exact expansion rounded half to even, for any double and any precision', () => {
    const doubles = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      // Exact ties are dyadic: k + 0.5, k/4, k/8 ... with few significant digits.
      fc
        .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }))
        .map(([k, p]) => k / 2 ** p),
    );
    fc.assert(
      fc.property(doubles, fc.integer({ min: 1, max: 17 }), (x, digits) => {
        if (x === 0) return;
        const { mantissa, exponent } = slowMantissa(Math.abs(x), digits);
        const text = formatG(x, digits);
        // Compare the digits and the magnitude, read back from the text (tested for spelling elsewhere).
        expect(digitsOf(text, digits)).toEqual({ mantissa, exponent });
      }),
      { numRuns: 20_000 },
    );
  });
});
