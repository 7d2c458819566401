import { continuousGenerator } from '../scenarios/continuous.js';
import type { TimeInput } from '../scenarios/scenario.js';

export const MIN_LIVE_FLEET = 100;
/** Calibrating a live fleet costs about 0.15 ms per vessel per tempo tried: 20,000 vessels is ~3 s. */
export const MAX_LIVE_FLEET = 20_000;

/**
 * How many vessels a live fleet needs for a port-event rate. A vessel makes a few dozen
 * port calls a day at most (at the fastest tempo), so rates of events per second need
 * thousands of vessels: measure a 100-vessel probe and scale it.
 */
export function fleetSizeForEvents(eventsPerSecond: number, seed: number, start: TimeInput): number {
  if (!(eventsPerSecond > 0)) return MIN_LIVE_FLEET;
  const probe = continuousGenerator({
    seed,
    vessels: MIN_LIVE_FLEET,
    rates: { positionsPerSecond: 0, eventsPerSecond },
  }).fleetAt(start);
  const perVessel = probe.expected.eventsPerSecond / MIN_LIVE_FLEET;
  if (!(perVessel > 0)) return MIN_LIVE_FLEET;
  const needed = Math.ceil(eventsPerSecond / perVessel);
  return Math.min(MAX_LIVE_FLEET, Math.max(MIN_LIVE_FLEET, needed));
}
