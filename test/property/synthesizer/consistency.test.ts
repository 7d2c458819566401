import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScenario } from '../../../streams/synthesizer/index.js';
import { flagOfMmsi, isValidMmsi } from '../../../streams/synthesizer/identity/mmsi.js';
import { isValidImo } from '../../../streams/synthesizer/identity/imo.js';
import { portByLocode } from '../../../streams/synthesizer/data/ports.js';
import { distanceM } from '../../../streams/synthesizer/geo/geo.js';
import type { PortEventRow, VesselMetadataRow, VesselPositionRow } from '../../../streams/synthesizer/rows.js';
import { collect, groupBy, km, us } from './helpers.js';

interface Generated {
  positions: VesselPositionRow[];
  events: PortEventRow[];
  metadata: VesselMetadataRow[];
  counts: { positions: number; events: number; metadata: number };
  start: string;
  end: string;
  /** Fastest a vessel ever goes: its service speed with the planner's margins, or harbour speed. */
  maxKnots: (mmsi: number) => number;
}

const H = 3_600_000;

export interface Shape {
  seed: number;
  hours: number;
  events: number;
  extraPositions: number;
  metadata: number;
  startOffsetS: number;
}

// Random but satisfiable shapes: events <= positions, and no more port calls than the
// fleet the metadata count allows can make (a third of a call per vessel-hour is already
// a busy harbour; short windows get more because vessels are timed to arrive in them).
export const shape: fc.Arbitrary<Shape> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    hours: fc.integer({ min: 1, max: 72 }),
    eventShare: fc.double({ min: 0, max: 1, noNaN: true }),
    extraPositions: fc.integer({ min: 0, max: 3000 }),
    metadata: fc.integer({ min: 10, max: 200 }),
    startOffsetS: fc.integer({ min: 0, max: 365 * 24 * 3600 }),
  })
  .map(({ eventShare, ...r }) => ({
    ...r,
    events: Math.floor(eventShare * Math.min(300, 0.35 * r.metadata * Math.max(r.hours, 2))),
  }));

export function generate(s: Shape): Generated {
  const counts = { positions: s.events + s.extraPositions, events: s.events, metadata: s.metadata };
  const sc = createScenario(
    {
      counts,
      start: Date.UTC(2026, 0, 1) * 1000 + s.startOffsetS * 1_000_000,
      durationMs: s.hours * H,
      registrySize: 20_000,
    },
    s.seed,
  );
  return {
    positions: collect(sc.vesselPositions$),
    events: collect(sc.portEvents$),
    metadata: collect(sc.vesselMetadata$),
    counts,
    start: sc.start,
    end: sc.end,
    maxKnots: (mmsi) => Math.max(8, sc.registry.byMmsi(mmsi)!.serviceSpeedKn * 1.03 * 1.04),
  };
}

