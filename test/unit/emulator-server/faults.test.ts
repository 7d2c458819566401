import { describe, expect, it } from 'vitest';
import { FaultController, FaultError } from '../../../emulator/faults/controller.js';

describe('FaultController', () => {
  it('is off by default', () => {
    const f = new FaultController();
    expect(f.decide('jobs.query')).toEqual({ latencyMs: 0 });
    expect(f.active).toBe(false);
  });

  it('fails exactly the next N matching requests, with reasons derived from the status', () => {
    const f = new FaultController();
    f.failNext('jobs.query', 2, 429);
    expect(f.decide('tabledata.list').action).toBeUndefined();
    expect(f.decide('jobs.query').action).toMatchObject({
      kind: 'error',
      status: 429,
      reason: 'rateLimitExceeded',
      when: 'before',
    });
    expect(f.decide('jobs.query').action?.status).toBe(429);
    expect(f.decide('jobs.query').action).toBeUndefined();
    expect(f.list()[0]).toMatchObject({ seen: 3, fired: 2 });
  });

  it('skips the first matching requests, then fires (deterministic windows)', () => {
    const f = new FaultController();
    f.add({ route: 'jobs.getQueryResults', skip: 1, times: 2, status: 500 });
    const fired = [0, 1, 2, 3, 4].map(() => f.decide('jobs.getQueryResults').action?.reason);
    expect(fired).toEqual([undefined, 'backendError', 'backendError', undefined, undefined]);
  });

  it('matches wildcards and adds latencies; the first firing error rule wins', () => {
    const f = new FaultController();
    f.delay('*', 5);
    f.add({ route: 'jobs.*', latencyMs: 7 });
    f.add({ route: 'jobs.*', kind: 'reset' });
    f.add({ route: 'jobs.query', status: 503 });
    const d = f.decide('jobs.query');
    expect(d.latencyMs).toBe(12);
    expect(d.action?.kind).toBe('reset');
    // Both action rules counted the request; the 503 rule fired too and is now used up.
    expect(f.decide('jobs.query').action).toBeUndefined();
    expect(f.decide('datasets.get')).toEqual({ latencyMs: 5 });
  });

  it('accepts jobFailure rules and reports them as their own kind of action', () => {
    const f = new FaultController();
    f.add({ route: 'jobs.insert', kind: 'jobFailure', status: 500 });
    expect(f.has('jobFailure')).toBe(true);
    // A dry run (no job) passes by the rule without counting.
    expect(f.decide('jobs.insert', { createsQueryJob: false }).action).toBeUndefined();
    expect(f.decide('jobs.insert', { createsQueryJob: true }).action).toMatchObject({
      kind: 'jobFailure',
      status: 500,
      reason: 'backendError',
    });
    expect(f.decide('jobs.insert', { createsQueryJob: true }).action).toBeUndefined();
    expect(f.list()[0]).toMatchObject({ seen: 2, fired: 1 });
    expect(() => f.add({ route: 'x', kind: 'explode' as never })).toThrow(/jobFailure/);
  });

  it('rejects malformed rules with a clear message and clears', () => {
    const f = new FaultController();
    expect(() => f.add({ route: '' })).toThrow(FaultError);
    expect(() => f.add({ route: 'x', status: 200 })).toThrow(/400-599/);
    expect(() => f.add({ route: 'x', kind: 'latency' })).toThrow(/latencyMs/);
    expect(() => f.add({ route: 'x', times: 0 })).toThrow(/times/);
    f.failNext('x');
    expect(f.clear()).toBe(1);
    expect(f.list()).toEqual([]);
  });
});
