import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMicros, parseTimestamp, toMicros } from '../../../streams/synthesizer/core/time.js';
import { Permutation } from '../../../streams/synthesizer/core/permutation.js';
import { destination, distanceM, GreatCircleArc } from '../../../streams/synthesizer/geo/geo.js';
import { Polyline } from '../../../streams/synthesizer/geo/polyline.js';

describe('microsecond timestamps', () => {
  it('formats RFC 3339 UTC with six fractional digits and parses back exactly', () => {
    expect(formatMicros(Date.UTC(2026, 0, 1) * 1000 + 123456)).toBe('2026-01-01T00:00:00.123456Z');
    expect(parseTimestamp('2026-01-01T00:00:00.123456Z')).toBe(Date.UTC(2026, 0, 1) * 1000 + 123456);
    expect(parseTimestamp('2026-01-01T01:00:00.5+01:00')).toBe(Date.UTC(2026, 0, 1) * 1000 + 500000);
    expect(toMicros(new Date(Date.UTC(2026, 0, 1)))).toBe(Date.UTC(2026, 0, 1) * 1000);
    expect(() => parseTimestamp('yesterday')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (u) => {
        const s = formatMicros(u);
        expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        expect(parseTimestamp(s)).toBe(u);
      }),
      { numRuns: 2000 },
    );
  });

  it('text order equals time order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e15 }), fc.integer({ min: 0, max: 4e15 }), (a, b) => {
        expect(formatMicros(a) < formatMicros(b)).toBe(a < b);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('seeded permutation', () => {
  it('is a bijection on [0, n) and inverts', () => {
    for (const n of [1, 7, 1000, 4097]) {
      const p = new Permutation(n, 99);
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const y = p.apply(i);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(n);
        expect(p.invert(y)).toBe(i);
        seen.add(y);
      }
      expect(seen.size).toBe(n);
    }
  });
});

describe('great-circle geometry', () => {
  it('measures known distances', () => {
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 }) / 1000).toBeCloseTo(111.2, 0);
    // London Heathrow to Paris CDG, about 348 km.
    expect(distanceM({ lat: 51.47, lon: -0.45 }, { lat: 49.01, lon: 2.55 }) / 1000).toBeGreaterThan(340);
    expect(distanceM({ lat: 51.47, lon: -0.45 }, { lat: 49.01, lon: 2.55 }) / 1000).toBeLessThan(355);
  });

  it('interpolates along the arc: distances add up', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -70, max: 70, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: 0, max: 359, noNaN: true }),
        fc.double({ min: 1_000, max: 5_000_000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lat, lon, bearing, d, f) => {
          const a = { lat, lon };
          const b = destination(a, bearing, d);
          const arc = new GreatCircleArc(a, b);
          expect(arc.lengthM).toBeCloseTo(d, -1);
          const m = arc.pointAt(f);
          expect(distanceM(a, m) + distanceM(m, b)).toBeCloseTo(arc.lengthM, -1);
          expect(distanceM(a, m)).toBeCloseTo(f * arc.lengthM, -1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts a polyline into slices that cover a distance range', () => {
    const line = new Polyline([
      { lat: 0, lon: 0 },
      { lat: 0, lon: 1 },
      { lat: 1, lon: 1 },
    ]);
    const slices = line.slices(50_000, 150_000);
    expect(slices).toHaveLength(2);
    expect(slices.reduce((s, x) => s + x.lengthM, 0)).toBeCloseTo(100_000, 3);
    expect(distanceM(line.pointAtDistance(line.lengthM), { lat: 1, lon: 1 })).toBeLessThan(0.01);
  });
});
