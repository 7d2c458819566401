import type { Table } from '@google-cloud/bigquery';
import type { TableName } from '../rows.js';
import { InsertRowsError, type RejectedRow } from './errors.js';
import { withRetry, type RetryOptions } from './retry.js';

interface PartialFailure {
  name?: string;
  errors?: { row?: { insertId?: string; json?: unknown }; errors?: { reason?: string; message?: string }[] }[];
}

/**
 * Streams one chunk with insertAll. Every row carries an insertId derived from its position
 * in the run, so a retried request (after a 5xx or a dropped connection) is deduplicated by
 * BigQuery instead of doubling rows. Rejected rows are not retried: the client's own
 * partial-failure retry is turned off and the rows come back with their reasons.
 */
export async function insertChunk(
  table: Table,
  tableName: TableName,
  rows: readonly unknown[],
  firstIndex: number,
  insertIdBase: string,
  retry: RetryOptions,
): Promise<number> {
  const payload = rows.map((json, i) => ({ insertId: `${insertIdBase}-${firstIndex + i}`, json }));
  try {
    await withRetry(() => table.insert(payload, { raw: true, partialRetries: 0 }), retry);
  } catch (error) {
    const failure = error as PartialFailure;
    if (failure?.name !== 'PartialFailureError' || !Array.isArray(failure.errors)) throw error;
    const indexOf = new Map(payload.map((p, i) => [p.insertId, i]));
    const rejected: RejectedRow[] = failure.errors.map((e) => {
      const i = indexOf.get(e.row?.insertId ?? '') ?? -1;
      return {
        index: i < 0 ? -1 : firstIndex + i,
        row: e.row?.json,
        reasons: (e.errors ?? []).map((x) => ({ reason: x.reason ?? 'unknown', message: x.message ?? '' })),
      };
    });
    throw new InsertRowsError(tableName, rejected, rows.length);
  }
  return rows.length;
}
