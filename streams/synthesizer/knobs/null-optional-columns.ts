import type { OperatorFunction } from 'rxjs';
import { Rng } from '../core/prng.js';
import { toOperator, type RowTransformFactory } from './row-transform.js';

export interface NullOptions<T> {
  /** Probability that each optional value is replaced by null, in [0, 1]. */
  readonly rate: number;
  readonly columns: readonly (keyof T & string)[];
  readonly seed: number;
}

/**
 * Blanks optional (NULLABLE) columns at random, independently per value: sparse AIS static
 * data, missing dimensions, unknown headings. Required columns are never touched; see
 * OPTIONAL_COLUMNS for which ones each table allows.
 */
export function nullOptionalColumnsTransform<T extends object>(options: NullOptions<T>): RowTransformFactory<T> {
  if (!(options.rate >= 0 && options.rate <= 1))
    throw new RangeError(`nullRate must be in [0, 1], got ${options.rate}`);
  return () => {
    const rng = new Rng(options.seed, 'null-optional-columns');
    return {
      push(row, emit) {
        let out: T | undefined;
        for (const c of options.columns) {
          if (rng.next() < options.rate) {
            out ??= { ...row };
            (out as Record<string, unknown>)[c] = null;
          }
        }
        emit(out ?? row);
      },
      flush() {},
    };
  };
}

export function nullOptionalColumns<T extends object>(options: NullOptions<T>): OperatorFunction<T, T> {
  return toOperator(nullOptionalColumnsTransform(options));
}
