import { NEVER, VirtualTimeScheduler, concat, defer, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TableActor, type TableEvent } from '../../../actors/table-actor.js';
import type { Progress } from '../../../streams/operators/track-progress.js';
import { BudgetExceededError, nextUtcMidnight } from '../../../streams/source/daily-budget.js';
import { testTable } from '../../support/table-config.js';

const table = testTable({ maxBytesBilledPerDay: 100 });

const progress = (at: number): Progress => ({
  cursor: { timestampMicros: 1n, key: ['k'] },
  phase: 'steady',
  lagMs: 5,
  caughtUp: true,
  lookback: false,
  batchSize: 10,
  rowsInBatch: 1,
  skippedInBatch: 0,
  rowsCommitted: 1,
  skippedCommitted: 0,
  rowsPerSecond: 1,
  readLatencyMs: 1,
  committed: true,
  committedAtMs: at,
});

describe('table actor: daily budget', () => {
  it('pauses (reason budget) instead of failing, audits it, and resumes by itself at the next UTC midnight', async () => {
    const scheduler = new VirtualTimeScheduler(undefined, Infinity);
    const base = Date.UTC(2024, 0, 1, 18, 0);
    const now = () => base + scheduler.now();
    const events: TableEvent[] = [];
    let builds = 0;
    const actor = new TableActor({
      table,
      scheduler,
      now,
      refreshMs: 0,
      onEvent: (e) => events.push(e),
      build: ({ report }) =>
        defer(() => {
          builds++;
          report?.({ budget: { maxBytesBilledPerDay: 100, bytesBilledToday: 90, leftToday: 10 } });
          if (builds === 1)
            return throwError(() => new BudgetExceededError('Daily budget reached', nextUtcMidnight(now())));
          return concat(of(progress(now())), NEVER);
        }),
    });
    await actor.start();
    expect(actor.status).toMatchObject({
      state: 'paused',
      pauseReason: 'budget',
      resumesAt: '2024-01-02T00:00:00.000Z',
      restarts: 0,
      lastError: null,
      budget: { leftToday: 10 },
    });
    expect(events).toContainEqual({
      type: 'paused',
      tableId: 't',
      reason: 'budget',
      resumesAt: '2024-01-02T00:00:00.000Z',
      message: 'Daily budget reached',
    });
    expect(events.some((e) => e.type === 'failed')).toBe(false);
    scheduler.flush();
    expect(builds).toBe(2);
    expect(now()).toBe(Date.UTC(2024, 0, 2));
    expect(actor.status).toMatchObject({ state: 'running', pauseReason: null, resumesAt: null, rowsCommitted: 1 });
  });

  it('a pause asked for during a budget pause cancels the resume at midnight', async () => {
    const scheduler = new VirtualTimeScheduler(undefined, Infinity);
    const now = () => Date.UTC(2024, 0, 1, 18, 0) + scheduler.now();
    let builds = 0;
    const actor = new TableActor({
      table,
      scheduler,
      now,
      refreshMs: 0,
      build: () =>
        defer(() => {
          builds++;
          return throwError(() => new BudgetExceededError('Daily budget reached', nextUtcMidnight(now())));
        }),
    });
    actor.start();
    await actor.pause();
    expect(actor.status).toMatchObject({ state: 'paused', pauseReason: 'user', resumesAt: null });
    scheduler.flush();
    expect(builds).toBe(1);
  });

  it('logs each warning once, however often the pipeline reports it', () => {
    const events: TableEvent[] = [];
    const actor = new TableActor({
      table,
      refreshMs: 0,
      onEvent: (e) => events.push(e),
      build: ({ report }) => {
        report?.({ warnings: ['w1'], costEstimate: { backfillBytes: 1, steadyBytesPerDay: 2, pollIntervalMs: 3 } });
        report?.({ warnings: ['w1', 'w2'] });
        return NEVER;
      },
    });
    actor.start();
    expect(actor.status.warnings).toEqual(['w1', 'w2']);
    expect(actor.status.costEstimate).toEqual({ backfillBytes: 1, steadyBytesPerDay: 2, pollIntervalMs: 3 });
    expect(events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual([
      'w1',
      'w2',
    ]);
  });
});
