import { Permutation } from '../core/permutation.js';
import { hash01 } from '../core/prng.js';
import type { Micros } from '../core/time.js';
import type { Vessel, VesselRegistry } from '../registry/vessel-registry.js';
import type { SeaRouter } from '../routing/sea-router.js';
import type { Piece } from '../voyage/pieces.js';
import { voyageTimeline, type TimelinePhase } from '../voyage/timeline.js';
import { clippedWeight, ReportCursor } from './report-cursor.js';

/** Base row counts a plan must produce (before duplicate rows are added). */
export interface PlanCounts {
  readonly positions: number;
  readonly events: number;
  readonly metadata: number;
}

export interface FleetPlanOptions {
  readonly seed: number;
  readonly registry: VesselRegistry;
  readonly router: SeaRouter;
  readonly start: Micros;
  readonly end: Micros;
  readonly counts: PlanCounts;
  /** Fix the tempo instead of searching for one. */
  readonly tempo?: number;
}

/** One vessel's part in a scenario. */
export interface VesselPlan {
  /** Position in the fleet; tie-break key when two rows share a microsecond. */
  readonly order: number;
  readonly vessel: Vessel;
  readonly phase: TimelinePhase;
  /** Port events of this vessel inside the window (the first `events` of its track). */
  readonly events: number;
  /** The vessel is observed in [start, observedUntil): it "goes dark" at its first dropped event. */
  readonly observedUntil: Micros;
  /** Free (not event-pinned) position reports. */
  readonly freeReports: number;
  /** AIS weight of its observed window: free reports are spread over it. */
  readonly weight: number;
  /** Time of its initial vessel_metadata row: its first report or event. */
  readonly firstSeen: Micros;
  /** Metadata updates after the initial row. */
  readonly updates: number;
}

export interface FleetPlan {
  readonly seed: number;
  readonly start: Micros;
  readonly end: Micros;
  readonly tempo: number;
  readonly registry: VesselRegistry;
  readonly router: SeaRouter;
  readonly counts: PlanCounts;
  readonly vessels: readonly VesselPlan[];
}

const MAX_ATTEMPTS = 9;

interface Walked {
  /** Event times inside the window, in order, with the AIS weight accumulated before each. */
  readonly eventTimes: Micros[];
  readonly weightBefore: number[];
  readonly totalWeight: number;
}

function walkWindow(pieces: Iterator<Piece>, start: Micros, end: Micros): Walked {
  const eventTimes: Micros[] = [];
  const weightBefore: number[] = [];
  let w = 0;
  for (;;) {
    const n = pieces.next();
    if (n.done) break;
    const p = n.value;
    if (p.t0 >= end) break;
    if (p.t1 <= start) continue;
    if (p.event && p.t0 >= start) {
      eventTimes.push(p.t0);
      weightBefore.push(w);
    }
    w += clippedWeight(p, start, end);
  }
  return { eventTimes, weightBefore, totalWeight: w };
}

/**
 * Decides which vessels take part in a scenario and how many rows each contributes, so
 * that the three tables come out at EXACTLY the requested counts while staying mutually
 * consistent:
 *
 * - Events. Vessels are taken from a seeded shuffle of the registry; each sails its own
 *   deterministic timeline, and its port events inside the window are counted. Vessels are
 *   added until the events reach the target. The vessel that overshoots keeps only its first
 *   events and "goes dark" (AIS out of range) at the first one it drops: its positions stop
 *   before that instant, so no position ever shows a port call that port_events lacks.
 * - Vessel count. Every vessel in positions or events needs a vessel_metadata row, so the
 *   fleet may not exceed the metadata count (80% of it, to leave room for updates). Short
 *   windows give few port calls per vessel; when the cap is hit, the plan is retried with a
 *   doubled tempo (shorter stays, nearer ports) until the events fit. Half the vessels are
 *   also timed to arrive inside the window, so a one-hour scenario still sees port calls.
 * - Positions. Each event gets a position at its exact time. The remaining reports are
 *   shared among vessels in proportion to their AIS weight (largest remainder), then placed
 *   along each track by equal weight steps: exact totals, AIS-like cadence.
 * - Metadata. One initial row per vessel at its first sighting; the rest are updates
 *   (renames, reflags, draught changes) dealt to vessels by a seeded hash.
 */
