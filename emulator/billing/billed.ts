/**
 * On-demand billing of one query as BigQuery documents it: each table referenced is billed
 * for the bytes scanned in it, rounded up to a whole MB, and at least 10 MB; the query bills
 * the sum. A query that references no table (SELECT 1) bills nothing.
 */
export const MB = 1024 * 1024;
export const MIN_BILLED_BYTES_PER_TABLE = 10 * MB;

export function billedForTable(bytes: number): number {
  return Math.max(MIN_BILLED_BYTES_PER_TABLE, Math.ceil(bytes / MB) * MB);
}

export function billedForQuery(bytesPerTable: readonly number[]): number {
  return bytesPerTable.reduce((sum, b) => sum + billedForTable(b), 0);
}
