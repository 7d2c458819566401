import { hash01 } from '../core/prng.js';
import type { Micros } from '../core/time.js';
import { reportWeight } from '../voyage/ais-cadence.js';
import type { Piece } from '../voyage/pieces.js';

/** How many position reports a vessel sends, and where. */
export interface ReportSpec {
  readonly seed: number;
  /** Fleet position of the vessel: keys its jitter. */
  readonly order: number;
  /** Reports are taken in [start, end). */
  readonly start: Micros;
  readonly end: Micros;
  /** AIS weight (nominal reports) between consecutive free reports. */
  readonly step: number;
  /** Free (not event-pinned) reports to place; Infinity in live mode. */
  readonly count: number;
}

export interface Report {
  t: Micros;
  piece: Piece;
  /** True when this report is pinned to a port event at the start of `piece`. */
  event: boolean;
}

/**
 * Sum of AIS report weight over the part of a piece inside [start, end). Planning and
 * sampling both accumulate with this one expression, in the same order, so the total a
 * plan allots and the total the sampler walks agree to the last bit.
 */
export function clippedWeight(p: Piece, start: Micros, end: Micros): number {
  const a = Math.max(p.t0, start);
  const b = Math.min(p.t1, end);
  return b > a ? (b - a) * reportWeight(p) : 0;
}

/**
 * Produces a vessel's report times in order: one report at every port event inside the
 * window (so each event has a position at its exact time), plus `count` free reports
 * placed by equal steps of AIS weight, jittered within their step. Equal weight steps give
 * AIS-like cadence: short intervals under way, minutes apart at berth.
 */
export class ReportCursor {
  private piece: Piece;
  private wAcc = 0; // weight before the clipped start of `piece`
  private k = 0;
  private target: number;
  private eventDone = false;
  private lastT = -Infinity;
  private readonly shift: number;
  private readonly out: Report = { t: 0, piece: undefined as unknown as Piece, event: false };

  constructor(
    private readonly pieces: Iterator<Piece>,
    private readonly spec: ReportSpec,
  ) {
    let first = pieces.next();
    while (!first.done && first.value.t1 <= spec.start) first = pieces.next();
    if (first.done) throw new Error('timeline ended before the window');
    this.piece = first.value;
    // Shifted back by up to one step; a first report that would fall before the start is
    // skipped, so a fleet's reports arrive at the full rate from its first second.
    this.shift = Number.isFinite(spec.count) ? 0 : hash01(spec.seed, 'report-shift', spec.order) - 1;
    this.target = this.targetOf(0);
    if (this.target < 0) {
      this.k = 1;
      this.target = this.targetOf(1);
    }
  }

  /**
   * Weight at which the k-th free report falls: inside the k-th step, jittered. A live fleet
   * (endless count) also shifts each vessel by its own fraction of a step: otherwise every
   * vessel's k-th report sits in the same part of its k-th step, all vessels start at once,
   * and the fleet's reports bunch into waves with dips between them. A finite plan keeps
   * no shift, so its last report still fits its weight.
   */
  private targetOf(k: number): number {
    const jitter = 0.1 + 0.8 * hash01(this.spec.seed, 'report', this.spec.order, k);
    return (k + this.shift + jitter) * this.spec.step;
  }

  /** Next report, or undefined when the vessel has no more in its window. The object is reused. */
  next(): Report | undefined {
    const { start, end, count } = this.spec;
    for (;;) {
      const p = this.piece;
      const a = Math.max(p.t0, start);
      if (a >= end) return this.flushShort();
      if (!this.eventDone && p.event !== undefined && p.t0 >= start) {
        this.eventDone = true;
        return this.emit(p.t0, p, true);
      }
      const w = clippedWeight(p, start, end);
      if (this.k < count && this.target < this.wAcc + w) {
        let t = a + Math.floor((this.target - this.wAcc) / reportWeight(p));
        const b = Math.min(p.t1, end);
        if (t >= b) t = b - 1;
        this.k += 1;
        this.target = this.targetOf(this.k);
        return this.emit(t, p, false);
      }
      this.wAcc += w;
      const n = this.pieces.next();
      if (n.done) return this.flushShort();
      this.piece = n.value;
      this.eventDone = false;
    }
  }

  private emit(t: Micros, piece: Piece, event: boolean): Report {
    // Per vessel, times strictly increase: a free report landing on an event's microsecond moves up one.
    if (t <= this.lastT) t = this.lastT + 1;
    this.lastT = t;
    this.out.t = t;
    this.out.piece = piece;
    this.out.event = event;
    return this.out;
  }

  /**
   * Floating-point slack could leave the last planned report just past the walked weight;
   * place it right after the previous one so the count stays exact.
   */
  private flushShort(): Report | undefined {
    if (this.k >= this.spec.count || !Number.isFinite(this.spec.count)) return undefined;
    this.k += 1;
    return this.emit(Math.min(this.lastT + 1, this.spec.end - 1), this.piece, false);
  }
}
