import type { KeyKind } from '../model/index.js';

/** Column aliases the sync adds to every page query. */
export const TIMESTAMP_ALIAS = '_bqsync_ts';
export const FINGERPRINT_ALIAS = '_bqsync_fp';
export const ROW_ALIAS = '_bqsync_row';

/** A key column with its BigQuery type, as the table schema reports it. */
export interface KeyColumn {
  name: string;
  type: string;
}

/**
 * The tie-break key: the configured primary key columns, or a deterministic fingerprint of
 * the whole row when the table has none.
 */
export type KeySpec = { kind: 'columns'; columns: KeyColumn[] } | { kind: 'fingerprint' };

export function keyKindOf(type: string): KeyKind {
  switch (type.toUpperCase()) {
    case 'INT64':
    case 'INTEGER':
      return 'integer';
    case 'FLOAT64':
    case 'FLOAT':
      return 'float';
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      return 'decimal';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'BOOL':
    case 'BOOLEAN':
      return 'bool';
    case 'TIMESTAMP':
      return 'timestamp';
    case 'DATE':
    case 'DATETIME':
    case 'TIME':
      return 'temporal';
    default:
      throw new Error(`A column of type ${type} cannot be part of the sync key (use scalar columns)`);
  }
}

/** Comparison kinds for the cursor's key values, in key order. */
export function keyKinds(spec: KeySpec): KeyKind[] {
  return spec.kind === 'fingerprint' ? ['integer'] : spec.columns.map((c) => keyKindOf(c.type));
}
