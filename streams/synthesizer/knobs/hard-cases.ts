import { hashKeys } from '../core/prng.js';
import { OPTIONAL_COLUMNS, TIME_COLUMN, VESSEL_COLUMN, type RowOf, type TableName } from '../rows.js';
import { burstTimestampsTransform } from './burst-timestamps.js';
import { delayLateRowsTransform } from './delay-late-rows.js';
import { duplicateRowsTransform } from './duplicate-rows.js';
import { nullOptionalColumnsTransform } from './null-optional-columns.js';
import type { RowTransformFactory } from './row-transform.js';
import { tieTimestampsTransform } from './tie-timestamps.js';

/** The sync's hard cases, as knobs. All default to off. */
export interface HardCaseOptions {
  /** Share of rows re-stamped with the previous row's exact microsecond, [0, 1). */
  readonly tieRate?: number;
  /** Blocks of `size` rows at one microsecond: `count` of them spread evenly (scenarios), or one every `every` rows. */
  readonly burst?: { readonly size: number; readonly count?: number; readonly every?: number };
  /** Share of rows emitted late, [0, 1]. */
  readonly lateRate?: number;
  /** How late, default 60,000 ms. */
  readonly lateByMs?: number;
  /** Share of emitted rows that are exact copies of an earlier row, [0, 0.5]. Counts stay exact. */
  readonly duplicateRate?: number;
  /** Probability that each optional column value is null, [0, 1]. */
  readonly nullRate?: number;
}

export const DEFAULT_LATE_BY_MS = 60_000;

export interface HardCasePlan<T> {
  /** Rows the generator must produce before duplicates are added. */
  readonly baseRows: number;
  readonly duplicates: number;
  readonly transforms: readonly RowTransformFactory<T>[];
}

/**
 * Builds one table's knob pipeline, in this order: burst, ties (both on the time-ordered
 * base rows), duplicates, late delivery, nulls. `totalRows` is the exact output count for
 * finite scenarios (duplicates are carved out of it); undefined in live mode, where rates
 * are probabilities.
 */
export function planHardCases<N extends TableName>(
  table: N,
  options: HardCaseOptions,
  seed: number,
  totalRows?: number,
): HardCasePlan<RowOf[N]> {
  type T = RowOf[N];
  const timeField = TIME_COLUMN[table] as keyof T & string;
  const keyField = VESSEL_COLUMN[table] as keyof T & string;
  const knobSeed = (knob: string): number => hashKeys(seed, 'hard-case', table, knob);
  const transforms: RowTransformFactory<T>[] = [];
  const dupRate = options.duplicateRate ?? 0;
  if (!(dupRate >= 0 && dupRate <= 0.5)) throw new RangeError(`duplicateRate must be in [0, 0.5], got ${dupRate}`);
  const duplicates = totalRows === undefined ? 0 : Math.round(totalRows * dupRate);
  const baseRows = totalRows === undefined ? 0 : totalRows - duplicates;

  if (options.burst) {
    const { size } = options.burst;
    let every = options.burst.every;
    let offset = 0;
    if (every === undefined) {
      if (totalRows === undefined) every = size * 10;
      else {
        const count = Math.max(1, options.burst.count ?? 1);
        every = Math.floor(baseRows / count);
        if (every < size)
          throw new RangeError(`${count} bursts of ${size} rows do not fit in ${baseRows} rows of ${table}`);
        // Centre each burst in its block, away from the stream's first and last rows.
        offset = Math.floor((every - size) / 2);
      }
    }
    transforms.push(burstTimestampsTransform<T>({ size, every, offset, timeField }));
  }
  if (options.tieRate)
    transforms.push(tieTimestampsTransform<T>({ rate: options.tieRate, seed: knobSeed('tie'), timeField, keyField }));
  if (dupRate > 0) {
    transforms.push(
      totalRows === undefined
        ? duplicateRowsTransform<T>({ rate: dupRate, seed: knobSeed('duplicate') })
        : duplicateRowsTransform<T>({ count: duplicates, of: baseRows, seed: knobSeed('duplicate') }),
    );
  }
  if (options.lateRate) {
    transforms.push(
      delayLateRowsTransform<T>({
        rate: options.lateRate,
        lateByMs: options.lateByMs ?? DEFAULT_LATE_BY_MS,
        seed: knobSeed('late'),
        timeField,
      }),
    );
  }
  if (options.nullRate) {
    transforms.push(
      nullOptionalColumnsTransform<T>({
        rate: options.nullRate,
        columns: OPTIONAL_COLUMNS[table] as unknown as (keyof T & string)[],
        seed: knobSeed('null'),
      }),
    );
  }
  return { baseRows, duplicates, transforms };
}
