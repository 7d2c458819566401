/**
 * A session's rows, materialised once when the session is created so every stream reads the
 * same stable snapshot: the read plan's query runs through the engine (same translation and
 * same value encoding as the REST path), and its rows are held as Arrow record batches of at
 * most `batchRows` rows. Columnar batches are far smaller than the REST rows they come from,
 * which are dropped chunk by chunk as they are converted.
 */
import { RecordBatch, type Schema } from 'apache-arrow';
import type { Engine, RestRow } from '../engine/contract.js';
import type { Field } from '../types/schema.js';
import { arrowSchema } from './arrow-schema.js';
import { rowsToStructData } from './arrow-columns.js';
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

export async function materialise(engine: Engine, plan: ReadPlan, batchRows: number): Promise<Snapshot> {
  const result = await engine.query(plan.sql, { defaultProjectId: '_storage_read', useInt64Timestamp: true });
  return snapshotFromRows(plan.fields, result.rows, batchRows);
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
