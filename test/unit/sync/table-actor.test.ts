import { Observable, concat, of, timer, map, NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TableActor } from '../../../actors/table-actor.js';
import type { Progress } from '../../../streams/operators/track-progress.js';
import { testTable } from '../../support/table-config.js';

const table = testTable();

const progress = (rows: number, committed: boolean, at: number): Progress => ({
  cursor: { timestampMicros: 1n, key: ['k'] },
  phase: 'steady',
  lagMs: 5,
  caughtUp: true,
  lookback: false,
  batchSize: 10,
  rowsInBatch: rows,
  skippedInBatch: 0,
  rowsCommitted: rows,
  skippedCommitted: 0,
  rowsPerSecond: 1,
  readLatencyMs: 1,
  committed,
  committedAtMs: at,
});

describe('table actor status', () => {
  it('moves lastCommitAt only when a step wrote something, and counts rows', async () => {
    const actor = new TableActor({
      table,
      build: () => concat(of(progress(3, true, 1_000)), timer(5).pipe(map(() => progress(0, false, 2_000))), NEVER),
      // This stand-in ignores the drain signal: stop abandons it after the timeout.
      drainTimeoutMs: 50,
    });
    actor.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(actor.status).toMatchObject({
      state: 'running',
      rowsCommitted: 3,
      lastCommitAt: new Date(1_000).toISOString(),
      cursor: { key: ['k'] },
    });
    await actor.stop();
    expect(actor.status.state).toBe('stopped');
  });
});

describe('table actor commands (state machine + mailbox)', () => {
  /** A pipeline that emits once, then drains for `drainMs` after its stop signal. */
  function drainingActor(drainMs: number) {
    const log: string[] = [];
    let runs = 0;
    const actor = new TableActor({
      table,
      refreshMs: 0,
      onEvent: (e) => log.push(e.type === 'paused' ? `paused:${e.reason}` : e.type),
      build: ({ stop }) => {
        runs++;
        return concat(
          of(progress(1, true, 1_000)),
          new Observable<Progress>((subscriber) => {
            const sub = stop.subscribe(() => {
              log.push('drain');
              setTimeout(() => subscriber.complete(), drainMs);
            });
            return () => sub.unsubscribe();
          }),
        );
      },
    });
    return { actor, log, runs: () => runs };
  }

  it('a pause sent twice while the first one drains drains once, with its reason in the status', async () => {
    const { actor, log } = drainingActor(20);
    await actor.start();
    const first = actor.pause('budget');
    expect(actor.status).toMatchObject({ state: 'pausing', pauseReason: 'budget' });
    const second = actor.pause('budget');
    await Promise.all([first, second]);
    expect(log).toEqual(['started', 'drain', 'paused:budget']);
    expect(actor.status).toMatchObject({ state: 'paused', pauseReason: 'budget' });
    await actor.stop();
    expect(actor.status).toMatchObject({ state: 'stopped', pauseReason: null });
  });

  it('commands sent while one drains queue in order: pause, resume, resync, stop', async () => {
    const { actor, log, runs } = drainingActor(10);
    const states: string[] = [];
    actor.status$.subscribe((s) => {
      if (states.at(-1) !== s.state) states.push(s.state);
    });
    await actor.start();
    let resets = 0;
    await Promise.all([
      actor.pause(),
      actor.resume(),
      actor.resync(async () => {
        resets++;
      }),
      actor.resync(async () => {
        resets++;
      }),
      actor.stop(),
    ]);
    expect(resets).toBe(1);
    expect(runs()).toBe(3);
    expect(states).toEqual([
      'idle',
      'running',
      'pausing',
      'paused',
      'running',
      'resyncing',
      'running',
      'stopping',
      'stopped',
    ]);
    expect(log).toEqual([
      'started',
      'drain',
      'paused:user',
      'started',
      'resyncing',
      'drain',
      'started',
      'drain',
      'stopped',
    ]);
  });

  it('a resync whose reset fails leaves the table failed with the reason, and the next command still runs', async () => {
    const { actor } = drainingActor(0);
    await actor.start();
    await expect(actor.resync(() => Promise.reject(new Error('store unavailable')))).rejects.toThrow(
      'store unavailable',
    );
    expect(actor.status).toMatchObject({ state: 'failed', lastError: expect.stringContaining('store unavailable') });
    await actor.start();
    expect(actor.status.state).toBe('running');
    await actor.stop();
  });
});
