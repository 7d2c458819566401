import { bigqueryFingerprint } from 'farmhash-modern';

/**
 * A unit of work: one key-hash bucket of a source table. A row belongs to bucket
 * `MOD(FARM_FINGERPRINT(key text), count)` (made non-negative), so every row is in exactly
 * one unit of a split, whatever node reads it; units, not nodes, own checkpoints and leases.
 */
export interface UnitSlice {
  /** 0 .. count-1. */
  readonly index: number;
  /** Units the table is split into. */
  readonly count: number;
}

/** The single unit of a table that is not split (one node, no cluster settings). */
export const WHOLE_TABLE_UNIT = 'all';

/** Units per table in cluster mode unless configured. */
export const DEFAULT_UNIT_COUNT = 8;

/** Most units a table may be split into (leases and status grow with it). */
export const MAX_UNIT_COUNT = 1024;

export function assertUnitCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_UNIT_COUNT) {
    throw new Error(`unit count must be an integer from 1 to ${MAX_UNIT_COUNT}, got ${count}`);
  }
}

export function assertSlice(slice: UnitSlice): void {
  assertUnitCount(slice.count);
  if (!Number.isInteger(slice.index) || slice.index < 0 || slice.index >= slice.count) {
    throw new Error(`unit index must be an integer from 0 to ${slice.count - 1}, got ${slice.index}`);
  }
}

/**
 * The unit's name in checkpoint and lease ids: `3of8`. The count is part of the name so
 * that a table re-split into another count never resumes from a checkpoint of a different
 * slice (those rows were cut differently).
 */
export function unitName(slice: UnitSlice): string {
  assertSlice(slice);
  return `${slice.index}of${slice.count}`;
}

/** The slice a unit name stands for; undefined for `all` (the whole table). */
export function parseUnitName(name: string): UnitSlice | undefined {
  if (name === WHOLE_TABLE_UNIT) return undefined;
  const match = /^(\d+)of(\d+)$/.exec(name);
  if (!match) throw new Error(`not a unit name: ${JSON.stringify(name)} (expected "all" or "<index>of<count>")`);
  const slice = { index: Number(match[1]), count: Number(match[2]) };
  assertSlice(slice);
  return slice;
}

/** Every slice of a table split into `count` units, in index order. */
export function unitSlices(count: number): UnitSlice[] {
  assertUnitCount(count);
  return Array.from({ length: count }, (_, index) => ({ index, count }));
}

/**
 * The bucket of a signed 64-bit hash: SQL `MOD(MOD(h, n) + n, n)`. BigQuery's MOD keeps
 * the dividend's sign (like `%` on bigint); ABS would overflow on the smallest INT64.
 */
export function bucketOf(hash: bigint, count: number): number {
  assertUnitCount(count);
  const n = BigInt(count);
  return Number(((hash % n) + n) % n);
}

/** The unit of a row whose key text (see unitHashExpression) is `text`, as BigQuery computes it. */
export function unitOfKeyText(text: string, count: number): number {
  return bucketOf(bigqueryFingerprint(text), count);
}