describe('synthesizer: tables agree with each other and with physics', () => {
  it('produces exactly the requested counts, in time order, inside the window', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        expect(g.positions).toHaveLength(g.counts.positions);
        expect(g.events).toHaveLength(g.counts.events);
        expect(g.metadata).toHaveLength(g.counts.metadata);
        const sorted = (xs: string[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as string) <= x);
        expect(sorted(g.positions.map((r) => r.timestamp))).toBe(true);
        expect(sorted(g.events.map((r) => r.event_time))).toBe(true);
        expect(sorted(g.metadata.map((r) => r.last_updated))).toBe(true);
        const times = [
          ...g.positions.map((r) => r.timestamp),
          ...g.events.map((r) => r.event_time),
          ...g.metadata.map((r) => r.last_updated),
        ];
        for (const t of times) {
          expect(t >= g.start && t < g.end, t).toBe(true);
          expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('every vessel in positions and events has metadata, valid identifiers, and a first sighting no earlier than its metadata', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        const meta = groupBy(g.metadata, (r) => r.mmsi);
        for (const [mmsi, rows] of meta) {
          expect(isValidMmsi(mmsi)).toBe(true);
          // The initial row's flag is the one the MMSI's MID names (reflags come later).
          expect(flagOfMmsi(mmsi)?.country).toBe((rows[0] as VesselMetadataRow).flag);
          for (const r of rows) if (r.imo !== null) expect(isValidImo(r.imo)).toBe(true);
        }
        const firstMeta = new Map([...meta].map(([k, rows]) => [k, (rows[0] as VesselMetadataRow).last_updated]));
        for (const e of g.events) {
          expect(meta.has(e.vessel_mmsi)).toBe(true);
          expect(firstMeta.get(e.vessel_mmsi)! <= e.event_time).toBe(true);
        }
        for (const p of g.positions) {
          expect(meta.has(p.mmsi)).toBe(true);
          expect(firstMeta.get(p.mmsi)! <= p.timestamp).toBe(true);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('each port event has a position of that vessel at that microsecond, near the port', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        const at = new Map(g.positions.map((p) => [`${p.mmsi}@${p.timestamp}`, p]));
        for (const e of g.events) {
          const p = at.get(`${e.vessel_mmsi}@${e.event_time}`);
          expect(p, `${e.event_type} of ${e.vessel_mmsi} at ${e.event_time}`).toBeDefined();
          expect(p!.latitude).toBe(e.latitude);
          expect(p!.longitude).toBe(e.longitude);
          const port = portByLocode(e.port_id)!;
          expect(port.name).toBe(e.port_name);
          const d = km(e, port);
          if (e.event_type === 'ARRIVAL') expect(d).toBeLessThanOrEqual(4.01);
          else if (e.event_type === 'BERTHED' || e.event_type === 'DEPARTURE') expect(d).toBeLessThan(0.01);
          else expect(d).toBeLessThanOrEqual(4.01);
          expect(p!.status).toBe(
            e.event_type === 'BERTHED'
              ? 'moored'
              : e.event_type === 'ANCHORED'
                ? 'at_anchor'
                : 'under_way_using_engine',
          );
        }
      }),
      { numRuns: 10 },
    );
  });

  it('port calls follow the voyage grammar: ARRIVAL, [ANCHORED, UNDERWAY], BERTHED, DEPARTURE, ARRIVAL ...', () => {
    const next: Record<string, string[]> = {
      ARRIVAL: ['ANCHORED', 'BERTHED'],
      ANCHORED: ['UNDERWAY'],
      UNDERWAY: ['BERTHED'],
      BERTHED: ['DEPARTURE'],
      DEPARTURE: ['ARRIVAL'],
    };
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        for (const [, evs] of groupBy(g.events, (e) => e.vessel_mmsi)) {
          for (let i = 1; i < evs.length; i++) {
            const a = evs[i - 1]!;
            const b = evs[i]!;
            expect(next[a.event_type], `${a.event_type} -> ${b.event_type}`).toContain(b.event_type);
            // Within one call the port stays the same; a departure may head anywhere.
            if (a.event_type !== 'DEPARTURE') expect(b.port_id).toBe(a.port_id);
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('never teleports: distance between consecutive reports fits the reported speeds', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        for (const [, rows] of groupBy(g.positions, (r) => r.mmsi)) {
          for (let i = 1; i < rows.length; i++) {
            const a = rows[i - 1] as VesselPositionRow;
            const b = rows[i] as VesselPositionRow;
            const dtH = (us(b.timestamp) - us(a.timestamp)) / 3.6e9;
            expect(dtH).toBeGreaterThan(0);
            const nm = distanceM({ lat: a.latitude, lon: a.longitude }, { lat: b.latitude, lon: b.longitude }) / 1852;
            // Between two reports the vessel may have sped up and slowed down again, but never
            // beyond its own top speed. Reported speeds are rounded to 0.1 kn; coordinates to
            // 1e-6 degrees (~0.1 m).
            const bound = Math.max(a.speed_knots ?? 0, b.speed_knots ?? 0, g.maxKnots(a.mmsi)) + 0.06;
            expect(nm).toBeLessThanOrEqual(bound * dtH + 0.3 / 1852);
            expect(nm / Math.max(dtH, 1e-12)).toBeLessThan(30); // nothing here is faster than 30 kn
            // Within one speed regime (same reported speed, under a minute apart) the bound is tight.
            if (a.speed_knots === b.speed_knots && dtH < 1 / 60 && (a.speed_knots ?? 0) > 0) {
              expect(nm).toBeLessThanOrEqual(((a.speed_knots ?? 0) + 0.06) * dtH + 0.3 / 1852);
            }
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('positions carry the vessel name in force at their time (renames show up in both tables)', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const g = generate(s);
        const meta = groupBy(g.metadata, (r) => r.mmsi);
        for (const p of g.positions) {
          const versions = meta.get(p.mmsi)!;
          let current: VesselMetadataRow | undefined;
          for (const v of versions) if (v.last_updated <= p.timestamp) current = v;
          expect(current?.vessel_name).toBe(p.vessel_name);
        }
      }),
      { numRuns: 8 },
    );
  });
});
