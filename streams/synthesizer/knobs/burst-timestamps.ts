import type { OperatorFunction } from 'rxjs';
import { toOperator, type RowTransformFactory } from './row-transform.js';

export interface BurstOptions<T> {
  /** Rows per burst: all share the first one's exact timestamp. */
  readonly size: number;
  /** A burst starts every `every` rows... */
  readonly every: number;
  /** ...beginning at row `offset` (0-based). */
  readonly offset?: number;
  readonly timeField: keyof T & string;
}

/**
 * Makes blocks of `size` consecutive rows share one microsecond: a tie group larger than
 * any sync batch, so a batch boundary must fall inside it. Deterministic positions (no
 * randomness), so a test can find the bursts. Time order is preserved.
 */
export function burstTimestampsTransform<T extends object>(options: BurstOptions<T>): RowTransformFactory<T> {
  const { size, every } = options;
  const offset = options.offset ?? 0;
  if (!(Number.isInteger(size) && size >= 2)) throw new RangeError(`burst size must be an integer >= 2, got ${size}`);
  if (!(Number.isInteger(every) && every >= size))
    throw new RangeError(`burst spacing must be an integer >= size, got ${every}`);
  return () => {
    let i = 0;
    let burstTime: unknown;
    return {
      push(row, emit) {
        const pos = i - offset;
        i += 1;
        if (pos < 0 || pos % every >= size) return emit(row);
        if (pos % every === 0) {
          burstTime = row[options.timeField];
          return emit(row);
        }
        emit({ ...row, [options.timeField]: burstTime });
      },
      flush() {},
    };
  };
}

export function burstTimestamps<T extends object>(options: BurstOptions<T>): OperatorFunction<T, T> {
  return toOperator(burstTimestampsTransform(options));
}
