import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScenario, OPTIONAL_COLUMNS } from '../../../streams/synthesizer/index.js';
import type { VesselPositionRow } from '../../../streams/synthesizer/rows.js';
import { collect, us } from './helpers.js';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const base = {
  counts: { positions: 3000, events: 100, metadata: 60 },
  durationMs: 12 * 3_600_000,
  registrySize: 20_000,
};

describe('synthesizer: hard-case knobs do what they promise', () => {
  it("tieRate: about that share of rows repeat the previous row's exact microsecond, in groups", () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 0.2, max: 0.9, noNaN: true }), (s, rate) => {
        const rows = collect(createScenario({ ...base, hardCases: { tieRate: rate } }, s).vesselPositions$);
        expect(rows).toHaveLength(3000);
        let ties = 0;
        let longest = 1;
        let run = 1;
        for (let i = 1; i < rows.length; i++) {
          const same = rows[i]!.timestamp === rows[i - 1]!.timestamp;
          expect(rows[i]!.timestamp >= rows[i - 1]!.timestamp).toBe(true); // still time-ordered
          if (same) ties++;
          run = same ? run + 1 : 1;
          longest = Math.max(longest, run);
        }
        // Ties are skipped for a vessel already in the group, so the share may fall a little short.
        expect(ties / rows.length).toBeGreaterThan(rate * 0.8);
        expect(ties / rows.length).toBeLessThan(rate + 0.05);
        if (rate > 0.6) expect(longest).toBeGreaterThanOrEqual(5);
        // No vessel appears twice in one microsecond.
        const keys = new Set(rows.map((r) => `${r.mmsi}@${r.timestamp}`));
        expect(keys.size).toBe(rows.length);
      }),
      { numRuns: 6 },
    );
  });

  it('burst: `count` groups of `size` rows at one microsecond', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 2, max: 400 }), fc.integer({ min: 1, max: 5 }), (s, size, count) => {
        const rows = collect(
          createScenario({ ...base, tables: { vessel_positions: { burst: { size, count } } } }, s).vesselPositions$,
        );
        const groups = new Map<string, number>();
        for (const r of rows) groups.set(r.timestamp, (groups.get(r.timestamp) ?? 0) + 1);
        const big = [...groups.values()].filter((n) => n >= size);
        expect(big.length).toBe(count);
        expect(rows).toHaveLength(3000);
      }),
      { numRuns: 8 },
    );
  });

  it('lateRate/lateByMs: late rows come after rows at least lateByMs newer; nothing is lost', () => {
    fc.assert(
      fc.property(
        seed,
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.integer({ min: 1_000, max: 600_000 }),
        (s, rate, lateByMs) => {
          const plain = collect(createScenario(base, s).vesselPositions$);
          const late = collect(
            createScenario({ ...base, hardCases: { lateRate: rate, lateByMs } }, s).vesselPositions$,
          );
          const key = (r: VesselPositionRow) => JSON.stringify(r);
          expect(late.map(key).sort()).toEqual(plain.map(key).sort());
          // A row is late when an earlier-emitted row is newer than it.
          let maxSeen = -Infinity;
          let lateCount = 0;
          for (const r of late) {
            const t = us(r.timestamp);
            if (t < maxSeen) {
              lateCount++;
              // The row waited until the stream was lateByMs past it (rows still held when the
              // input ends are flushed at the end, so the last stretch is not checked).
              if (t + lateByMs * 1000 <= us(plain[plain.length - 30]!.timestamp)) {
                expect(maxSeen - t).toBeGreaterThanOrEqual(lateByMs * 1000);
              }
            }
            maxSeen = Math.max(maxSeen, t);
          }
          // A held row only shows up out of order when newer rows overtake it: with rows
          // ~14 s apart, a 1 s delay often lets none pass (seed 2058678683, rate 0.01 and
          // 1000 ms gave 14 of 3000), so the share's floor holds once the delay spans rows.
          const spacingMs = base.durationMs / base.counts.positions;
          if (lateByMs >= 10 * spacingMs) expect(lateCount / late.length).toBeGreaterThan(rate * 0.5);
          expect(lateCount / late.length).toBeLessThan(rate * 1.6 + 0.01);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('duplicateRate: exactly round(rate * count) exact copies, totals unchanged', () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 0, max: 0.5, noNaN: true }), (s, rate) => {
        const sc = createScenario({ ...base, hardCases: { duplicateRate: rate } }, s);
        for (const [rows, total] of [
          [collect(sc.vesselPositions$), 3000],
          [collect(sc.portEvents$), 100],
          [collect(sc.vesselMetadata$), 60],
        ] as const) {
          expect(rows).toHaveLength(total);
          const distinct = new Set(rows.map((r) => JSON.stringify(r)));
          expect(rows.length - distinct.size).toBe(Math.round(total * rate));
        }
      }),
      { numRuns: 6 },
    );
  });

  it('nullRate: only optional columns go null, at about that rate', () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 0.05, max: 0.9, noNaN: true }), (s, rate) => {
        const sc = createScenario({ ...base, hardCases: { nullRate: rate } }, s);
        const tables = [
          ['vessel_positions', collect(sc.vesselPositions$)],
          ['port_events', collect(sc.portEvents$)],
          ['vessel_metadata', collect(sc.vesselMetadata$)],
        ] as const;
        for (const [table, rows] of tables) {
          const optional = new Set<string>(OPTIONAL_COLUMNS[table]);
          let nulls = 0;
          let values = 0;
          for (const r of rows) {
            for (const [k, v] of Object.entries(r)) {
              if (!optional.has(k)) expect(v, `${table}.${k}`).not.toBeNull();
              else {
                values++;
                if (v === null) nulls++;
              }
            }
          }
          // Within four binomial standard deviations; imo is also null for small craft by nature.
          const sigma = Math.sqrt((rate * (1 - rate)) / values);
          expect(nulls / values).toBeGreaterThan(rate - 4 * sigma);
          expect(nulls / values).toBeLessThan(rate + 4 * sigma + (table === 'vessel_metadata' ? 0.1 : 0));
        }
      }),
      { numRuns: 6 },
    );
  });
});
