import type { Cursor, PageRequest, Phase, SourceRow } from '../model/index.js';
import { nextPhase, type PhaseThresholds } from './phase.js';

/** Where the reader is between two reads. Pure data: every transition is a pure function. */
export interface ReaderState {
  readonly cursor: Cursor | null;
  readonly phase: Phase;
  /** Position inside a lookback sweep; undefined when no sweep is under way. */
  readonly lookbackAfter: Cursor | null | undefined;
  readonly lookbackUpper: bigint;
  readonly lagMs: number;
  /** The next read waits one poll interval first (the previous read found the source drained). */
  readonly waitFirst: boolean;
}

export interface StepSettings extends PhaseThresholds {
  settleDelayMs: number;
  lookbackMs: number;
}

export function initialReaderState(cursor: Cursor | null, phase: Phase): ReaderState {
  return { cursor, phase, lookbackAfter: undefined, lookbackUpper: 0n, lagMs: 0, waitFirst: false };
}

/** The request the next read sends, fixed before it starts. */
export function nextRequest(state: ReaderState, nowMs: number, limit: number, s: StepSettings): PageRequest {
  if (state.lookbackAfter !== undefined) {
    return {
      after: state.lookbackAfter,
      lowerMicros: state.lookbackUpper - BigInt(Math.floor(s.lookbackMs)) * 1000n,
      upperMicros: state.lookbackUpper,
      limit,
    };
  }
  return { after: state.cursor, upperMicros: BigInt(Math.floor(nowMs - s.settleDelayMs)) * 1000n, limit };
}

/** What one page read did to the reader: the state for the next read. */
export function afterRead<Row>(
  state: ReaderState,
  request: PageRequest,
  rows: readonly SourceRow<Row>[],
  fetchedAtMs: number,
  s: StepSettings,
): ReaderState {
  const full = rows.length >= request.limit;
  if (state.lookbackAfter !== undefined) {
    const lookbackAfter = full ? rows[rows.length - 1]!.cursor : undefined;
    return { ...state, lookbackAfter, waitFirst: lookbackAfter === undefined };
  }
  const cursor = rows.length > 0 ? rows[rows.length - 1]!.cursor : state.cursor;
  // Behind: as old as the last row read. Caught up: as old as the read's upper bound.
  const lagMs =
    full && cursor
      ? fetchedAtMs - Number(cursor.timestampMicros / 1000n)
      : fetchedAtMs - Number(request.upperMicros / 1000n);
  const phase = nextPhase(state.phase, lagMs, s);
  // Caught up: before waiting, sweep the window behind the cursor once for late rows.
  const sweep = !full && cursor !== null && s.lookbackMs > 0;
  return {
    cursor,
    phase,
    lagMs,
    lookbackAfter: sweep ? null : undefined,
    lookbackUpper: sweep ? cursor.timestampMicros : state.lookbackUpper,
    waitFirst: !full && !sweep,
  };
}
