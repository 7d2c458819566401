import { GreatCircleArc, type LatLon } from './geo.js';

/** A piece of a route: one great-circle arc between two distances along the route. */
export interface ArcSlice {
  readonly arc: GreatCircleArc;
  /** Fractions of `arc` where the slice starts and ends. */
  readonly f0: number;
  readonly f1: number;
  readonly lengthM: number;
}

/**
 * A route as consecutive great-circle arcs, addressable by distance from its start. The
 * voyage planner cuts it at the port-limit and anchorage distances, where speeds change.
 */
export class Polyline {
  readonly arcs: readonly GreatCircleArc[];
  /** cumulative[i] = distance from the start to the start of arc i. */
  private readonly cumulative: number[];
  readonly lengthM: number;

  constructor(points: readonly LatLon[]) {
    if (points.length < 2) throw new RangeError('a route needs at least two points');
    const arcs: GreatCircleArc[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (let i = 1; i < points.length; i++) {
      const arc = new GreatCircleArc(points[i - 1] as LatLon, points[i] as LatLon);
      if (arc.lengthM < 1) continue; // repeated points add nothing but zero-length arcs
      cumulative.push(total);
      arcs.push(arc);
      total += arc.lengthM;
    }
    if (arcs.length === 0) arcs.push(new GreatCircleArc(points[0] as LatLon, points[points.length - 1] as LatLon));
    if (cumulative.length === 0) cumulative.push(0);
    this.arcs = arcs;
    this.cumulative = cumulative;
    this.lengthM = total;
  }

  /** Arc slices covering [d0, d1] metres along the route, in order. */
  slices(d0: number, d1: number): ArcSlice[] {
    const out: ArcSlice[] = [];
    for (let i = 0; i < this.arcs.length; i++) {
      const arc = this.arcs[i] as GreatCircleArc;
      const start = this.cumulative[i] as number;
      const end = start + arc.lengthM;
      const a = Math.max(d0, start);
      const b = Math.min(d1, end);
      if (b - a <= 1e-6) continue;
      out.push({ arc, f0: (a - start) / arc.lengthM, f1: (b - start) / arc.lengthM, lengthM: b - a });
    }
    return out;
  }

  pointAtDistance(d: number): LatLon {
    for (let i = this.arcs.length - 1; i >= 0; i--) {
      const start = this.cumulative[i] as number;
      if (d >= start || i === 0) {
        const arc = this.arcs[i] as GreatCircleArc;
        return arc.pointAt(arc.lengthM > 0 ? (d - start) / arc.lengthM : 0);
      }
    }
    return (this.arcs[0] as GreatCircleArc).from;
  }
}
