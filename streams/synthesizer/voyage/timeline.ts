import { Rng } from '../core/prng.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, type Micros } from '../core/time.js';
import type { Port } from '../data/ports.js';
import { portByLocode } from '../data/ports.js';
import { vesselTypeProfile, type TradeRange } from '../data/vessel-types.js';
import { bearingDeg, KNOT_M_PER_US } from '../geo/geo.js';
import type { Polyline } from '../geo/polyline.js';
import type { Vessel } from '../registry/vessel-registry.js';
import type { NavStatus } from '../rows.js';
import type { SeaRouter } from '../routing/sea-router.js';
import type { Piece, PieceEvent, StayPiece } from './pieces.js';

/** Distance from the berth at which a vessel counts as arrived at / departed from a port. */
export const PORT_LIMIT_M = 4_000;
/** Anchorage: on the approach track, this far from the berth (inside the port limit). */
export const ANCHORAGE_M = 2_400;

/** Where in its cycle a vessel is at the scenario start. */
export type TimelinePhase =
  /** Anywhere in its first port stay + passage: the natural steady state. */
  | { readonly kind: 'natural'; readonly at: Micros; readonly u: number }
  /** Timed so that its first ARRIVAL fires at `at`: used to put port calls inside short windows. */
  | { readonly kind: 'arrival'; readonly at: Micros }
  /**
   * Like 'natural', but the first cycle is drawn in proportion to its length, as a random
   * instant of a fleet at sea for a long time would find it (the cycle covering an instant
   * is more likely a long one). Without this, a live fleet starts with too many short
   * cycles: its event rate begins several times above its long-run rate and decays for
   * hours. Costs `STATIONARY_CANDIDATES` first-leg plans per vessel.
   */
  | { readonly kind: 'stationary'; readonly at: Micros; readonly u: number };

/** First cycles drawn per vessel for a 'stationary' phase (one is kept, by length). */
export const STATIONARY_CANDIDATES = 16;

export interface TimelineOptions {
  readonly seed: number;
  readonly vessel: Vessel;
  readonly router: SeaRouter;
  readonly phase: TimelinePhase;
  /**
   * Compresses port stays, anchor waits and preferred passage lengths by this factor (>= 1).
   * Scenarios raise it when they need more port calls per vessel than real schedules give.
   */
  readonly tempo?: number;
}

const CANDIDATES: Record<TradeRange, number> = { deep_sea: 12, short_sea: 6, local: 3 };
/** Local craft mostly go out and come back to the same port (tug jobs, pilot runs, fishing trips). */
const EXCURSION_PROBABILITY: Record<TradeRange, number> = { deep_sea: 0, short_sea: 0.05, local: 0.75 };
const PREFERRED_PASSAGE_HOURS: Record<TradeRange, number> = { deep_sea: 96, short_sea: 30, local: 6 };
const MIN_BERTH_US = 10 * MICROS_PER_MINUTE;
const MIN_ANCHOR_US = 5 * MICROS_PER_MINUTE;

interface LegSegment {
  readonly d0: number;
  readonly d1: number;
  readonly speedKn: number;
  readonly status: NavStatus;
  readonly event?: PieceEvent;
}

interface PlannedLeg {
  readonly polyline: Polyline;
  readonly to: Port;
  /** Movement before the anchor stop (or before berthing when there is none). */
  readonly inbound: LegSegment[];
  /** Anchor wait in microseconds; 0 = straight to berth. */
  readonly anchorUs: number;
  /** Distance along the route of the anchorage. */
  readonly anchorAtM: number;
  /** Movement after weighing anchor. */
  readonly final: LegSegment[];
}

function durationUs(lengthM: number, speedKn: number): number {
  return Math.max(1, Math.round(lengthM / (speedKn * KNOT_M_PER_US)));
}

function segmentsDuration(polyline: Polyline, segs: readonly LegSegment[]): number {
  let t = 0;
  for (const s of segs) for (const slice of polyline.slices(s.d0, s.d1)) t += durationUs(slice.lengthM, s.speedKn);
  return t;
}

/**
 * A vessel's track as an endless, lazily generated sequence of pieces: berth, depart,
 * passage along a sea route, arrive, maybe anchor, berth again, and so on. Everything is
 * drawn from one RNG seeded by (seed, vessel), so the same vessel always sails the same
 * voyages, and a consumer that only needs the first day never plans the second.
 */
