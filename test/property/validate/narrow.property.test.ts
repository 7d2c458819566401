import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../streams/validate/checksum.js';
import { compareSides } from '../../../streams/validate/compare-sides.js';
import { MemorySide, type FingerprintedRow } from '../../../streams/validate/memory-side.js';
import { planWindows } from '../../../streams/validate/windows.js';

const row = (ms: number, key: string, content: string): FingerprintedRow => ({
  ms,
  key,
  keyFp: fingerprint(key),
  rowFp: fingerprint(`${key}|${content}`),
});

describe('windowing and bisection over random damage (in memory)', () => {
  it('names exactly the deleted, inserted and changed keys below the cursor, and nothing above it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 5000 }), // time span in ms: many rows share a millisecond when small
        fc.integer({ min: 1, max: 2000 }), // window width
        fc.integer({ min: 1, max: 50 }), // maxKeyRows
        fc.integer({ min: 1, max: 100 }), // minWindowMs
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (n, span, widthMs, maxKeyRows, minWindowMs, seed) => {
          const rand = mulberry(seed);
          const source = Array.from({ length: n }, (_, i) => row(Math.floor(rand() * span), `k${i}`, 'v'));
          const cursorMs = Math.floor(rand() * (span + 1));
          const below = (r: FingerprintedRow) => r.ms < cursorMs;
          // The target: a copy, damaged below the cursor, and missing everything above it
          // (rows the sync has not written yet must never count as a mismatch).
          const target = new Map(source.filter(below).map((r) => [r.key, r]));
          const deleted = new Set<string>();
          const changed = new Set<string>();
          for (const r of source.filter(below)) {
            const dice = rand();
            if (dice < 0.05) {
              target.delete(r.key);
              deleted.add(r.key);
            } else if (dice < 0.08) {
              target.set(r.key, row(r.ms, r.key, 'changed'));
              changed.add(r.key);
            }
          }
          const inserted = new Set<string>();
          const extra = Math.floor(rand() * 4);
          for (let i = 0; i < extra; i++) {
            const key = `x${i}`;
            target.set(key, row(Math.floor(rand() * cursorMs), key, 'v'));
            if (cursorMs > 0) inserted.add(key);
          }
          const plan = planWindows({ cursorMicros: BigInt(cursorMs) * 1000n, widthMs });
          const result = await compareSides(
            plan,
            new MemorySide(() => source),
            new MemorySide(() => [...target.values()]),
            { minWindowMs, maxKeyRows },
          );
          const found = { missing: new Set<string>(), extra: new Set<string>(), changed: new Set<string>() };
          for (const f of result.findings) {
            f.diff.missing.forEach((k) => found.missing.add(k));
            f.diff.extra.forEach((k) => found.extra.add(k));
            f.diff.changed.forEach((k) => found.changed.add(k));
            expect(f.window.endMs).toBeLessThanOrEqual(cursorMs);
          }
          expect([...found.missing].sort()).toEqual([...deleted].sort());
          expect([...found.changed].sort()).toEqual([...changed].sort());
          expect([...found.extra].sort()).toEqual([...inserted].sort());
          if (deleted.size + changed.size + inserted.size === 0) expect(result.mismatchedWindows).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
