import { count, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createScenario, SCENARIO_PRESETS } from '../../../streams/synthesizer/index.js';

describe('scenarios', () => {
  it('small and realistic produce exactly their preset counts over their windows', async () => {
    for (const name of ['small', 'realistic'] as const) {
      const s = createScenario(name, 21);
      const preset = SCENARIO_PRESETS[name];
      expect(s.counts).toEqual(preset.counts);
      expect(await lastValueFrom(s.vesselPositions$.pipe(count()))).toBe(preset.counts.positions);
      expect(await lastValueFrom(s.portEvents$.pipe(count()))).toBe(preset.counts.events);
      expect(await lastValueFrom(s.vesselMetadata$.pipe(count()))).toBe(preset.counts.metadata);
      expect(s.start).toBe('2026-01-01T00:00:00.000000Z');
      expect(s.fleetSize).toBeLessThanOrEqual(preset.counts.metadata);
    }
  });

  it('stress streams 100,000 positions / 5,000 events / 1,000 metadata rows over 7 days', () => {
    const s = createScenario('stress', 4);
    expect(s.end).toBe('2026-01-08T00:00:00.000000Z');
    let n = 0;
    let last = '';
    for (const r of s.rows.vesselPositions()) {
      n++;
      if (r.timestamp < last) throw new Error('out of order');
      last = r.timestamp;
    }
    expect(n).toBe(100_000);
    expect([...s.rows.portEvents()]).toHaveLength(5_000);
    expect([...s.rows.vesselMetadata()]).toHaveLength(1_000);
  });

  it('takes explicit counts and time ranges', () => {
    const s = createScenario(
      {
        counts: { positions: 777, events: 33, metadata: 40 },
        start: '2025-06-01T12:00:00Z',
        end: '2025-06-02T00:00:00.5Z',
        name: 'custom-1',
      },
      2,
    );
    const rows = [...s.rows.vesselPositions()];
    expect(rows).toHaveLength(777);
    expect(rows[0]!.timestamp >= '2025-06-01T12:00:00.000000Z').toBe(true);
    expect(rows[rows.length - 1]!.timestamp < '2025-06-02T00:00:00.500000Z').toBe(true);
    expect([...s.rows.portEvents()]).toHaveLength(33);
    expect(s.name).toBe('custom-1');
    // Overrides on a preset.
    const t = createScenario({ preset: 'small', counts: { positions: 250 } }, 2);
    expect([...t.rows.vesselPositions()]).toHaveLength(250);
    expect([...t.rows.portEvents()]).toHaveLength(10);
  });

  it('handles empty tables and tables without events', () => {
    const none = createScenario({ counts: { positions: 0, events: 0, metadata: 0 }, durationMs: 3_600_000 }, 1);
    expect([...none.rows.vesselPositions()]).toHaveLength(0);
    const posOnly = createScenario({ counts: { positions: 500, events: 0, metadata: 0 }, durationMs: 3_600_000 }, 1);
    expect([...posOnly.rows.vesselPositions()]).toHaveLength(500);
    expect([...posOnly.rows.portEvents()]).toHaveLength(0);
    const metaOnly = createScenario({ counts: { positions: 0, events: 0, metadata: 30 }, durationMs: 3_600_000 }, 1);
    expect([...metaOnly.rows.vesselMetadata()]).toHaveLength(30);
  });

  it('explains impossible requests', () => {
    expect(() => createScenario({ counts: { positions: 5, events: 10, metadata: 5 }, durationMs: 3_600_000 })).toThrow(
      /positions .* at least events/,
    );
    expect(() => createScenario({ counts: { positions: 50, events: 10, metadata: 0 }, durationMs: 3_600_000 })).toThrow(
      /metadata/,
    );
    expect(() =>
      createScenario({ counts: { positions: 10_000, events: 5_000, metadata: 2 }, durationMs: 60_000 }),
    ).toThrow(/cannot fit/);
    expect(() => createScenario('huge' as never)).toThrow(/unknown scenario/);
    expect(() => createScenario({ counts: { positions: 1 } })).toThrow(/durationMs or end/);
    expect(() => createScenario({ preset: 'small', hardCases: { duplicateRate: 0.9 } })).toThrow(/duplicateRate/);
  });
});
