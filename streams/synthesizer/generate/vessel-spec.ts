import type { Micros } from '../core/time.js';
import type { Vessel } from '../registry/vessel-registry.js';
import type { SeaRouter } from '../routing/sea-router.js';
import type { Piece } from '../voyage/pieces.js';
import { voyageTimeline, type TimelinePhase } from '../voyage/timeline.js';
import type { FleetPlan } from './fleet-plan.js';
import { stratifiedSchedule, type UpdateSchedule } from './vessel-state.js';

/**
 * Everything needed to regenerate one vessel's rows in all three tables. Specs are pure
 * data plus factories: each subscription builds fresh cursors from them, which is what
 * makes the observables cold and repeatable.
 */
export interface VesselSpec {
  readonly seed: number;
  readonly order: number;
  readonly vessel: Vessel;
  readonly router: SeaRouter;
  readonly phase: TimelinePhase;
  readonly tempo: number;
  /** Rows are produced in [start, end). */
  readonly start: Micros;
  readonly end: Micros;
  /** AIS weight between free position reports, and how many (Infinity in live mode). */
  readonly reportStep: number;
  readonly reportCount: number;
  /** Time of the initial vessel_metadata row. */
  readonly firstSeen: Micros;
  /** Fresh update schedule (schedules are stateful readers). */
  readonly updates: () => UpdateSchedule;
}

export function timelineOf(spec: VesselSpec): Generator<Piece, never, undefined> {
  return voyageTimeline({
    seed: spec.seed,
    vessel: spec.vessel,
    router: spec.router,
    phase: spec.phase,
    tempo: spec.tempo,
  });
}

export function specsFromPlan(plan: FleetPlan): VesselSpec[] {
  return plan.vessels.map((v) => ({
    seed: plan.seed,
    order: v.order,
    vessel: v.vessel,
    router: plan.router,
    phase: v.phase,
    tempo: plan.tempo,
    start: plan.start,
    end: v.observedUntil,
    reportStep: v.freeReports > 0 ? v.weight / v.freeReports : Infinity,
    reportCount: v.freeReports,
    firstSeen: v.firstSeen,
    updates: () => stratifiedSchedule(plan.seed, v.order, v.updates, v.firstSeen, plan.end),
  }));
}
