import { describe, expect, it } from 'vitest';
import {
  MIN_TIMESTAMP_MS,
  halves,
  halvesPlan,
  planWindows,
  windowAt,
  windowIndex,
  windowWidthMs,
} from '../../../streams/validate/windows.js';

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
    const plan = planWindows({ cursorMicros, widthMs: DAY, fromMs: T0 + 3_000 });
    expect(plan).toEqual({ originMs: T0, widthMs: DAY, fromMs: T0 + 3_000, toMs: T0 + 2 * DAY + 5 });
    expect(windowAt(plan, 0)).toEqual({ startMs: T0 + 3_000, endMs: T0 + DAY });
    expect(windowAt(plan, 1)).toEqual({ startMs: T0 + DAY, endMs: T0 + 2 * DAY });
    expect(windowAt(plan, 2)).toEqual({ startMs: T0 + 2 * DAY, endMs: T0 + 2 * DAY + 5 });
    expect(windowIndex(plan, T0 + DAY + 1)).toBe(1);
    // Without a range the plan starts at BigQuery's first timestamp, still day-aligned.
    const open = planWindows({ cursorMicros, widthMs: DAY });
    expect(open.fromMs).toBe(MIN_TIMESTAMP_MS);
    expect(windowIndex(open, T0) * DAY + open.originMs).toBe(T0);
  });

  it('clips to a requested range and plans nothing above the cursor', () => {
    const cursorMicros = BigInt(T0 + DAY) * 1000n;
    const above = planWindows({ cursorMicros, widthMs: DAY, fromMs: T0 + DAY, toMs: T0 + 3 * DAY });
    expect(above.toMs).toBe(above.fromMs);
    const plan = planWindows({ cursorMicros, widthMs: 1000, fromMs: T0 + 500, toMs: T0 + 1500 });
    expect([windowAt(plan, 0), windowAt(plan, 1)]).toEqual([
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
    expect(windowIndex(plan, 12)).toBe(0);
    expect(windowIndex(plan, 14)).toBe(1);
  });
});
