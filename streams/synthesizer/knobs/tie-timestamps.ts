import type { OperatorFunction } from 'rxjs';
import { Rng } from '../core/prng.js';
import { toOperator, type RowTransformFactory } from './row-transform.js';

export interface TieOptions<T> {
  /** Share of rows given the previous row's exact timestamp, in [0, 1). */
  readonly rate: number;
  readonly seed: number;
  readonly timeField: keyof T & string;
  /**
   * Rows whose key already appears in the current tie group keep their own time: two
   * reports of one vessel at one microsecond would put it in two places at once.
   */
  readonly keyField?: keyof T & string;
}

/**
 * Re-stamps a share of rows with the previous row's timestamp, so runs of rows share one
 * microsecond (a run of n has geometric length, mean 1/(1-rate)). This is the case a
 * timestamp-only cursor (`WHERE ts > @t LIMIT n`) loses rows on. Input must be in time
 * order; output stays in time order, because the previous timestamp is never later.
 */
export function tieTimestampsTransform<T extends object>(options: TieOptions<T>): RowTransformFactory<T> {
  if (!(options.rate >= 0 && options.rate < 1)) throw new RangeError(`tieRate must be in [0, 1), got ${options.rate}`);
  return () => {
    const rng = new Rng(options.seed, 'tie-timestamps');
    let prevTime: unknown;
    let group = new Set<unknown>();
    return {
      push(row, emit) {
        const key = options.keyField ? row[options.keyField] : undefined;
        if (prevTime !== undefined && rng.next() < options.rate && !(options.keyField && group.has(key))) {
          group.add(key);
          emit({ ...row, [options.timeField]: prevTime });
          return;
        }
        prevTime = row[options.timeField];
        group = new Set([key]);
        emit(row);
      },
      flush() {},
    };
  };
}

export function tieTimestamps<T extends object>(options: TieOptions<T>): OperatorFunction<T, T> {
  return toOperator(tieTimestampsTransform(options));
}
