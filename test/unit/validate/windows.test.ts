import { describe, expect, it } from 'vitest';
import { halves, halvesPlan, planWindows, windowIndex, windowWidthMs } from '../../../streams/validate/windows.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('validation windows', () => {
  it('takes one partition as the width when the table is partitioned by the timestamp column', () => {
    expect(windowWidthMs({ type: 'DAY', field: 'event_time' }, 'event_time', 60_000)).toBe(DAY);
    expect(windowWidthMs({ type: 'HOUR', field: 'Event_Time' }, 'event_time', 60_000)).toBe(3_600_000);
    expect(windowWidthMs({ type: 'MONTH', field: 'event_time' }, 'event_time', 60_000)).toBe(DAY);
    // Ingestion-time partitioning or another column: the timestamp filter cannot prune by it.
    expect(windowWidthMs({ type: 'DAY' }, 'event_time', 60_000)).toBe(60_000);
    expect(windowWidthMs(undefined, 'event_time', 60_000)).toBe(60_000);
  });

  it('plans aligned windows that end at the millisecond of the cursor, exclusive', () => {
    const cursorMicros = BigInt(T0 + 2 * DAY + 5) * 1000n + 999n;
    const plan = planWindows({ cursorMicros, widthMs: DAY, oldestMs: T0 + 3_000 });
    expect(plan.windows).toEqual([
      { startMs: T0 + 3_000, endMs: T0 + DAY },
      { startMs: T0 + DAY, endMs: T0 + 2 * DAY },
      { startMs: T0 + 2 * DAY, endMs: T0 + 2 * DAY + 5 },
    ]);
    expect(plan.originMs).toBe(T0);
    expect(plan.toMs).toBe(T0 + 2 * DAY + 5);
    expect(windowIndex(plan, T0 + DAY + 1)).toBe(1);
  });

  it('clips to a requested range and plans nothing above the cursor', () => {
    const cursorMicros = BigInt(T0 + DAY) * 1000n;
    expect(
      planWindows({ cursorMicros, widthMs: DAY, oldestMs: T0, fromMs: T0 + DAY, toMs: T0 + 3 * DAY }).windows,
    ).toEqual([]);
    expect(
      planWindows({ cursorMicros, widthMs: 1000, oldestMs: T0, fromMs: T0 + 500, toMs: T0 + 1500 }).windows,
    ).toEqual([
      { startMs: T0 + 500, endMs: T0 + 1000 },
      { startMs: T0 + 1000, endMs: T0 + 1500 },
    ]);
  });

  it('halves a window and keeps a 1 ms window whole', () => {
    expect(halves({ startMs: 0, endMs: 5 })).toEqual([
      { startMs: 0, endMs: 3 },
      { startMs: 3, endMs: 5 },
    ]);
    expect(halves({ startMs: 7, endMs: 8 })).toEqual([{ startMs: 7, endMs: 8 }]);
    const plan = halvesPlan({ startMs: 10, endMs: 15 });
    expect(plan.windows.map((w) => windowIndex(plan, w.startMs))).toEqual([0, 1]);
    expect(windowIndex(plan, 14)).toBe(1);
  });
});
