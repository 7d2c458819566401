import type { TableName } from '../rows.js';

/** An existing table whose columns are not the synthesizer's: writing would fail or mislead. */
export class SchemaMismatchError extends Error {
  override readonly name = 'SchemaMismatchError';
  constructor(
    readonly table: string,
    readonly differences: readonly string[],
  ) {
    super(
      `Table ${table} already exists with a different schema: ${differences.join('; ')}. ` +
        'Drop it (clear --drop) or write to another dataset.',
    );
  }
}

export interface RejectedRow {
  /** Position of the row in the whole write (0-based). */
  readonly index: number;
  readonly row: unknown;
  readonly reasons: readonly { readonly reason: string; readonly message: string }[];
}

/** insertAll accepted the request but refused some rows; nothing of the chunk was stored. */
export class InsertRowsError extends Error {
  override readonly name = 'InsertRowsError';
  constructor(
    readonly table: TableName,
    readonly rejected: readonly RejectedRow[],
    chunkSize: number,
  ) {
    const shown = rejected
      .filter((r) => r.reasons.some((x) => x.reason !== 'stopped'))
      .slice(0, 3)
      .map(
        (r) =>
          `row ${r.index} ${JSON.stringify(r.row)}: ${r.reasons.map((x) => `${x.reason}: ${x.message}`).join(', ')}`,
      );
    super(
      `insertAll into ${table} rejected ${rejected.length} of ${chunkSize} rows` +
        (shown.length > 0 ? `; ${shown.join('; ')}` : ''),
    );
  }
}

/** A load job that finished with an error (bad rows, or a server failure that outlived the retries). */
export class LoadJobError extends Error {
  override readonly name = 'LoadJobError';
  constructor(
    readonly table: TableName,
    readonly jobId: string,
    message: string,
    readonly reasons: readonly string[],
  ) {
    super(`Load job ${jobId} into ${table} failed: ${message}`);
  }
}
