/**
 * On-demand billing as BigQuery documents it: bytes are rounded up to the next MB with a
 * 10 MB minimum per referenced table (and per query). The engine reports a total rather
 * than per-table bytes, so the per-table minimum is applied to the total. A query that
 * reads no table (SELECT 1) processes and bills nothing.
 */
import { BigQueryError } from '../errors.js';

const MB = 1024 * 1024;
export const MIN_BILLED_BYTES_PER_TABLE = 10 * MB;

export function bytesBilled(totalBytesProcessed: number, referencedTables: number): number {
  if (referencedTables === 0 && totalBytesProcessed === 0) return 0;
  const rounded = Math.ceil(totalBytesProcessed / MB) * MB;
  return Math.max(rounded, MIN_BILLED_BYTES_PER_TABLE * Math.max(1, referencedTables));
}

export function checkBytesBilledLimit(billed: number, limit: number | undefined): void {
  if (limit === undefined || billed <= limit) return;
  throw new BigQueryError(
    400,
    'bytesBilledLimitExceeded',
    `Query exceeded limit for bytes billed: ${limit}. ${billed} or higher required.`,
  );
}