export function* voyageTimeline(options: TimelineOptions): Generator<Piece, never, undefined> {
  const { vessel, router } = options;
  const tempo = Math.max(1, options.tempo ?? 1);
  const profile = vesselTypeProfile(vessel.type);
  // 'stationary' phases pick one of several candidate voyage streams (see below).
  let rng = new Rng(options.seed, 'voyage', vessel.index);
  const streamRng = (candidate: number): Rng => new Rng(options.seed, 'voyage', vessel.index, 'stationary', candidate);
  let harbourKn = rng.range(5, 8);

  const berthUs = (): number =>
    Math.max(
      MIN_BERTH_US,
      Math.round((rng.logRange(profile.berthHours[0], profile.berthHours[1]) * MICROS_PER_HOUR) / tempo),
    );

  let previous: string | undefined;
  const chooseNext = (from: string): Port => {
    // Compressed schedules (high tempo) turn more passages into short round trips: the only
    // way to fit many port calls into a short window without impossible speeds.
    const excursion = Math.min(0.9, EXCURSION_PROBABILITY[profile.trade] + 0.1 * Math.log2(tempo));
    if (rng.chance(excursion)) return portByLocode(from)!;
    const k = CANDIDATES[profile.trade];
    const near = router.nearest(from, k);
    const target = PREFERRED_PASSAGE_HOURS[profile.trade] / tempo;
    const weights = near.map(({ port, distanceM }) => {
      const hours = distanceM / 1852 / vessel.serviceSpeedKn;
      const z = Math.log(Math.max(hours, 0.1) / target) / 0.8;
      // Going straight back where it came from happens (shuttles), but less often.
      return Math.exp(-0.5 * z * z) * (port.locode === previous ? 0.3 : 1) + 1e-9;
    });
    return (near[rng.weightedIndex(weights)] ?? near[0])!.port;
  };

  const planLeg = (from: Port, to: Port): PlannedLeg => {
    const polyline =
      from === to
        ? router.excursion(
            from.locode,
            // Half the trip out, half back, at a length that suits the tempo.
            (vessel.serviceSpeedKn * 1852 * PREFERRED_PASSAGE_HOURS[profile.trade] * rng.range(0.3, 1)) / tempo / 2,
          ).polyline
        : router.route(from.locode, to.locode).polyline;
    const L = polyline.lengthM;
    const rOut = Math.min(PORT_LIMIT_M, L * 0.25);
    const rIn = Math.min(PORT_LIMIT_M, L * 0.25);
    const rAnchor = rIn * (ANCHORAGE_M / PORT_LIMIT_M);
    const cruise = vessel.serviceSpeedKn * rng.range(0.9, 1.03);
    const sea: LegSegment[] = [];
    // Speed drifts a little along the passage (weather, traffic), one value per stretch.
    const stretches = Math.max(1, Math.min(6, Math.round((L - rOut - rIn) / 200_000)));
    const span = (L - rIn - rOut) / stretches;
    for (let i = 0; i < stretches; i++) {
      sea.push({
        d0: rOut + i * span,
        d1: rOut + (i + 1) * span,
        speedKn: Math.max(3, cruise * rng.range(0.95, 1.04)),
        status: profile.movingStatus,
      });
    }
    const inbound: LegSegment[] = [
      {
        d0: 0,
        d1: rOut,
        speedKn: harbourKn,
        status: 'under_way_using_engine',
        event: { type: 'DEPARTURE', port: from },
      },
      ...sea,
    ];
    const anchors = rng.chance(profile.anchorProbability);
    const arrival: PieceEvent = { type: 'ARRIVAL', port: to };
    if (!anchors) {
      inbound.push({ d0: L - rIn, d1: L, speedKn: harbourKn, status: 'under_way_using_engine', event: arrival });
      return { polyline, to, inbound, anchorUs: 0, anchorAtM: L, final: [] };
    }
    inbound.push({
      d0: L - rIn,
      d1: L - rAnchor,
      speedKn: harbourKn * 0.7,
      status: 'under_way_using_engine',
      event: arrival,
    });
    const anchorUs = Math.max(
      MIN_ANCHOR_US,
      Math.round((rng.logRange(profile.anchorHours[0], profile.anchorHours[1]) * MICROS_PER_HOUR) / tempo),
    );
    const final: LegSegment[] = [
      {
        d0: L - rAnchor,
        d1: L,
        speedKn: harbourKn,
        status: 'under_way_using_engine',
        event: { type: 'UNDERWAY', port: to },
      },
    ];
    return { polyline, to, inbound, anchorUs, anchorAtM: L - rAnchor, final };
  };

  const home = portByLocode(vessel.homePort);
  if (!home) throw new Error(`vessel ${vessel.mmsi} has unknown home port ${vessel.homePort}`);
  const cycleOf = (stay: number, l: PlannedLeg): number =>
    stay + segmentsDuration(l.polyline, l.inbound) + l.anchorUs + segmentsDuration(l.polyline, l.final);
  if (options.phase.kind === 'stationary') {
    // Length-biased choice among candidate first cycles (sampling-importance-resampling):
    // each candidate is a whole voyage stream of its own, so the choice is replayed exactly.
    const lengths: number[] = [];
    for (let c = 0; c < STATIONARY_CANDIDATES; c++) {
      rng = streamRng(c);
      rng.range(5, 8);
      const stay = berthUs();
      lengths.push(cycleOf(stay, planLeg(home, chooseNext(home.locode))));
    }
    const chosen = new Rng(options.seed, 'voyage-start', vessel.index).weightedIndex(lengths);
    rng = streamRng(chosen);
    harbourKn = rng.range(5, 8);
  }
  let port: Port = home;
  let stayUs = berthUs();
  let next = chooseNext(port.locode);
  let leg = planLeg(port, next);

  // Place the first port stay so the scenario start lands where the phase asks.
  const toArrival = segmentsDuration(leg.polyline, leg.inbound.slice(0, -1));
  let t: Micros;
  if (options.phase.kind === 'arrival') {
    t = options.phase.at - stayUs - toArrival;
  } else {
    t = options.phase.at - Math.floor(options.phase.u * cycleOf(stayUs, leg));
  }

  let heading = Math.round(rng.range(0, 360)) % 360;
  // Cuts route segments into one piece per arc slice, advancing the clock `t`.
  const emitSegments = function* (
    segs: readonly LegSegment[],
    polyline: Polyline,
  ): Generator<Piece, number, undefined> {
    let lastCourse = heading;
    for (const s of segs) {
      let first = true;
      for (const slice of polyline.slices(s.d0, s.d1)) {
        const dt = durationUs(slice.lengthM, s.speedKn);
        const piece: Piece = {
          kind: 'move',
          t0: t,
          t1: t + dt,
          status: s.status,
          arc: slice.arc,
          f0: slice.f0,
          f1: slice.f1,
          speedKn: s.speedKn,
          ...(first && s.event ? { event: s.event } : {}),
        };
        first = false;
        yield piece;
        t = piece.t1;
        lastCourse = bearingDeg(slice.arc.pointAt(slice.f0), slice.arc.to);
      }
    }
    return lastCourse;
  };

  let stayEvent: PieceEvent | undefined; // the first stay has no BERTHED: the vessel was already there
  for (;;) {
    const stay: StayPiece = {
      kind: 'stay',
      t0: t,
      t1: t + stayUs,
      status: 'moored',
      lat: port.lat,
      lon: port.lon,
      heading,
      ...(stayEvent ? { event: stayEvent } : {}),
    };
    yield stay;
    t = stay.t1;

    const courseIn = yield* emitSegments(leg.inbound, leg.polyline);
    heading = Math.round(courseIn) % 360;
    if (leg.anchorUs > 0) {
      const at = leg.polyline.pointAtDistance(leg.anchorAtM);
      const anchor: StayPiece = {
        kind: 'stay',
        t0: t,
        t1: t + leg.anchorUs,
        status: 'at_anchor',
        lat: at.lat,
        lon: at.lon,
        heading,
        event: { type: 'ANCHORED', port: leg.to },
      };
      yield anchor;
      t = anchor.t1;
      const courseFinal = yield* emitSegments(leg.final, leg.polyline);
      heading = Math.round(courseFinal) % 360;
    }

    previous = port.locode;
    port = leg.to;
    stayEvent = { type: 'BERTHED', port };
    stayUs = berthUs();
    next = chooseNext(port.locode);
    leg = planLeg(port, next);
  }
}
