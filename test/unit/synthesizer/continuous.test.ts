import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { continuousGenerator, parseTimestamp } from '../../../streams/synthesizer/index.js';
import type { VesselPositionRow } from '../../../streams/synthesizer/rows.js';

const START_MS = Date.UTC(2026, 2, 1);

/** A virtual clock whose `now()` is wall time in ms, starting at START_MS. */
function virtualClock() {
  const scheduler = new VirtualTimeScheduler();
  return { scheduler, now: () => START_MS + scheduler.now() };
}

describe('continuous generator', () => {
  it('releases rows as the clock passes them, at the configured position rate', () => {
    const { scheduler, now } = virtualClock();
    const gen = continuousGenerator({
      seed: 3,
      vessels: 40,
      rates: { positionsPerSecond: 20, eventsPerSecond: 0.02, metadataPerSecond: 0.01 },
      scheduler,
      now,
      tickMs: 1_000,
    });
    const positions: VesselPositionRow[] = [];
    const events: unknown[] = [];
    const metadata: unknown[] = [];
    const lateness: number[] = [];
    gen.vesselPositions$.subscribe((r) => {
      positions.push(r);
      lateness.push(now() * 1000 - parseTimestamp(r.timestamp));
    });
    gen.portEvents$.subscribe((r) => events.push(r));
    gen.vesselMetadata$.subscribe((r) => metadata.push(r));
    scheduler.maxFrames = 3600 * 1000; // one simulated hour
    scheduler.flush();
    const hours = 1;
    // Never early, never more than one tick late.
    expect(lateness.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(lateness.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(1_000_000 + 1_000);
    const posRate = positions.length / (hours * 3600);
    expect(posRate).toBeGreaterThan(20 * 0.9);
    expect(posRate).toBeLessThan(20 * 1.1);
    expect(events.length).toBeGreaterThan(0);
    expect(metadata.length).toBeGreaterThanOrEqual(40); // one initial row per vessel, then updates
    expect(positions[0]!.timestamp >= '2026-03-01T00:00:00.000000Z').toBe(true);
  });

  it('is deterministic for a fixed start', () => {
    const take = () => {
      const { scheduler, now } = virtualClock();
      const gen = continuousGenerator({
        seed: 9,
        vessels: 10,
        rates: { positionsPerSecond: 5 },
        scheduler,
        now,
        start: START_MS * 1000,
      });
      const rows: unknown[] = [];
      const sub = gen.vesselPositions$.subscribe((r) => rows.push(r));
      scheduler.maxFrames = 600_000;
      scheduler.flush();
      sub.unsubscribe();
      return rows;
    };
    const a = take();
    expect(a.length).toBeGreaterThan(1000);
    expect(take()).toEqual(a);
  });

  it('applies hard-case knobs in live mode too', () => {
    const { scheduler, now } = virtualClock();
    const gen = continuousGenerator({
      seed: 1,
      vessels: 20,
      rates: { positionsPerSecond: 50 },
      scheduler,
      now,
      hardCases: { tieRate: 0.5, duplicateRate: 0.1 },
    });
    const rows: VesselPositionRow[] = [];
    gen.vesselPositions$.subscribe((r) => rows.push(r));
    scheduler.maxFrames = 120_000;
    scheduler.flush();
    let ties = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.timestamp === rows[i - 1]!.timestamp) ties++;
    expect(ties / rows.length).toBeGreaterThan(0.35);
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBeLessThan(rows.length);
  });
});

describe('continuous generator cadence', () => {
  it('can report at a multiple of the real AIS interval instead of a rate', () => {
    const { scheduler, now } = virtualClock();
    const gen = continuousGenerator({
      seed: 2,
      vessels: 5,
      rates: { positionsPerSecond: 0, aisIntervalScale: 6 },
      scheduler,
      now,
    });
    const rows: VesselPositionRow[] = [];
    gen.vesselPositions$.subscribe((r) => rows.push(r));
    scheduler.maxFrames = 3_600_000;
    scheduler.flush();
    const moving = new Map<number, string[]>();
    for (const r of rows)
      if ((r.speed_knots ?? 0) > 0) moving.set(r.mmsi, [...(moving.get(r.mmsi) ?? []), r.timestamp]);
    // Under way, nominal 2-10 s times 6: reports roughly every 12-60 s.
    const gaps: number[] = [];
    for (const ts of moving.values())
      for (let i = 1; i < ts.length; i++) gaps.push((parseTimestamp(ts[i]!) - parseTimestamp(ts[i - 1]!)) / 1e6);
    gaps.sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThan(8);
    expect(median).toBeLessThan(90);
  });
});
