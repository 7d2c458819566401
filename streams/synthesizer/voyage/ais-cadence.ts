import { MICROS_PER_SECOND } from '../core/time.js';
import type { Piece } from './pieces.js';

/**
 * Nominal AIS class A reporting intervals (ITU-R M.1371): 10 s under way up to 14 kn, 6 s
 * up to 23 kn, 2 s above; 3 minutes at anchor or moored. Scenarios scale these down to hit
 * their row counts, but keep the proportions, so moving ships dominate the table as in
 * real AIS feeds.
 */
export function nominalIntervalMicros(piece: Piece): number {
  if (piece.kind === 'stay') return 180 * MICROS_PER_SECOND;
  if (piece.speedKn > 23) return 2 * MICROS_PER_SECOND;
  if (piece.speedKn > 14) return 6 * MICROS_PER_SECOND;
  return 10 * MICROS_PER_SECOND;
}

/** Report density (nominal reports per microsecond) of a piece. */
export function reportWeight(piece: Piece): number {
  return 1 / nominalIntervalMicros(piece);
}
