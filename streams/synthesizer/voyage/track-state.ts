import type { Micros } from '../core/time.js';
import { bearingDeg, normalizeDeg } from '../geo/geo.js';
import type { NavStatus } from '../rows.js';
import type { Piece } from './pieces.js';

/** Where a vessel is and what it is doing at one instant. */
export interface TrackState {
  lat: number;
  lon: number;
  speedKn: number;
  /** Course over ground, degrees [0, 360). */
  course: number;
  /** Heading the hull points, degrees [0, 360). */
  heading: number;
  status: NavStatus;
}

/** State at time t inside piece p (t in [p.t0, p.t1]). */
export function stateInPiece(p: Piece, t: Micros, out: TrackState): TrackState {
  if (p.kind === 'stay') {
    out.lat = p.lat;
    out.lon = p.lon;
    out.speedKn = 0;
    out.course = p.heading;
    out.heading = p.heading;
    out.status = p.status;
    return out;
  }
  const span = p.t1 - p.t0;
  const f = p.f0 + ((p.f1 - p.f0) * (t - p.t0)) / span;
  const pos = p.arc.pointAt(f);
  out.lat = pos.lat;
  out.lon = pos.lon;
  out.speedKn = p.speedKn;
  // At the very end of an arc, the course is the back-bearing from its end, reversed.
  out.course = f < 1 - 1e-9 ? bearingDeg(pos, p.arc.to) : normalizeDeg(bearingDeg(p.arc.to, p.arc.from) + 180);
  out.heading = out.course;
  out.status = p.status;
  return out;
}
