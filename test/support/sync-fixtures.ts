import { DEFAULT_SYNC_SETTINGS } from '../../config/defaults.js';
import type { TableSyncSettings } from '../../config/types.js';
import type { Cursor } from '../../streams/cursor/cursor.js';
import type { SourceRow } from '../../streams/source/page-source.js';

/** A plain row of a test source table keyed by (group, n), ordered by ts. */
export interface PlainRow {
  ts: number;
  group: string;
  n: number;
  payload: string | null;
  /** Rows marked bad fail conversion and must land in the skipped rows. */
  bad: boolean;
}

export const PLAIN_KEY_KINDS = ['string', 'integer'] as const;

export function plainCursor(row: PlainRow): Cursor {
  return { timestampMicros: BigInt(row.ts), key: [row.group, String(row.n)] };
}

export function plainSourceRows(rows: PlainRow[]): SourceRow<PlainRow>[] {
  return rows.map((row) => ({ cursor: plainCursor(row), row }));
}

export function plainId(row: PlainRow): string {
  return `${row.group}|${row.n}`;
}

export function convertPlain(row: PlainRow) {
  if (row.bad) return { error: `row ${plainId(row)} is marked bad` };
  return { record: { id: plainId(row), ts: row.ts, group: row.group, n: row.n, payload: row.payload } };
}

export function settings(overrides: Partial<TableSyncSettings> = {}): TableSyncSettings {
  return { ...DEFAULT_SYNC_SETTINGS, settleDelayMs: 0, minBatchSize: 1, ...overrides };
}
