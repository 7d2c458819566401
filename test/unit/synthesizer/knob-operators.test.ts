import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { formatMicros } from '../../../streams/synthesizer/core/time.js';
import { burstTimestamps } from '../../../streams/synthesizer/knobs/burst-timestamps.js';
import { delayLateRows } from '../../../streams/synthesizer/knobs/delay-late-rows.js';
import { duplicateRows, duplicateRowsTransform } from '../../../streams/synthesizer/knobs/duplicate-rows.js';
import { nullOptionalColumns } from '../../../streams/synthesizer/knobs/null-optional-columns.js';
import { transformIterable } from '../../../streams/synthesizer/knobs/row-transform.js';
import { tieTimestamps, tieTimestampsTransform } from '../../../streams/synthesizer/knobs/tie-timestamps.js';

interface Row {
  ts: string;
  key: number;
  note: string | null;
}
const T0 = Date.UTC(2026, 0, 1) * 1000;
const rows = (n: number, stepUs = 1_000_000): Row[] =>
  Array.from({ length: n }, (_, i) => ({ ts: formatMicros(T0 + i * stepUs), key: i % 7, note: `n${i}` }));
const run = <T>(src: T[], op: (s: ReturnType<typeof from<T[]>>) => ReturnType<typeof from<T[]>>) =>
  lastValueFrom(op(from(src)).pipe(toArray()));

describe('knob operators', () => {
  it('tieTimestamps copies the previous timestamp, never within one key group, and is cold', async () => {
    const input = rows(1000);
    const op = tieTimestamps<Row>({ rate: 0.7, seed: 3, timeField: 'ts', keyField: 'key' });
    const a = await run(input, (s) => s.pipe(op));
    const b = await run(input, (s) => s.pipe(op));
    expect(a).toEqual(b);
    let ties = 0;
    for (let i = 1; i < a.length; i++) {
      if (a[i]!.ts === a[i - 1]!.ts) ties++;
      expect(a[i]!.ts >= a[i - 1]!.ts).toBe(true);
    }
    expect(ties).toBeGreaterThan(400);
    expect(new Set(a.map((r) => `${r.key}@${r.ts}`)).size).toBe(a.length);
    expect(input[1]!.ts).not.toBe(input[0]!.ts); // inputs are not mutated
    // The iterable form yields the same rows.
    expect([
      ...transformIterable(input, [
        tieTimestampsTransform<Row>({ rate: 0.7, seed: 3, timeField: 'ts', keyField: 'key' }),
      ]),
    ]).toEqual(a);
  });

  it('burstTimestamps makes blocks of exactly `size` rows share a microsecond', async () => {
    const out = await run(rows(100), (s) =>
      s.pipe(burstTimestamps<Row>({ size: 10, every: 40, offset: 5, timeField: 'ts' })),
    );
    const counts = new Map<string, number>();
    for (const r of out) counts.set(r.ts, (counts.get(r.ts) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n === 10)).toHaveLength(3); // rows 5, 45, 85
    expect(out[5]!.ts).toBe(out[14]!.ts);
    expect(out[15]!.ts).not.toBe(out[14]!.ts);
  });

  it('delayLateRows emits held rows right after the first row lateBy newer, and flushes at the end', async () => {
    const input = rows(200, 100_000); // 0.1 s apart
    const out = await run(input, (s) =>
      s.pipe(delayLateRows<Row>({ rate: 0.2, lateByMs: 1_000, seed: 8, timeField: 'ts' })),
    );
    expect(out.map((r) => r.note).sort()).toEqual(input.map((r) => r.note).sort());
    let late = 0;
    for (let i = 1; i < out.length; i++) {
      if (out[i]!.ts < out[i - 1]!.ts) late++;
    }
    expect(late).toBeGreaterThan(10);
    // Every delayed row waited until a row at least 1 s newer had gone out (or the input ended).
    let newest = '';
    for (const r of out) {
      // Rows still held when the input ends are flushed at the end: not checked.
      if (r.ts < newest && r.ts <= input[180]!.ts) {
        expect(Date.parse(newest) - Date.parse(r.ts)).toBeGreaterThanOrEqual(1_000);
      }
      if (r.ts > newest) newest = r.ts;
    }
  });

  it('duplicateRows in exact mode copies exactly `count` rows', async () => {
    const out = await run(rows(500), (s) => s.pipe(duplicateRows<Row>({ count: 37, of: 500, seed: 1 })));
    expect(out).toHaveLength(537);
    expect(out.length - new Set(out.map((r) => r.note)).size).toBe(37);
    const gap = [...transformIterable(rows(50), [duplicateRowsTransform<Row>({ count: 5, of: 50, seed: 2, gap: 3 })])];
    expect(gap).toHaveLength(55);
  });

  it('nullOptionalColumns only touches the named columns', async () => {
    const out = await run(rows(300), (s) =>
      s.pipe(nullOptionalColumns<Row>({ rate: 0.5, columns: ['note'], seed: 4 })),
    );
    const nulls = out.filter((r) => r.note === null).length;
    expect(nulls).toBeGreaterThan(100);
    expect(nulls).toBeLessThan(200);
    for (const r of out) {
      expect(r.ts).not.toBeNull();
      expect(r.key).not.toBeNull();
    }
  });

  it('rejects out-of-range settings with clear errors', () => {
    expect(() => tieTimestamps<Row>({ rate: 1, seed: 1, timeField: 'ts' })).toThrow(/tieRate/);
    expect(() => burstTimestamps<Row>({ size: 1, every: 10, timeField: 'ts' })).toThrow(/burst size/);
    expect(() => delayLateRows<Row>({ rate: 0.1, lateByMs: 0, seed: 1, timeField: 'ts' })).toThrow(/lateByMs/);
    expect(() => duplicateRows<Row>({ count: 5, of: 4, seed: 1 })).toThrow(/duplicate/);
  });
});
