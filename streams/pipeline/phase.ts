import type { Phase } from '../model/index.js';

export interface PhaseThresholds {
  /** Above this lag a table that was steady falls back to catch-up. */
  catchupThresholdMs: number;
  /** At or below this lag the table is steady. */
  steadyThresholdMs: number;
}

/**
 * Next phase from the observed lag. `initial` lasts until the table first catches up; the
 * gap between the two thresholds is hysteresis so a table does not flap at the boundary.
 */
export function nextPhase(previous: Phase, lagMs: number, t: PhaseThresholds): Phase {
  if (lagMs <= t.steadyThresholdMs) return 'steady';
  if (previous === 'initial') return 'initial';
  if (previous === 'steady' && lagMs <= t.catchupThresholdMs) return 'steady';
  return 'catchup';
}
