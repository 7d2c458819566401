import { formatMicros, type Micros } from '../core/time.js';
import type { VesselMetadataRow } from '../rows.js';
import { mergeByTime, type TimedSource } from './merge.js';
import type { VesselSpec } from './vessel-spec.js';
import { VesselStateCursor } from './vessel-state.js';

/** The initial row of one vessel, then one row per update, in time order. */
class MetadataSource implements TimedSource<VesselMetadataRow> {
  readonly order: number;
  time: Micros;
  private readonly cursor: VesselStateCursor;

  constructor(private readonly spec: VesselSpec) {
    this.order = spec.order;
    this.cursor = new VesselStateCursor(spec.seed, spec.vessel, spec.updates());
    this.time = spec.firstSeen;
  }

  advance(): void {
    this.time = this.cursor.nextUpdateAt === undefined ? Infinity : this.cursor.applyNext();
  }

  row(): VesselMetadataRow {
    const v = this.spec.vessel;
    const s = this.cursor.state;
    return {
      mmsi: v.mmsi,
      imo: v.imo,
      vessel_name: s.name,
      call_sign: s.callSign,
      vessel_type: v.type,
      flag: s.flag,
      length_m: v.lengthM,
      beam_m: v.beamM,
      draft_m: s.draftM,
      build_year: v.buildYear,
      last_updated: formatMicros(this.time),
    };
  }
}

export function* vesselMetadataRows(specs: readonly VesselSpec[]): Generator<VesselMetadataRow, void, undefined> {
  yield* mergeByTime(specs.map((s) => new MetadataSource(s)));
}