export function planFleet(options: FleetPlanOptions): FleetPlan {
  const { seed, registry, router, start, end, counts } = options;
  const { positions, events, metadata } = counts;
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${k} count must be a non-negative integer, got ${v}`);
  }
  if (!(end > start)) throw new RangeError('scenario end must be after its start');
  if (positions > 0 && positions < events) {
    throw new RangeError(
      `positions (${positions}) must be at least events (${events}): every port event is backed by a position at its time`,
    );
  }
  if (events > 0 && metadata === 0) {
    throw new RangeError(
      'port events need vessels, and every vessel needs a vessel_metadata row: metadata must be > 0',
    );
  }
  // Positions without metadata are allowed: the fleet size then follows the positions.
  const hardCap = metadata > 0 ? Math.min(metadata, registry.size) : registry.size;
  const softCap = metadata > 2 ? Math.max(1, Math.floor(metadata * 0.8)) : hardCap;
  const wanted = positions > 0 || metadata > 0 || events > 0;
  const floor = !wanted
    ? 0
    : events > 0
      ? 1
      : Math.min(softCap, Math.max(1, Math.ceil(positions / 200), metadata > 0 ? Math.ceil(metadata * 0.6) : 0));
  const shuffle = new Permutation(registry.size, seed ^ 0x0f1e2d3c);
  const duration = end - start;

  const attempt = (tempo: number, cap: number): VesselPlan[] | undefined => {
    const plans: Omit<VesselPlan, 'freeReports' | 'firstSeen' | 'updates'>[] = [];
    let remaining = events;
    for (let k = 0; remaining > 0 || plans.length < floor; k++) {
      if (plans.length >= cap || k >= registry.size) return undefined;
      const vessel = registry.get(shuffle.apply(k));
      const biased = remaining > 0 && hash01(seed, 'phase-kind', k) < 0.5;
      const u = hash01(seed, 'phase', k);
      const phase: TimelinePhase = biased
        ? { kind: 'arrival', at: start + Math.floor(u * duration) }
        : { kind: 'natural', at: start, u };
      const walked = walkWindow(voyageTimeline({ seed, vessel, router, phase, tempo }), start, end);
      const quota = Math.min(remaining, walked.eventTimes.length);
      const truncated = quota < walked.eventTimes.length;
      const observedUntil = truncated ? (walked.eventTimes[quota] as Micros) : end;
      const weight = truncated ? (walked.weightBefore[quota] as number) : walked.totalWeight;
      if (observedUntil <= start || weight <= 0) continue;
      plans.push({ order: plans.length, vessel, phase, events: quota, observedUntil, weight });
      remaining -= quota;
    }
    return finish(tempo, plans);
  };

  const finish = (
    tempo: number,
    partial: Omit<VesselPlan, 'freeReports' | 'firstSeen' | 'updates'>[],
  ): VesselPlan[] => {
    const free = positions > 0 ? positions - events : 0;
    const alloc = largestRemainder(
      free,
      partial.map((p) => p.weight),
    );
    const updatesTotal = metadata > 0 ? metadata - partial.length : 0;
    const updates = new Array<number>(partial.length).fill(0);
    for (let j = 0; j < updatesTotal; j++) {
      const owner = Math.floor(hash01(seed, 'metadata-owner', j) * partial.length);
      updates[owner] = (updates[owner] as number) + 1;
    }
    return partial.map((p, i) => {
      const freeReports = alloc[i] as number;
      const firstReport =
        freeReports > 0 || p.events > 0
          ? new ReportCursor(voyageTimeline({ seed, vessel: p.vessel, router, phase: p.phase, tempo }), {
              seed,
              order: p.order,
              start,
              end: p.observedUntil,
              step: freeReports > 0 ? p.weight / freeReports : Infinity,
              count: freeReports,
            }).next()?.t
          : undefined;
      return { ...p, freeReports, firstSeen: firstReport ?? start, updates: updates[i] as number };
    });
  };

  if (!wanted) return { seed, start, end, tempo: 1, registry, router, counts, vessels: [] };
  const tempos = options.tempo !== undefined ? [options.tempo] : Array.from({ length: MAX_ATTEMPTS }, (_, i) => 2 ** i);
  for (let i = 0; i < tempos.length; i++) {
    const tempo = tempos[i] as number;
    const last = i === tempos.length - 1;
    const vessels = attempt(tempo, softCap) ?? (last ? attempt(tempo, hardCap) : undefined);
    if (vessels) return { seed, start, end, tempo, registry, router, counts, vessels };
  }
  throw new RangeError(
    `cannot fit ${events} port events into ${hardCap} vessels over ${(duration / 3.6e9).toFixed(2)} h ` +
      `(each vessel needs a vessel_metadata row): raise the metadata count, the registry size or the duration`,
  );
}

/** Splits `total` into integers proportional to weights, summing exactly to total. */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || weights.length === 0) return weights.map(() => 0);
  if (!(sum > 0)) throw new RangeError('cannot share rows among vessels with no observed time');
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let n = 0; left > 0; n = (n + 1) % byRemainder.length, left--) {
    const i = (byRemainder[n] as { i: number }).i;
    out[i] = (out[i] as number) + 1;
  }
  return out;
}
