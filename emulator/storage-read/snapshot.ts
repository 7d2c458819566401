/**
 * A session's rows, materialised once when the session is created so every stream reads the
 * same stable snapshot: the read plan's query runs through the engine (same translation as
 * the REST path) and its rows are held as Arrow record batches of at most `batchRows` rows.
 * With an engine that offers `selectChunks` (DuckDB), result chunks are converted as they
 * arrive (scalars natively, the rest through the REST wire encoder; engine-values.ts), so the
 * whole result never exists as REST rows; otherwise `query`'s REST rows are converted.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { RecordBatch, type Schema } from 'apache-arrow';
import type { Engine, ResultChunk, RestRow } from '../engine/contract.js';
import type { Field } from '../types/schema.js';
import { arrowSchema } from './arrow-schema.js';
import { columnsToStructData, rowsToStructData } from './arrow-columns.js';
import { cellConverter, type CellConverter } from './engine-values.js';
import type { ReadPlan } from './read-plan.js';

export interface Snapshot {
  fields: Field[];
  schema: Schema;
  batches: RecordBatch[];
  /** Row index of each batch's first row. */
  starts: number[];
  rows: number;
  /** Bytes of the Arrow buffers, the session's estimate of bytes scanned. */
  bytes: number;
}

export function snapshotFromRows(fields: Field[], rows: RestRow[], batchRows: number): Snapshot {
  const schema = arrowSchema(fields);
  const batches: RecordBatch[] = [];
  const starts: number[] = [];
  let bytes = 0;
  for (let at = 0; at < rows.length; at += batchRows) {
    const chunk = rows.slice(at, at + batchRows);
    const batch = new RecordBatch(schema, rowsToStructData(fields, chunk));
    starts.push(at);
    batches.push(batch);
    bytes += batch.data.byteLength;
  }
  return { fields, schema, batches, starts, rows: rows.length, bytes };
}

const QUERY_OPTIONS = { defaultProjectId: '_storage_read', useInt64Timestamp: true };

export async function materialise(engine: Engine, plan: ReadPlan, batchRows: number): Promise<Snapshot> {
  if (!engine.selectChunks) {
    const result = await engine.query(plan.sql, QUERY_OPTIONS);
    return snapshotFromRows(plan.fields, result.rows, batchRows);
  }
  const builder = new SnapshotBuilder(plan.fields, batchRows);
  await engine.selectChunks(plan.sql, QUERY_OPTIONS, (chunk) => builder.add(chunk));
  return builder.finish();
}

function decimalScale(field: Field): number | undefined {
  if (field.type === 'NUMERIC') return 9;
  if (field.type === 'BIGNUMERIC') return 38;
  return undefined;
}

/** Collects result chunks into record batches of `batchRows` rows. */
class SnapshotBuilder {
  private readonly schema: Schema;
  private converters: CellConverter[] | undefined;
  private pending: unknown[][];
  private pendingRows = 0;
  private readonly snapshot: Snapshot;

  constructor(
    private readonly fields: Field[],
    private readonly batchRows: number,
  ) {
    this.schema = arrowSchema(fields);
    this.pending = fields.map(() => []);
    this.snapshot = { fields, schema: this.schema, batches: [], starts: [], rows: 0, bytes: 0 };
  }

  add(chunk: ResultChunk): void {
    this.converters ??= (chunk.types as DuckDBType[]).map((t, c) =>
      cellConverter(t, decimalScale(this.fields[c] as Field)),
    );
    for (let r = 0; r < chunk.rowCount; r++) {
      for (let c = 0; c < this.fields.length; c++) {
        const v = (chunk.columns[c] as DuckDBValue[])[r] as DuckDBValue;
        (this.pending[c] as unknown[]).push(v === null ? null : (this.converters[c] as CellConverter)(v));
      }
      if (++this.pendingRows === this.batchRows) this.flush();
    }
  }

  finish(): Snapshot {
    if (this.pendingRows > 0) this.flush();
    return this.snapshot;
  }

  private flush(): void {
    const batch = new RecordBatch(this.schema, columnsToStructData(this.fields, this.pending, this.pendingRows));
    this.snapshot.starts.push(this.snapshot.rows);
    this.snapshot.batches.push(batch);
    this.snapshot.rows += this.pendingRows;
    this.snapshot.bytes += batch.data.byteLength;
    this.pending = this.fields.map(() => []);
    this.pendingRows = 0;
  }
}

/**
 * The record batches that hold rows [from, to), cut to exactly those rows, in order. Batches
 * are sliced, not copied; the IPC writer writes a slice's rows only.
 */
export function* batchesIn(snapshot: Snapshot, from: number, to: number): Generator<RecordBatch> {
  let i = lastStartAtOrBefore(snapshot.starts, from);
  for (; i < snapshot.batches.length; i++) {
    const start = snapshot.starts[i] as number;
    if (start >= to) return;
    const batch = snapshot.batches[i] as RecordBatch;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, start + batch.numRows) - start;
    if (b <= a) continue;
    yield a === 0 && b === batch.numRows ? batch : batch.slice(a, b);
  }
}

function lastStartAtOrBefore(starts: readonly number[], row: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= row) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
