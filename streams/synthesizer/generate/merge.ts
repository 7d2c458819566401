import { MinHeap } from '../core/min-heap.js';
import type { Micros } from '../core/time.js';

/**
 * One vessel's rows of one table, read in time order. `time` is the head row's time, or
 * Infinity once exhausted; `row()` builds the head row only when the merge emits it.
 */
export interface TimedSource<R> {
  /** Tie-break between sources at the same microsecond: keeps merges deterministic. */
  readonly order: number;
  readonly time: Micros;
  row(): R;
  advance(): void;
}

const before = <R>(a: TimedSource<R>, b: TimedSource<R>): boolean =>
  a.time < b.time || (a.time === b.time && a.order < b.order);

/** K-way merge of per-vessel sources by (time, order): memory is one heap slot per vessel. */
export function* mergeByTime<R>(sources: Iterable<TimedSource<R>>): Generator<R, void, undefined> {
  const heap = new MinHeap<TimedSource<R>>(before);
  for (const s of sources) if (s.time !== Infinity) heap.push(s);
  for (;;) {
    const s = heap.peek();
    if (s === undefined) return;
    yield s.row();
    s.advance();
    if (s.time === Infinity) heap.pop();
    else heap.updateTop();
  }
}
