import type { Micros } from '../core/time.js';
import type { Port } from '../data/ports.js';
import type { GreatCircleArc } from '../geo/geo.js';
import type { NavStatus, PortEventType } from '../rows.js';

/** A port event firing at the start of a piece: the vessel's position then is the piece's start. */
export interface PieceEvent {
  readonly type: PortEventType;
  readonly port: Port;
}

/** Constant-speed movement along part of one great-circle arc, over [t0, t1). */
export interface MovePiece {
  readonly kind: 'move';
  readonly t0: Micros;
  readonly t1: Micros;
  readonly status: NavStatus;
  readonly arc: GreatCircleArc;
  readonly f0: number;
  readonly f1: number;
  /** Speed the piece was planned at; reports show it rounded to 0.1 kn. */
  readonly speedKn: number;
  readonly event?: PieceEvent;
}

/** Lying still (moored or at anchor) over [t0, t1). */
export interface StayPiece {
  readonly kind: 'stay';
  readonly t0: Micros;
  readonly t1: Micros;
  readonly status: NavStatus;
  readonly lat: number;
  readonly lon: number;
  readonly heading: number;
  readonly event?: PieceEvent;
}

/**
 * One stretch of a vessel's track. Pieces are contiguous (each starts where and when the
 * previous ended) and every port event sits on a piece boundary, which is what makes the
 * positions and port_events tables agree.
 */
export type Piece = MovePiece | StayPiece;
