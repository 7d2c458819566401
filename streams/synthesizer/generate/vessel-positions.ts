import { hash01 } from '../core/prng.js';
import { formatMicros, type Micros } from '../core/time.js';
import type { VesselPositionRow } from '../rows.js';
import { stateInPiece, type TrackState } from '../voyage/track-state.js';
import { mergeByTime, type TimedSource } from './merge.js';
import { ReportCursor, type Report } from './report-cursor.js';
import { timelineOf, type VesselSpec } from './vessel-spec.js';
import { VesselStateCursor } from './vessel-state.js';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Positions of one vessel, in time order. */
class PositionSource implements TimedSource<VesselPositionRow> {
  readonly order: number;
  time: Micros = Infinity;
  private head: Report | undefined;
  private readonly reports: ReportCursor;
  private readonly names: VesselStateCursor;
  private readonly state: TrackState = { lat: 0, lon: 0, speedKn: 0, course: 0, heading: 0, status: 'moored' };

  constructor(private readonly spec: VesselSpec) {
    this.order = spec.order;
    this.reports = new ReportCursor(timelineOf(spec), {
      seed: spec.seed,
      order: spec.order,
      start: spec.start,
      end: spec.end,
      step: spec.reportStep,
      count: spec.reportCount,
    });
    this.names = new VesselStateCursor(spec.seed, spec.vessel, spec.updates());
    this.advance();
  }

  advance(): void {
    this.head = this.reports.next();
    this.time = this.head ? this.head.t : Infinity;
  }

  row(): VesselPositionRow {
    const r = this.head as Report;
    const s = stateInPiece(r.piece, r.t, this.state);
    const moving = s.speedKn > 0;
    // The hull yaws a few degrees around the course; a moored ship's heading is steady.
    const yaw = moving ? (hash01(this.spec.seed, 'yaw', this.spec.vessel.mmsi, r.t) - 0.5) * 6 : 0;
    const course = Math.round(s.course * 10) / 10;
    return {
      timestamp: formatMicros(r.t),
      mmsi: this.spec.vessel.mmsi,
      vessel_name: this.names.advanceTo(r.t).name,
      latitude: round6(s.lat),
      longitude: round6(s.lon),
      speed_knots: Math.round(s.speedKn * 10) / 10,
      heading: ((Math.round(s.heading + yaw) % 360) + 360) % 360,
      course: course >= 360 ? 0 : course,
      status: s.status,
    };
  }
}

export function* vesselPositionRows(specs: readonly VesselSpec[]): Generator<VesselPositionRow, void, undefined> {
  yield* mergeByTime(specs.map((s) => new PositionSource(s)));
}
