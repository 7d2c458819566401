import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { Permutation } from '../core/permutation.js';
import { hash01 } from '../core/prng.js';
import {
  formatMicros,
  MICROS_PER_HOUR,
  MICROS_PER_MS,
  MICROS_PER_SECOND,
  toMicros,
  type Micros,
} from '../core/time.js';
import { clippedWeight } from '../generate/report-cursor.js';
import { portEventRows } from '../generate/port-events.js';
import type { VesselSpec } from '../generate/vessel-spec.js';
import { poissonSchedule } from '../generate/vessel-state.js';
import { vesselMetadataRows } from '../generate/vessel-metadata.js';
import { vesselPositionRows } from '../generate/vessel-positions.js';
import { planHardCases, type HardCaseOptions } from '../knobs/hard-cases.js';
import type { RowTransform, RowTransformFactory } from '../knobs/row-transform.js';
import { VesselRegistry } from '../registry/vessel-registry.js';
import { defaultSeaRouter } from '../routing/sea-router.js';
import {
  TIME_COLUMN,
  type PortEventRow,
  type RowOf,
  type TableName,
  type VesselMetadataRow,
  type VesselPositionRow,
} from '../rows.js';
import { voyageTimeline, type TimelinePhase } from '../voyage/timeline.js';
import { DEFAULT_SEED, type TimeInput } from './scenario.js';

export interface ContinuousRates {
  /** Mean position reports per second across the fleet. */
  readonly positionsPerSecond: number;
  /**
   * Instead of a rate: report at the nominal AIS interval times this factor (1 = real AIS
   * cadence, 10 s under way and 3 min at berth; 30 = every 5 min under way). Overrides
   * positionsPerSecond when given.
   */
  readonly aisIntervalScale?: number;
  /** Target port events per second; the planner picks the tempo that comes closest. */
  readonly eventsPerSecond?: number;
  /** Metadata updates per second across the fleet (after one initial row per vessel). */
  readonly metadataPerSecond?: number;
}

export interface ContinuousOptions {
  readonly seed?: number;
  readonly rates: ContinuousRates;
  /** Vessels in the live fleet, default 100. */
  readonly vessels?: number;
  /** Simulated start; default the clock's time at the first subscription to any of the streams. */
  readonly start?: TimeInput;
  /** Clock and timer: rows are released when the clock passes their time. Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Overrides the scheduler's clock (milliseconds since the epoch). */
  readonly now?: () => number;
  /** Fix the tempo (>= 1) instead of choosing the one closest to eventsPerSecond. */
  readonly tempo?: number;
  /** How often to release due rows, default 1000 ms. */
  readonly tickMs?: number;
  readonly registrySize?: number;
  readonly hardCases?: HardCaseOptions;
  readonly tables?: { readonly [T in TableName]?: HardCaseOptions };
}

export interface ContinuousGenerator {
  /** Cold streams: each subscription starts the fleet at its start time; they never complete. */
  readonly vesselPositions$: Observable<VesselPositionRow>;
  readonly portEvents$: Observable<PortEventRow>;
  readonly vesselMetadata$: Observable<VesselMetadataRow>;
  /** The fleet and its calibrated rates for a given start (also what the streams use). */
  fleetAt(start: TimeInput): LiveFleet;
  /**
   * Pull-based: one table's rows from `start` on, taken as a clock passes their time. What
   * the streams use inside, for callers that bring their own clock (a writer, a test).
   */
  cursor<N extends TableName>(table: N, start: TimeInput): LiveCursor<RowOf[N]>;
}

export interface LiveCursor<T> {
  /** Rows (after the knobs) whose time is at or before `nowMs`, in order; each only once. */
  takeDue(nowMs: number): T[];
}

export interface LiveFleet {
  readonly start: string;
  readonly tempo: number;
  readonly specs: readonly VesselSpec[];
  /** Rates measured over the fleet's first simulated hour. */
  readonly expected: { positionsPerSecond: number; eventsPerSecond: number; metadataPerSecond: number };
}

