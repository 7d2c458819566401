import { formatMicros, type Micros } from '../core/time.js';
import type { PortEventRow } from '../rows.js';
import type { Piece } from '../voyage/pieces.js';
import { stateInPiece, type TrackState } from '../voyage/track-state.js';
import { mergeByTime, type TimedSource } from './merge.js';
import { timelineOf, type VesselSpec } from './vessel-spec.js';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Port events of one vessel: the event marks on its timeline inside its window. */
class EventSource implements TimedSource<PortEventRow> {
  readonly order: number;
  time: Micros = Infinity;
  private head: Piece | undefined;
  private readonly pieces: Iterator<Piece>;
  private readonly state: TrackState = { lat: 0, lon: 0, speedKn: 0, course: 0, heading: 0, status: 'moored' };

  constructor(private readonly spec: VesselSpec) {
    this.order = spec.order;
    this.pieces = timelineOf(spec);
    this.advance();
  }

  advance(): void {
    for (;;) {
      const n = this.pieces.next();
      const p = n.value as Piece;
      if (n.done || p.t0 >= this.spec.end) {
        this.head = undefined;
        this.time = Infinity;
        return;
      }
      if (p.event && p.t0 >= this.spec.start) {
        this.head = p;
        this.time = p.t0;
        return;
      }
    }
  }

  row(): PortEventRow {
    const p = this.head as Piece;
    const event = p.event!;
    // Same position and rounding as the position report pinned to this event.
    const s = stateInPiece(p, p.t0, this.state);
    return {
      event_time: formatMicros(p.t0),
      port_id: event.port.locode,
      port_name: event.port.name,
      vessel_mmsi: this.spec.vessel.mmsi,
      event_type: event.type,
      latitude: round6(s.lat),
      longitude: round6(s.lon),
    };
  }
}

export function* portEventRows(specs: readonly VesselSpec[]): Generator<PortEventRow, void, undefined> {
  yield* mergeByTime(specs.map((s) => new EventSource(s)));
}
