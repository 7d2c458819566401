import { describe, expect, it } from 'vitest';
import { NO_CONTROL, nextControl, unitControlStep } from '../../../src/cluster/cluster-controls.js';
import { highestUnitCursor, leastUnitCursor } from '../../../src/cluster/cluster-commands.js';

describe('nextControl', () => {
  it('pause sets paused; resume lifts it and names itself; resync lifts it and names itself', () => {
    const paused = nextControl(NO_CONTROL, 'pause', 'c1');
    expect(paused).toEqual({ paused: true, resyncId: null, resumeId: null });
    expect(nextControl(paused, 'resume', 'c2')).toEqual({ paused: false, resyncId: null, resumeId: 'c2' });
    expect(nextControl(paused, 'resync', 'c3')).toEqual({ paused: false, resyncId: 'c3', resumeId: null });
  });
});

describe('unitControlStep', () => {
  const step = (fields: Partial<Parameters<typeof unitControlStep>[0]>) =>
    unitControlStep({ control: NO_CONTROL, appliedResyncId: null, state: 'idle', seenResumeId: null, ...fields });

  it('starts a new unit unless paused; a paused table keeps a unit taken over paused', () => {
    expect(step({})).toBe('start');
    expect(step({ control: { ...NO_CONTROL, paused: true } })).toBe('pause');
    expect(step({ control: { ...NO_CONTROL, paused: true }, state: 'paused', pauseReason: 'user' })).toBe('none');
    expect(step({ state: 'running' })).toBe('none');
  });

  it('resets a unit once per resync request', () => {
    const control = { ...NO_CONTROL, resyncId: 'r1' };
    expect(step({ control, state: 'running' })).toBe('resync');
    expect(step({ control, state: 'running', appliedResyncId: 'r1' })).toBe('none');
    expect(step({ control, state: 'resyncing' })).toBe('none');
    expect(step({ control: { ...control, resyncId: 'r2' }, state: 'running', appliedResyncId: 'r1' })).toBe('resync');
  });

  it("lifts only the user's pause; a user's pause takes over a budget pause", () => {
    expect(step({ state: 'paused', pauseReason: 'user' })).toBe('start');
    expect(step({ state: 'paused', pauseReason: 'budget' })).toBe('none');
    expect(step({ control: { ...NO_CONTROL, paused: true }, state: 'paused', pauseReason: 'budget' })).toBe('pause');
  });

  it('restarts a failed unit only for a resume request it has not seen', () => {
    expect(step({ state: 'failed' })).toBe('none');
    expect(step({ state: 'failed', control: { ...NO_CONTROL, resumeId: 'c1' }, seenResumeId: 'c1' })).toBe('none');
    expect(step({ state: 'failed', control: { ...NO_CONTROL, resumeId: 'c2' }, seenResumeId: 'c1' })).toBe('start');
  });
});

describe('leastUnitCursor', () => {
  it('is the cursor with the smallest timestamp, or undefined while a unit has none', () => {
    const a = { timestampMicros: 5n, key: ['1'] };
    const b = { timestampMicros: 3n, key: ['9'] };
    expect(leastUnitCursor([a, b])).toBe(b);
    expect(leastUnitCursor([a, undefined])).toBeUndefined();
    expect(leastUnitCursor([])).toBeUndefined();
  });
});

describe('highestUnitCursor', () => {
  it('is the cursor with the largest timestamp; units without one are left out', () => {
    const a = { timestampMicros: 5n, key: ['1'] };
    const b = { timestampMicros: 3n, key: ['9'] };
    expect(highestUnitCursor([b, a, undefined])).toBe(a);
    expect(highestUnitCursor([undefined])).toBeUndefined();
  });
});
