/** Continuous generation and retention against the local BigQuery server. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  initialize,
  runContinuous,
  stats,
  type ContinuousSummary,
} from '../../../streams/synthesizer/writer/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { counts, freshTarget, tempParent } from './helpers.js';

const local = useLocalBigQuery();
const temp = tempParent();
afterAll(() => temp.remove());

const HOUR_MS = 3_600_000;

describe('continuous generation', () => {
  it('writes all three tables at fast rates and stops cleanly with everything flushed', async () => {
    const target = freshTarget(local.client, 'live');
    const stop = new AbortController();
    const deadline = setTimeout(() => stop.abort(), 20_000);
    const summary: ContinuousSummary = await runContinuous(target, {
      rates: { vessel_positions: 50, port_events: 2, vessel_metadata: 1 },
      flushIntervalMs: 400,
      signal: stop.signal,
      tempDir: temp.dir,
      onFlush: ({ totals }) => {
        if (Object.values(totals).every((n) => n > 0)) stop.abort();
      },
    });
    clearTimeout(deadline);
    expect(summary.vessels).toBeGreaterThan(1000); // sized for 2 events/s
    for (const n of Object.values(summary.totals)) expect(n).toBeGreaterThan(0);
    // Stopped cleanly: what the run reports is exactly what is stored.
    expect(await counts(target)).toEqual(summary.totals);
    const now = Date.now();
    for (const s of await stats(target)) {
      expect(Date.parse(s.maxTime ?? '')).toBeLessThanOrEqual(now);
      expect(Date.parse(s.minTime ?? '')).toBeGreaterThan(now - 60_000);
    }
    expect(temp.entries()).toEqual([]);
  });

  it('streams with insertAll too, and a subset of tables', async () => {
    const target = freshTarget(local.client, 'live_stream');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 1500);
    const summary = await runContinuous(target, {
      rates: { vessel_metadata: 5 },
      vessels: 50,
      tables: ['vessel_metadata'],
      flushIntervalMs: 300,
      useStreamingInsert: true,
      signal: stop.signal,
    });
    expect(summary.totals.vessel_metadata).toBeGreaterThanOrEqual(50); // one initial row per vessel
    expect(summary.totals.vessel_positions).toBe(0);
    expect(await counts(target)).toEqual({
      vessel_metadata: summary.totals.vessel_metadata,
      port_events: 'missing',
      vessel_positions: 'missing',
    });
  });
});

describe('retention', () => {
  it('deletes rows older than the retention, keeps recent ones', async () => {
    const target = freshTarget(local.client, 'retention');
    await initialize(target, { scenario: { preset: 'small', start: '2020-01-01T00:00:00Z' }, tempDir: temp.dir });
    await initialize(target, {
      scenario: { preset: 'small', start: new Date(Date.now() - 2 * HOUR_MS), durationMs: HOUR_MS },
      append: true,
      tempDir: temp.dir,
    });
    const results = await applyRetention(target, { retentionDays: 1 });
    expect(results).toEqual([
      { table: 'vessel_metadata', deleted: 20 },
      { table: 'port_events', deleted: 10 },
      { table: 'vessel_positions', deleted: 100 },
    ]);
    expect(await counts(target)).toEqual({ vessel_positions: 100, port_events: 10, vessel_metadata: 20 });
  });

  it('runs during continuous generation', async () => {
    const target = freshTarget(local.client, 'retention_live');
    await initialize(target, { scenario: { preset: 'small', start: '2020-01-01T00:00:00Z' }, tempDir: temp.dir });
    const stop = new AbortController();
    const deleted: number[] = [];
    const summary = await runContinuous(target, {
      rates: { vessel_metadata: 1 },
      vessels: 20,
      flushIntervalMs: 300,
      retentionDays: 1,
      signal: stop.signal,
      tempDir: temp.dir,
      onRetention: (r) => {
        deleted.push(r.reduce((s, x) => s + x.deleted, 0));
        stop.abort();
      },
    });
    expect(deleted).toEqual([130]);
    expect(summary.deletedByRetention).toBe(130);
    expect(await counts(target)).toEqual(summary.totals);
  });
});
