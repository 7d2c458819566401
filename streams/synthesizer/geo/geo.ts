/**
 * Spherical geometry on a mean-radius Earth. Positions are interpolated along great
 * circles with the same radius used to measure them, so the speed implied by two reports
 * equals the speed the generator intended (to rounding).
 */

export const EARTH_RADIUS_M = 6_371_008.8;
export const METERS_PER_NM = 1_852;
/** Knots to metres per microsecond. */
export const KNOT_M_PER_US = METERS_PER_NM / 3_600_000_000;

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Great-circle distance in metres (haversine: accurate at the short ranges of port approaches). */
export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial true bearing from a to b, degrees in [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const φ1 = a.lat * RAD;
  const φ2 = b.lat * RAD;
  const Δλ = (b.lon - a.lon) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return normalizeDeg(Math.atan2(y, x) * DEG);
}

export function normalizeDeg(d: number): number {
  const r = d % 360;
  return r < 0 ? r + 360 : r;
}

export function normalizeLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * A precomputed great-circle arc. Interpolation is a slerp between unit vectors: two sines
 * and one atan2 per point, cheap enough for a million rows a second.
 */
export class GreatCircleArc {
  readonly from: LatLon;
  readonly to: LatLon;
  readonly lengthM: number;
  private readonly ax: number;
  private readonly ay: number;
  private readonly az: number;
  private readonly bx: number;
  private readonly by: number;
  private readonly bz: number;
  private readonly angle: number;
  private readonly sinAngle: number;

  constructor(from: LatLon, to: LatLon) {
    this.from = from;
    this.to = to;
    const φ1 = from.lat * RAD;
    const λ1 = from.lon * RAD;
    const φ2 = to.lat * RAD;
    const λ2 = to.lon * RAD;
    this.ax = Math.cos(φ1) * Math.cos(λ1);
    this.ay = Math.cos(φ1) * Math.sin(λ1);
    this.az = Math.sin(φ1);
    this.bx = Math.cos(φ2) * Math.cos(λ2);
    this.by = Math.cos(φ2) * Math.sin(λ2);
    this.bz = Math.sin(φ2);
    this.lengthM = distanceM(from, to);
    this.angle = this.lengthM / EARTH_RADIUS_M;
    this.sinAngle = Math.sin(this.angle);
  }

  /** Point at fraction f in [0, 1] of the arc. */
  pointAt(f: number): LatLon {
    if (f <= 0) return this.from;
    if (f >= 1) return this.to;
    if (this.sinAngle < 1e-12) return this.from;
    const wa = Math.sin((1 - f) * this.angle) / this.sinAngle;
    const wb = Math.sin(f * this.angle) / this.sinAngle;
    const x = wa * this.ax + wb * this.bx;
    const y = wa * this.ay + wb * this.by;
    const z = wa * this.az + wb * this.bz;
    return { lat: Math.atan2(z, Math.sqrt(x * x + y * y)) * DEG, lon: Math.atan2(y, x) * DEG };
  }

  /** True course at fraction f: the bearing from that point on to the arc's end. */
  courseAt(f: number): number {
    if (f >= 1 || this.lengthM < 1) return bearingDeg(this.from, this.to);
    return bearingDeg(this.pointAt(f), this.to);
  }
}

/** Point reached from `p` after `distance` metres on initial bearing `bearing` degrees. */
export function destination(p: LatLon, bearing: number, distance: number): LatLon {
  const δ = distance / EARTH_RADIUS_M;
  const θ = bearing * RAD;
  const φ1 = p.lat * RAD;
  const λ1 = p.lon * RAD;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: φ2 * DEG, lon: normalizeLon(λ2 * DEG) };
}