/**
 * Rates are calibrated over the fleet's first simulated hour: what a user watches. Vessels
 * start at a length-biased point of their cycle ('stationary' phase), so the rates hold
 * near that level afterwards; over a day the event rate still drifts (see the README).
 */
const CALIBRATION_US = MICROS_PER_HOUR;

/**
 * Live mode: a fixed fleet sails forever and rows are released as a clock passes their
 * timestamps. Position cadence is scaled to the requested rate; the event rate is matched
 * by choosing the tempo (shorter stays, nearer ports) whose first simulated hour comes
 * closest; metadata updates arrive per vessel as a Poisson process.
 */
export function continuousGenerator(options: ContinuousOptions): ContinuousGenerator {
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const fleetSize = options.vessels ?? 100;
  const registry = new VesselRegistry({ seed, size: options.registrySize });
  if (!Number.isInteger(fleetSize) || fleetSize < 1 || fleetSize > registry.size) {
    throw new RangeError(`vessels must be an integer in [1, ${registry.size}], got ${fleetSize}`);
  }
  if (!(options.rates.positionsPerSecond >= 0)) throw new RangeError('positionsPerSecond must be >= 0');
  const router = defaultSeaRouter();
  const scheduler = options.scheduler ?? asyncScheduler;
  const nowMs = options.now ?? (() => scheduler.now());
  const tickMs = options.tickMs ?? 1000;
  const shuffle = new Permutation(registry.size, seed ^ 0x0f1e2d3c);
  const vessels = Array.from({ length: fleetSize }, (_, k) => registry.get(shuffle.apply(k)));
  const fleets = new Map<Micros, LiveFleet>();
  let defaultStart: Micros | undefined;

  const fleetAt = (startInput: TimeInput): LiveFleet => {
    const start = toMicros(startInput);
    const cached = fleets.get(start);
    if (cached) return cached;
    const phases: TimelinePhase[] = vessels.map((_, k) => ({
      kind: 'stationary',
      at: start,
      u: hash01(seed, 'live-phase', k),
    }));
    const sample = (tempo: number) => {
      let events = 0;
      let weight = 0;
      vessels.forEach((vessel, k) => {
        const it = voyageTimeline({ seed, vessel, router, phase: phases[k] as TimelinePhase, tempo });
        for (;;) {
          const p = it.next().value;
          if (p.t0 >= start + CALIBRATION_US) break;
          if (p.event && p.t0 >= start) events++;
          weight += clippedWeight(p, start, start + CALIBRATION_US);
        }
      });
      return { eventsPerSecond: events / (CALIBRATION_US / MICROS_PER_SECOND), weight };
    };
    let tempo = options.tempo ?? 1;
    let measured = sample(tempo);
    const target = options.rates.eventsPerSecond;
    if (options.tempo === undefined && target !== undefined && target > 0) {
      let bestErr = Math.abs(Math.log((measured.eventsPerSecond + 1e-12) / target));
      for (let t = 2; t <= 256; t *= 2) {
        const m = sample(t);
        const err = Math.abs(Math.log((m.eventsPerSecond + 1e-12) / target));
        if (err < bestErr) {
          bestErr = err;
          tempo = t;
          measured = m;
        }
      }
    }
    // Event-pinned reports count toward the position rate; free reports make up the rest.
    const freePerSecond = Math.max(1e-9, options.rates.positionsPerSecond - measured.eventsPerSecond);
    const scale = options.rates.aisIntervalScale;
    if (scale !== undefined && !(scale > 0)) throw new RangeError(`aisIntervalScale must be > 0, got ${scale}`);
    const reporting = scale !== undefined || options.rates.positionsPerSecond > 0;
    // One free report per `step` units of AIS weight (a unit = one nominal AIS interval).
    const step =
      scale ?? (reporting ? measured.weight / (freePerSecond * (CALIBRATION_US / MICROS_PER_SECOND)) : Infinity);
    const updatesPerMicroPerVessel = (options.rates.metadataPerSecond ?? 0) / MICROS_PER_SECOND / fleetSize;
    const specs: VesselSpec[] = vessels.map((vessel, k) => ({
      seed,
      order: k,
      vessel,
      router,
      phase: phases[k] as TimelinePhase,
      tempo,
      start,
      end: Infinity,
      reportStep: step,
      reportCount: reporting ? Infinity : 0,
      // Initial rows one microsecond apart, not all in one tie group.
      firstSeen: start + k,
      updates: () => poissonSchedule(seed, k, updatesPerMicroPerVessel, start + k),
    }));
    const fleet: LiveFleet = {
      start: formatMicros(start),
      tempo,
      specs,
      expected: {
        positionsPerSecond:
          scale !== undefined
            ? measured.weight / scale / (CALIBRATION_US / MICROS_PER_SECOND) + measured.eventsPerSecond
            : options.rates.positionsPerSecond,
        eventsPerSecond: measured.eventsPerSecond,
        metadataPerSecond: options.rates.metadataPerSecond ?? 0,
      },
    };
    fleets.set(start, fleet);
    return fleet;
  };

  const bases: { readonly [N in TableName]: (specs: readonly VesselSpec[]) => Iterator<RowOf[N]> } = {
    vessel_positions: (specs) => vesselPositionRows(specs),
    port_events: (specs) => portEventRows(specs),
    vessel_metadata: (specs) => vesselMetadataRows(specs),
  };

  const cursor = <N extends TableName>(table: N, startInput: TimeInput): LiveCursor<RowOf[N]> => {
    const fleet = fleetAt(startInput);
    const knobs = planHardCases(table, { ...options.hardCases, ...options.tables?.[table] }, seed);
    const stages = (knobs.transforms as readonly RowTransformFactory<RowOf[N]>[]).map((f) => f());
    let out: RowOf[N][] = [];
    const emit = chain(stages, (row) => out.push(row));
    const rows = (bases[table] as (specs: readonly VesselSpec[]) => Iterator<RowOf[N]>)(fleet.specs);
    const timeField = TIME_COLUMN[table] as keyof RowOf[N];
    let pending = rows.next();
    return {
      takeDue(now: number): RowOf[N][] {
        // Fixed-width timestamps compare as text; a row is due once the clock reaches it.
        const due = formatMicros(Math.floor(now * MICROS_PER_MS));
        while (!pending.done && (pending.value[timeField] as unknown as string) <= due) {
          emit(pending.value);
          pending = rows.next();
        }
        const taken = out;
        out = [];
        return taken;
      },
    };
  };

  const live = <N extends TableName>(table: N): Observable<RowOf[N]> =>
    new Observable<RowOf[N]>((subscriber) => {
      // Without an explicit start, the first subscription fixes it for all three tables, so
      // positions, events and metadata describe the same voyages.
      defaultStart ??= Math.floor(nowMs()) * MICROS_PER_MS;
      const rows = cursor(table, options.start !== undefined ? toMicros(options.start) : defaultStart);
      const subscription = scheduler.schedule(function tick() {
        for (const row of rows.takeDue(nowMs())) {
          if (subscriber.closed) break;
          subscriber.next(row);
        }
        if (!subscriber.closed) this.schedule(undefined, tickMs);
      }, 0);
      return () => subscription.unsubscribe();
    });

  return {
    vesselPositions$: live('vessel_positions'),
    portEvents$: live('port_events'),
    vesselMetadata$: live('vessel_metadata'),
    fleetAt,
    cursor,
  };
}

function chain<T>(stages: readonly RowTransform<T>[], sink: (row: T) => void): (row: T) => void {
  let emit = sink;
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i] as RowTransform<T>;
    const next = emit;
    emit = (row) => stage.push(row, next);
  }
  return emit;
}
