import { assertSlice, type UnitSlice } from '../../src/cluster/units.js';
import { quoteIdentifier } from './identifiers.js';
import { FINGERPRINT_ALIAS, keyKindOf, type KeySpec } from './key-spec.js';

/** Separates key columns in the hashed key text (collisions only put rows in one bucket). */
const KEY_SEPARATOR = '|';

/**
 * The signed 64-bit hash a row's unit is taken from. A fingerprint key already is one; key
 * columns are hashed as text: each column as STRING (BYTES as base64, since BYTES need
 * not be valid UTF-8), NULL as the empty string so that no row falls outside every unit,
 * joined with `|`.
 */
export function unitHashExpression(key: KeySpec): string {
  if (key.kind === 'fingerprint') return quoteIdentifier(FINGERPRINT_ALIAS);
  const texts = key.columns.map((column) => {
    const name = quoteIdentifier(column.name);
    const text = keyKindOf(column.type) === 'bytes' ? `TO_BASE64(${name})` : `CAST(${name} AS STRING)`;
    return `IFNULL(${text}, '')`;
  });
  const joined = texts.length === 1 ? texts[0]! : `CONCAT(${texts.join(`, '${KEY_SEPARATOR}', `)})`;
  return `FARM_FINGERPRINT(${joined})`;
}

/** A condition (with its parameters) that keeps the rows of one unit. */
export interface UnitCondition {
  condition: string;
  params: Record<string, number>;
  types: Record<string, string>;
}

/**
 * `MOD(MOD(hash, @unit_count) + @unit_count, @unit_count) = @unit_index`: non-negative like
 * bucketOf. It filters on the key only; the timestamp bounds stay in the scan's WHERE, so
 * partition pruning is unchanged.
 */
export function unitCondition(key: KeySpec, slice: UnitSlice): UnitCondition {
  assertSlice(slice);
  const hash = unitHashExpression(key);
  return {
    condition: `MOD(MOD(${hash}, @unit_count) + @unit_count, @unit_count) = @unit_index`,
    params: { unit_count: slice.count, unit_index: slice.index },
    types: { unit_count: 'INT64', unit_index: 'INT64' },
  };
}
