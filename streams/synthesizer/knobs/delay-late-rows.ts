import type { OperatorFunction } from 'rxjs';
import { Rng } from '../core/prng.js';
import { formatMicros, MICROS_PER_MS, parseTimestamp } from '../core/time.js';
import { toOperator, type RowTransformFactory } from './row-transform.js';

export interface LateOptions<T> {
  /** Share of rows that arrive late, in [0, 1]. */
  readonly rate: number;
  /** How far behind: a late row is emitted right after the first row at least this much newer. */
  readonly lateByMs: number;
  readonly seed: number;
  readonly timeField: keyof T & string;
}

/**
 * Holds a share of rows back until the stream has moved `lateByMs` past them, then emits
 * them: what streaming inserts look like to a reader that polls by timestamp. Rows keep
 * their content; only the emission order changes. Held rows wait in a FIFO (release times
 * arrive in order), so memory is bounded by the rows of one lateness window. Rows still
 * held when the input ends are emitted at the end.
 */
export function delayLateRowsTransform<T extends object>(options: LateOptions<T>): RowTransformFactory<T> {
  if (!(options.rate >= 0 && options.rate <= 1))
    throw new RangeError(`lateRate must be in [0, 1], got ${options.rate}`);
  if (!(options.lateByMs > 0)) throw new RangeError(`lateByMs must be > 0, got ${options.lateByMs}`);
  const lateByUs = Math.round(options.lateByMs * MICROS_PER_MS);
  return () => {
    const rng = new Rng(options.seed, 'late-rows');
    const held: { releaseAt: string; row: T }[] = [];
    let head = 0;
    return {
      push(row, emit) {
        const time = row[options.timeField] as unknown as string;
        if (rng.next() < options.rate) {
          // Fixed-width RFC 3339 text compares in time order, so no parsing per row.
          held.push({ releaseAt: formatMicros(parseTimestamp(time) + lateByUs), row });
          return;
        }
        emit(row);
        while (head < held.length && (held[head] as { releaseAt: string }).releaseAt <= time) {
          emit((held[head] as { row: T }).row);
          head += 1;
        }
        if (head > 1024 && head * 2 > held.length) {
          held.splice(0, head);
          head = 0;
        }
      },
      flush(emit) {
        for (; head < held.length; head++) emit((held[head] as { row: T }).row);
        held.length = 0;
        head = 0;
      },
    };
  };
}

export function delayLateRows<T extends object>(options: LateOptions<T>): OperatorFunction<T, T> {
  return toOperator(delayLateRowsTransform(options));
}
