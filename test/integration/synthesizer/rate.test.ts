/**
 * `start`'s generator keeps the rates it is asked for: the real writer against the local
 * BigQuery server, on a virtual clock, so ten minutes of live generation run in seconds and
 * the test asserts what was written, not how fast the machine is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runContinuous, type ContinuousSummary, type LiveClock } from '../../../streams/synthesizer/writer/index.js';
import type { TableName } from '../../../streams/synthesizer/rows.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { counts, freshTarget, tempParent } from './helpers.js';

const local = useLocalBigQuery();
const temp = tempParent();
afterAll(() => temp.remove());

const MINUTE_MS = 60_000;

/** Time moves only when the writer sleeps; the run is stopped once `untilMs` of it passed. */
function virtualClock(startMs: number, runMs: number, stop: AbortController): LiveClock & { fleetStartMs?: number } {
  let now = startMs;
  const clock: LiveClock & { fleetStartMs?: number } = {
    now: () => now,
    async sleep(ms, signal) {
      if (signal.aborted) return false;
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
      if (clock.fleetStartMs !== undefined && now >= clock.fleetStartMs + runMs) stop.abort();
      return !signal.aborted;
    },
  };
  return clock;
}

const within = (actual: number, expected: number, share: number): void => {
  expect(actual, `${actual} vs ${expected}`).toBeGreaterThanOrEqual(expected * (1 - share));
  expect(actual, `${actual} vs ${expected}`).toBeLessThanOrEqual(expected * (1 + share));
};

describe('live generation rates', () => {
  it('writes positions, port events and metadata updates at --rates within 10% (ten simulated minutes)', async () => {
    const target = freshTarget(local.client, 'rates');
    const stop = new AbortController();
    const clock = virtualClock(Date.parse('2026-06-01T08:00:00Z'), 10 * MINUTE_MS, stop);
    const rates = { vessel_positions: 50, port_events: 2, vessel_metadata: 0.5 };
    const perFlush: Record<TableName, number>[] = [];
    const summary: ContinuousSummary = await runContinuous(target, {
      rates,
      seed: 7,
      flushIntervalMs: MINUTE_MS,
      signal: stop.signal,
      tempDir: temp.dir,
      clock,
      onFleet: () => {
        clock.fleetStartMs = clock.now();
      },
      onFlush: ({ rows }) => perFlush.push({ ...rows }),
    });

    expect(summary.generatedMs).toBe(10 * MINUTE_MS);
    // Everything the run reports is stored.
    expect(await counts(target)).toEqual(summary.totals);
    // One flush per simulated minute (the last one at the stop).
    expect(perFlush).toHaveLength(10);
    // Positions: every single minute, including the first (no ramp-up, no dips, no backlog).
    for (const minute of perFlush) within(minute.vessel_positions, rates.vessel_positions * 60, 0.1);
    // Port events come from thousands of independent voyages (about 120 a minute here, so
    // single minutes vary by ~9% by chance alone): checked over the ten minutes.
    within(summary.totals.port_events, rates.port_events * 600, 0.1);
    // Metadata: one initial row per vessel at the start, then updates at the rate.
    expect(perFlush[0]?.vessel_metadata).toBeGreaterThanOrEqual(summary.vessels);
    within(summary.totals.vessel_metadata - summary.vessels, rates.vessel_metadata * 600, 0.15);
  });
});
