/**
 * On-demand billing as BigQuery documents it (rules in emulator/billing/billed.ts): each
 * referenced table bills its scanned bytes rounded up to the MB, at least 10 MB. A query
 * that reads no table (SELECT 1) processes and bills nothing.
 */
import type { QueryResult } from '../../engine/contract.js';
import { billedForQuery, MB, MIN_BILLED_BYTES_PER_TABLE } from '../../billing/index.js';
import { BigQueryError } from '../errors.js';

export { MIN_BILLED_BYTES_PER_TABLE };

export function bytesBilled(totalBytesProcessed: number, referencedTables: number): number {
  if (referencedTables === 0 && totalBytesProcessed === 0) return 0;
  const rounded = Math.ceil(totalBytesProcessed / MB) * MB;
  return Math.max(rounded, MIN_BILLED_BYTES_PER_TABLE * Math.max(1, referencedTables));
}

/** Billed bytes of a query result, per table when the engine reports per-table bytes. */
export function resultBytesBilled(
  result: Pick<QueryResult, 'totalBytesProcessed' | 'referencedTables' | 'bytesPerTable'>,
): number {
  if (result.bytesPerTable && result.bytesPerTable.length === result.referencedTables.length) {
    return billedForQuery(result.bytesPerTable);
  }
  return bytesBilled(result.totalBytesProcessed, result.referencedTables.length);
}

export function checkBytesBilledLimit(billed: number, limit: number | undefined): void {
  if (limit === undefined || billed <= limit) return;
  throw new BigQueryError(
    400,
    'bytesBilledLimitExceeded',
    `Query exceeded limit for bytes billed: ${limit}. ${billed} or higher required.`,
  );
}
