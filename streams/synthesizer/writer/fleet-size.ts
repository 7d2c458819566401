import { continuousGenerator } from '../scenarios/continuous.js';
import type { TimeInput } from '../scenarios/scenario.js';

export const MIN_LIVE_FLEET = 100;
/** Calibrating a live fleet costs about 0.15 ms per vessel per tempo tried: 20,000 vessels is ~3 s. */
export const MAX_LIVE_FLEET = 20_000;

const clampFleet = (n: number): number => Math.min(MAX_LIVE_FLEET, Math.max(MIN_LIVE_FLEET, Math.ceil(n)));

/**
 * How many vessels a live fleet needs for a port-event rate. A vessel makes a few dozen
 * port calls a day at most (at the fastest tempo), so rates of events per second need
 * thousands of vessels. A 100-vessel probe picks the tempo and a first size; that fleet is
 * then measured at that tempo and scaled once more, since a small probe's per-vessel rate
 * is off by 10-20% (few events, a handful of vessel types).
 */
export function fleetSizeForEvents(eventsPerSecond: number, seed: number, start: TimeInput): number {
  return sizeLiveFleet(eventsPerSecond, seed, start).vessels;
}

/** The fleet size for an event rate, and the tempo it was sized at (undefined: no events asked). */
export function sizeLiveFleet(
  eventsPerSecond: number,
  seed: number,
  start: TimeInput,
): { readonly vessels: number; readonly tempo?: number } {
  if (!(eventsPerSecond > 0)) return { vessels: MIN_LIVE_FLEET };
  const measure = (vessels: number, tempo?: number) =>
    continuousGenerator({
      seed,
      vessels,
      rates: { positionsPerSecond: 0, eventsPerSecond },
      ...(tempo !== undefined ? { tempo } : {}),
    }).fleetAt(start);
  const probe = measure(MIN_LIVE_FLEET);
  const tempo = probe.tempo;
  const perVessel = probe.expected.eventsPerSecond / MIN_LIVE_FLEET;
  if (!(perVessel > 0)) return { vessels: MIN_LIVE_FLEET, tempo };
  const first = clampFleet(eventsPerSecond / perVessel);
  if (first === MIN_LIVE_FLEET || first === MAX_LIVE_FLEET) return { vessels: first, tempo };
  const measured = measure(first, tempo).expected.eventsPerSecond;
  return { vessels: measured > 0 ? clampFleet((first * eventsPerSecond) / measured) : first, tempo };
}
