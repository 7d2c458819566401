import { defer, from, type Observable } from 'rxjs';
import { DEFAULT_START, formatMicros, MICROS_PER_MS, toMicros, type Micros } from '../core/time.js';
import { planFleet, type FleetPlan } from '../generate/fleet-plan.js';
import { portEventRows } from '../generate/port-events.js';
import { specsFromPlan, type VesselSpec } from '../generate/vessel-spec.js';
import { vesselMetadataRows } from '../generate/vessel-metadata.js';
import { vesselPositionRows } from '../generate/vessel-positions.js';
import { planHardCases, type HardCaseOptions } from '../knobs/hard-cases.js';
import { transformIterable, type RowTransformFactory } from '../knobs/row-transform.js';
import { VesselRegistry } from '../registry/vessel-registry.js';
import { defaultSeaRouter } from '../routing/sea-router.js';
import type { PortEventRow, TableName, VesselMetadataRow, VesselPositionRow } from '../rows.js';
import { SYNTHESIZER_TABLES } from '../schema/tables.js';
import { isScenarioName, SCENARIO_PRESETS, type ScenarioCounts, type ScenarioName } from './presets.js';

export type TimeInput = Micros | Date | string;

export interface ScenarioOptions {
  /** Start from a preset's counts and duration; explicit fields below override it. */
  readonly preset?: ScenarioName;
  /** Label for logs; defaults to the preset name or 'custom'. */
  readonly name?: string;
  readonly seed?: number;
  /** Exact row counts per table (including duplicate rows from the duplicate knob). */
  readonly counts?: Partial<ScenarioCounts>;
  /** Window start, default 2026-01-01T00:00:00Z. */
  readonly start?: TimeInput;
  /** Window length; or give `end`. */
  readonly durationMs?: number;
  readonly end?: TimeInput;
  /** Vessels in the registry the fleet is drawn from, default 100,000. */
  readonly registrySize?: number;
  /** Force a tempo (>= 1) instead of letting the planner choose; see voyage/timeline.ts. */
  readonly tempo?: number;
  /** Hard-case knobs for all tables... */
  readonly hardCases?: HardCaseOptions;
  /** ...and per-table overrides (merged over `hardCases`). */
  readonly tables?: { readonly [T in TableName]?: HardCaseOptions };
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly start: string;
  readonly end: string;
  /** Exact numbers of rows each stream emits. */
  readonly counts: ScenarioCounts;
  /** Vessels that appear in the scenario. */
  readonly fleetSize: number;
  /** Port-call compression the planner settled on (1 = real-world schedules). */
  readonly tempo: number;
  readonly registry: VesselRegistry;
  /** Cold: every subscription regenerates the same rows from the seed, in time order (before late rows). */
  readonly vesselPositions$: Observable<VesselPositionRow>;
  readonly portEvents$: Observable<PortEventRow>;
  readonly vesselMetadata$: Observable<VesselMetadataRow>;
  /** The same rows as pull-based iterables, for writers that need backpressure. */
  readonly rows: {
    vesselPositions(): Iterable<VesselPositionRow>;
    portEvents(): Iterable<PortEventRow>;
    vesselMetadata(): Iterable<VesselMetadataRow>;
  };
  /** BigQuery table definitions (schema, partitioning, clustering). */
  readonly tables: typeof SYNTHESIZER_TABLES;
  readonly plan: FleetPlan;
}

export const DEFAULT_SEED = 1;

function resolve(nameOrOptions: ScenarioName | ScenarioOptions, seed: number | undefined) {
  const options: ScenarioOptions = typeof nameOrOptions === 'string' ? { preset: nameOrOptions } : nameOrOptions;
  if (typeof nameOrOptions === 'string' && !isScenarioName(nameOrOptions)) {
    throw new RangeError(`unknown scenario ${JSON.stringify(nameOrOptions)}: use small, realistic, stress or options`);
  }
  const preset = options.preset ? SCENARIO_PRESETS[options.preset] : undefined;
  if (options.preset && !preset) throw new RangeError(`unknown preset ${JSON.stringify(options.preset)}`);
  const counts: ScenarioCounts = {
    positions: options.counts?.positions ?? preset?.counts.positions ?? 0,
    events: options.counts?.events ?? preset?.counts.events ?? 0,
    metadata: options.counts?.metadata ?? preset?.counts.metadata ?? 0,
  };
  const start = toMicros(options.start ?? DEFAULT_START);
  let end: Micros;
  if (options.end !== undefined) end = toMicros(options.end);
  else if (options.durationMs !== undefined) end = start + Math.round(options.durationMs * MICROS_PER_MS);
  else if (preset) end = start + preset.durationUs;
  else throw new RangeError('give a preset, durationMs or end');
  return {
    options,
    name: options.name ?? options.preset ?? 'custom',
    seed: (seed ?? options.seed ?? DEFAULT_SEED) >>> 0,
    counts,
    start,
    end,
  };
}

/** A re-iterable view: each iteration regenerates the base rows and runs fresh knob state. */
export function knobbed<T>(base: () => Iterable<T>, transforms: readonly RowTransformFactory<T>[]): () => Iterable<T> {
  return () => ({ [Symbol.iterator]: () => transformIterable(base(), transforms) });
}

/**
 * Builds a scenario: plans the fleet once (cheap: timelines are walked, rows are not made),
 * and returns cold observables that regenerate rows on every subscription. The same seed
 * and options always give the same rows, byte for byte.
 */
export function createScenario(nameOrOptions: ScenarioName | ScenarioOptions, seed?: number): Scenario {
  const r = resolve(nameOrOptions, seed);
  const knobs = (table: TableName): HardCaseOptions => ({ ...r.options.hardCases, ...r.options.tables?.[table] });
  const positions = planHardCases('vessel_positions', knobs('vessel_positions'), r.seed, r.counts.positions);
  const events = planHardCases('port_events', knobs('port_events'), r.seed, r.counts.events);
  const metadata = planHardCases('vessel_metadata', knobs('vessel_metadata'), r.seed, r.counts.metadata);
  const registry = new VesselRegistry({
    seed: r.seed,
    size: r.options.registrySize,
    asOfYear: new Date(r.start / 1000).getUTCFullYear(),
  });
  const plan = planFleet({
    seed: r.seed,
    registry,
    router: defaultSeaRouter(),
    start: r.start,
    end: r.end,
    counts: { positions: positions.baseRows, events: events.baseRows, metadata: metadata.baseRows },
    ...(r.options.tempo !== undefined ? { tempo: r.options.tempo } : {}),
  });
  const specs: readonly VesselSpec[] = specsFromPlan(plan);

  const rows = {
    vesselPositions: knobbed(() => vesselPositionRows(specs), positions.transforms),
    portEvents: knobbed(() => portEventRows(specs), events.transforms),
    vesselMetadata: knobbed(() => vesselMetadataRows(specs), metadata.transforms),
  };
  return {
    name: r.name,
    seed: r.seed,
    start: formatMicros(r.start),
    end: formatMicros(r.end),
    counts: r.counts,
    fleetSize: plan.vessels.length,
    tempo: plan.tempo,
    registry,
    // defer: nothing is generated until subscription, and each subscription starts afresh.
    vesselPositions$: defer(() => from(rows.vesselPositions())),
    portEvents$: defer(() => from(rows.portEvents())),
    vesselMetadata$: defer(() => from(rows.vesselMetadata())),
    rows,
    tables: SYNTHESIZER_TABLES,
    plan,
  };
}
