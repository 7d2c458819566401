import type { OperatorFunction } from 'rxjs';
import { Rng } from '../core/prng.js';
import { toOperator, type RowTransformFactory } from './row-transform.js';

export type DuplicateOptions = {
  readonly seed: number;
  /** Emit the copy this many rows after the original (default 0: right after it). */
  readonly gap?: number;
} & (
  | { /** Each row is duplicated with this probability. */ readonly rate: number }
  | {
      /** Exactly `count` of the first `of` rows are duplicated (selection sampling), for exact totals. */
      readonly count: number;
      readonly of: number;
    }
);

/**
 * Emits some rows twice, as exact copies: at-least-once delivery, or a loader retrying a
 * batch. The sync must store each such row once.
 */
export function duplicateRowsTransform<T extends object>(options: DuplicateOptions): RowTransformFactory<T> {
  const gap = options.gap ?? 0;
  if (!(Number.isInteger(gap) && gap >= 0))
    throw new RangeError(`duplicate gap must be a non-negative integer, got ${gap}`);
  if ('rate' in options && !(options.rate >= 0 && options.rate <= 1)) {
    throw new RangeError(`duplicateRate must be in [0, 1], got ${options.rate}`);
  }
  if ('count' in options && !(options.count >= 0 && options.count <= options.of)) {
    throw new RangeError(`cannot duplicate ${options.count} of ${options.of} rows`);
  }
  return () => {
    const rng = new Rng(options.seed, 'duplicate-rows');
    let seen = 0;
    let chosen = 0;
    // Copies waiting for their slot: [rows still to pass, row].
    const pending: { due: number; row: T }[] = [];
    const pick = (): boolean => {
      if ('rate' in options) return rng.next() < options.rate;
      if (seen >= options.of) return false;
      // Knuth's algorithm S: exactly `count` picks among `of`, each subset equally likely.
      return rng.next() * (options.of - seen) < options.count - chosen;
    };
    return {
      push(row, emit) {
        const dup = pick();
        seen += 1;
        emit(row);
        while (pending.length > 0 && (pending[0] as { due: number }).due <= seen)
          emit((pending.shift() as { row: T }).row);
        if (dup) {
          chosen += 1;
          if (gap === 0) emit({ ...row });
          else pending.push({ due: seen + gap, row: { ...row } });
        }
      },
      flush(emit) {
        for (const p of pending) emit(p.row);
        pending.length = 0;
      },
    };
  };
}

export function duplicateRows<T extends object>(options: DuplicateOptions): OperatorFunction<T, T> {
  return toOperator(duplicateRowsTransform<T>(options));
}
