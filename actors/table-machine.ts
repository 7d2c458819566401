import type { PauseReason, TableState } from '../streams/model/index.js';

export type { TableState, PauseReason };

/**
 * What can happen to a table's actor. Commands come from users (through the mailbox); the
 * other events come from its pipeline and its supervisor.
 */
export type TableMachineEvent =
  | { type: 'start' }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'resync' }
  | { type: 'stop' }
  /** The pipeline reported a step (rows, or an empty poll). */
  | { type: 'progress' }
  /** The supervisor scheduled a restart after a retryable failure. */
  | { type: 'retrying' }
  /** The pipeline failed for good (fatal error or too many restarts). */
  | { type: 'failed' }
  /** The pipeline finished draining after a pause, stop or resync. */
  | { type: 'drained' }
  /** The pipeline ended itself for a reason that a later start lifts (a daily budget). */
  | { type: 'suspend'; reason: PauseReason };

export type TableEventType = TableMachineEvent['type'];

/** The machine's whole state: where the actor is, and why it is paused. */
export interface TableMachineState {
  readonly state: TableState;
  /** Set exactly while the state is 'pausing' or 'paused'. */
  readonly pauseReason: PauseReason | null;
}

export const INITIAL_MACHINE_STATE: TableMachineState = { state: 'idle', pauseReason: null };

/**
 * The transition table: for each state, the events it accepts and the state they lead to.
 * An event a state does not list is ignored (a pause while paused, progress from a pipeline
 * that is being abandoned, ...). Pause reasons live beside the state, so a new reason (e.g.
 * 'budget') needs no new state; a new state needs a row here and nothing else.
 */
export const TRANSITIONS: { readonly [S in TableState]: Partial<Record<TableEventType, TableState>> } = {
  idle: { start: 'running', pause: 'paused', resync: 'resyncing', stop: 'stopped' },
  running: {
    progress: 'running',
    retrying: 'backoff',
    failed: 'failed',
    pause: 'pausing',
    suspend: 'paused',
    resync: 'resyncing',
    stop: 'stopping',
  },
  backoff: {
    progress: 'running',
    retrying: 'backoff',
    failed: 'failed',
    pause: 'pausing',
    resync: 'resyncing',
    stop: 'stopping',
  },
  // Draining: the batch in flight may still commit (progress) or fail; the drain decides.
  pausing: { drained: 'paused' },
  // A pause for another reason takes over (a user's pause outlasts a budget's midnight).
  paused: { start: 'running', pause: 'paused', resync: 'resyncing', stop: 'stopped' },
  // Draining, forgetting the checkpoint; `start` begins the copy from the beginning.
  resyncing: { start: 'running', failed: 'failed' },
  stopping: { drained: 'stopped', failed: 'failed' },
  failed: { start: 'running', pause: 'paused', resync: 'resyncing', stop: 'failed' },
  stopped: { start: 'running', resync: 'resyncing', stop: 'stopped' },
};

/** The next machine state, or undefined when the current state ignores the event. Pure. */
export function transition(current: TableMachineState, event: TableMachineEvent): TableMachineState | undefined {
  const next = TRANSITIONS[current.state][event.type];
  if (next === undefined) return undefined;
  // Pausing a table already paused for the same reason changes nothing.
  if (event.type === 'pause' && current.state === 'paused' && current.pauseReason === event.reason) return undefined;
  const pauseReason =
    next === 'pausing' || next === 'paused'
      ? event.type === 'pause' || event.type === 'suspend'
        ? event.reason
        : (current.pauseReason ?? 'user')
      : null;
  return { state: next, pauseReason };
}

/** States in which a pipeline runs (or is about to restart). */
export function isActive(state: TableState): boolean {
  return state === 'running' || state === 'backoff';
}
