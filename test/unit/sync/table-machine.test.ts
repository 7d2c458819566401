import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_MACHINE_STATE,
  TRANSITIONS,
  transition,
  type TableMachineEvent,
  type TableMachineState,
} from '../../../actors/table-machine.js';
import type { TableState } from '../../../streams/model/index.js';

const STATES = Object.keys(TRANSITIONS) as TableState[];
const EVENTS: TableMachineEvent[] = [
  { type: 'start' },
  { type: 'pause', reason: 'user' },
  { type: 'pause', reason: 'budget' },
  { type: 'resync' },
  { type: 'stop' },
  { type: 'progress' },
  { type: 'retrying' },
  { type: 'failed' },
  { type: 'drained' },
];

function run(events: TableMachineEvent[], from: TableMachineState = INITIAL_MACHINE_STATE): TableMachineState {
  return events.reduce((s, e) => transition(s, e) ?? s, from);
}

describe('the table state machine (transition table)', () => {
  it('pauses by draining first, keeps the reason, and clears it on resume', () => {
    const running = run([{ type: 'start' }]);
    expect(running).toEqual({ state: 'running', pauseReason: null });
    const pausing = transition(running, { type: 'pause', reason: 'budget' });
    expect(pausing).toEqual({ state: 'pausing', pauseReason: 'budget' });
    // The batch in flight may still commit while draining: the state stays.
    expect(transition(pausing!, { type: 'progress' })).toBeUndefined();
    const paused = transition(pausing!, { type: 'drained' });
    expect(paused).toEqual({ state: 'paused', pauseReason: 'budget' });
    expect(transition(paused!, { type: 'start' })).toEqual({ state: 'running', pauseReason: null });
  });

  it('ignores what a state cannot do: a second pause, a start while running, progress after a stop', () => {
    const paused = run([{ type: 'start' }, { type: 'pause', reason: 'user' }, { type: 'drained' }]);
    expect(transition(paused, { type: 'pause', reason: 'user' })).toBeUndefined();
    expect(transition({ state: 'paused', pauseReason: 'budget' }, { type: 'pause', reason: 'user' })).toEqual({
      state: 'paused',
      pauseReason: 'user',
    });
    expect(transition(run([{ type: 'start' }]), { type: 'start' })).toBeUndefined();
    const stopped = run([{ type: 'start' }, { type: 'stop' }, { type: 'drained' }]);
    expect(stopped.state).toBe('stopped');
    for (const type of ['progress', 'retrying', 'failed', 'drained'] as const)
      expect(transition(stopped, { type })).toBeUndefined();
  });

  it('retries through backoff, fails for good, and restarts or resyncs from failed', () => {
    const backoff = run([{ type: 'start' }, { type: 'retrying' }]);
    expect(backoff.state).toBe('backoff');
    expect(transition(backoff, { type: 'progress' })?.state).toBe('running');
    const failed = transition(backoff, { type: 'failed' })!;
    expect(failed.state).toBe('failed');
    // A stop keeps the failure visible; start and resync leave it.
    expect(transition(failed, { type: 'stop' })?.state).toBe('failed');
    expect(transition(failed, { type: 'start' })?.state).toBe('running');
    expect(transition(failed, { type: 'resync' })?.state).toBe('resyncing');
  });

  it('resyncs: drains and forgets, then only a start (or a failed reset) leaves resyncing', () => {
    const resyncing = run([{ type: 'start' }, { type: 'resync' }]);
    expect(resyncing.state).toBe('resyncing');
    for (const e of EVENTS.filter((e) => e.type !== 'start' && e.type !== 'failed'))
      expect(transition(resyncing, e)).toBeUndefined();
    expect(transition(resyncing, { type: 'start' })?.state).toBe('running');
    expect(transition(resyncing, { type: 'failed' })?.state).toBe('failed');
  });

  it('every row of the table names only known states', () => {
    for (const state of STATES) for (const next of Object.values(TRANSITIONS[state])) expect(STATES).toContain(next);
  });

  it('for any sequence of events: a known state, a pause reason exactly while pausing or paused, and stop + drained ends it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }), (events) => {
        let s = INITIAL_MACHINE_STATE;
        for (const e of events) {
          s = transition(s, e) ?? s;
          expect(STATES).toContain(s.state);
          expect(s.pauseReason !== null).toBe(s.state === 'pausing' || s.state === 'paused');
        }
        // The mailbox sends the next command only after a draining one finished; then a
        // stop always ends in stopped, or in failed (kept visible), after its drain.
        const settled = s.state === 'resyncing' ? run([{ type: 'start' }], s) : run([{ type: 'drained' }], s);
        const end = run([{ type: 'stop' }, { type: 'drained' }], settled);
        expect(['stopped', 'failed']).toContain(end.state);
      }),
    );
  });
});
