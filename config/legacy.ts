import { hasKey, isPlainObject, type KeyPath, type PathIssue } from './paths.js';
import type { ConfigFormat } from './types.js';

export const LEGACY_TABLE_ID = 'default';
export const LEGACY_TARGET_TABLE = 'BigQueryData';

/** Keys that describe the one table when they sit directly under `bigquery:`. */
export const LEGACY_TABLE_KEYS = [
  'dataset',
  'table',
  'timestampColumn',
  'columns',
  'primaryKey',
  'numericMode',
  'geographyFormat',
] as const;

export interface NormalizedShape {
  format: ConfigFormat;
  /** The config in multi-table shape. */
  value: unknown;
  issues: PathIssue[];
  /** Maps a path in `value` back to where the user wrote it. */
  toUserPath(path: KeyPath): KeyPath;
  /** The keys the user's own layout allows at a path (for did-you-mean hints). */
  adjustKeys?: (path: KeyPath, keys: readonly string[]) => readonly string[];
}

const identity = (path: KeyPath): KeyPath => path;

/**
 * Rewrites a legacy single-table config into the multi-table shape so one schema validates
 * both, and remembers how to translate paths back so errors point at `bigquery.dataset`
 * rather than a `bigquery.tables[0].dataset` the user never wrote.
 */
export function normalizeLegacy(root: unknown): NormalizedShape {
  const bigquery = isPlainObject(root) ? root['bigquery'] : undefined;
  if (!isPlainObject(root) || !isPlainObject(bigquery)) {
    return { format: 'multi-table', value: root, issues: [], toUserPath: identity };
  }
  const legacyKeys = LEGACY_TABLE_KEYS.filter((key) => hasKey(bigquery, key));
  if (legacyKeys.length === 0) return { format: 'multi-table', value: root, issues: [], toUserPath: identity };

  const connection: Record<string, unknown> = {};
  const table: Record<string, unknown> = { id: LEGACY_TABLE_ID, targetTable: LEGACY_TARGET_TABLE };
  for (const [key, item] of Object.entries(bigquery)) {
    if ((LEGACY_TABLE_KEYS as readonly string[]).includes(key)) table[key] = item;
    else connection[key] = item;
  }

  if (hasKey(bigquery, 'tables')) {
    // Validate the multi-table part as written and drop the stray keys, so the user sees
    // this conflict once instead of one "unknown key" per legacy key.
    const names = legacyKeys.map((key) => `"${key}"`).join(', ');
    return {
      format: 'multi-table',
      value: { ...root, bigquery: connection },
      issues: [
        {
          path: ['bigquery'],
          message: `"tables" cannot be combined with the legacy single-table keys ${names}; move them into an entry of "tables"`,
        },
      ],
      toUserPath: identity,
    };
  }

  return {
    format: 'legacy-single-table',
    value: { ...root, bigquery: { ...connection, tables: [table] } },
    issues: [],
    toUserPath: (path) => {
      if (path[0] !== 'bigquery' || path[1] !== 'tables') return path;
      return path[2] === 0 && path.length > 3 ? ['bigquery', ...path.slice(3)] : ['bigquery'];
    },
    adjustKeys: (path, keys) =>
      path.length === 1 && path[0] === 'bigquery'
        ? [...keys.filter((key) => key !== 'tables'), ...LEGACY_TABLE_KEYS]
        : keys,
  };
}
