import { bigQueryRowConverter } from '../../streams/convert/bigquery-row-converter.js';
import type { TargetRecord } from '../../streams/sink/batch-sink.js';
import type { HarperRuntime } from '../../streams/sink/harper-sink.js';
import { keyExists } from '../../streams/sink/key-exists.js';
import { POSITION_FIELDS, POSITION_KEY, positionValues, positionWire } from '../data/positions.js';
import type { Job } from './jobs.js';

export interface RawWriteRequest {
  rows: number;
  txnSize: number;
  /** A copy of VesselPositions (same attributes and indexes), in its own database. */
  table: string;
  database: string;
  /** First row index, so a run can continue a table instead of overwriting it. */
  from?: number;
  /**
   * What else happens per row inside the transaction, to price the sink's own work:
   * `put` (default) only puts; `get-put` first awaits `get(id, txn)` as the sinks do to
   * counted new keys; `parallel-get-put` starts every get of the batch at once and awaits
   * them together; `exists-put` asks `keyExists` (what the sinks do now).
   */
  perRow?: 'put' | 'get-put' | 'parallel-get-put' | 'exists-put';
  /**
   * Writes the rows as a Storage Read session with this many streams does: the rows split
   * into as many contiguous ranges, whose transactions take turns (default 1: in row order).
   */
  streams?: number;
}

export interface RawWriteResult {
  rows: number;
  txnSize: number;
  /** Sum of the awaited transactions: Harper's write time alone. */
  writeMs: number;
  /**
   * Part of writeMs spent in the put loop on the worker thread (the JS side of a write);
   * the rest is waiting for the commit, which LMDB does off this thread.
   */
  putLoopMs: number;
  /** Making the records (untimed in writeMs): the same converter the sync uses. */
  prepareMs: number;
  wallMs: number;
  /** Milliseconds of each transaction, in order (shows slowing as the table grows). */
  txnMs: number[];
  /** Keys the gets found absent (perRow get-put variants). */
  newKeys?: number;
}

/**
 * Harper's raw write rate for the rows the sync would write: each chunk of `txnSize` rows
 * is converted from the BigQuery wire form by the sync's own converter (so records are
 * identical to the sync's), then written in one transaction, one `put(record, txn)` per
 * row with no per-row await (FACTS: the fastest pattern measured).
 */
export async function rawWrite(
  runtime: HarperRuntime,
  request: RawWriteRequest,
  job: Job<RawWriteResult>,
): Promise<RawWriteResult> {
  const table = runtime.databases[request.database]?.[request.table];
  if (!table) throw new Error(`no table ${request.database}.${request.table}`);
  const convert = bigQueryRowConverter({
    fields: POSITION_FIELDS,
    key: POSITION_KEY,
    numericMode: 'string',
    geographyFormat: 'wkt',
  });
  const from = request.from ?? 0;
  const started = performance.now();
  const result: RawWriteResult = {
    rows: 0,
    txnSize: request.txnSize,
    writeMs: 0,
    putLoopMs: 0,
    prepareMs: 0,
    wallMs: 0,
    txnMs: [],
  };
  for (const [start, end] of transactionRanges(from, request.rows, request.txnSize, request.streams ?? 1)) {
    const t0 = performance.now();
    const records: TargetRecord[] = [];
    for (let i = start; i < end; i++) {
      const converted = convert(positionWire(positionValues(i)));
      if (!('record' in converted)) throw new Error(`row ${i}: ${converted.error}`);
      records.push(converted.record);
    }
    const t1 = performance.now();
    await runtime.transaction(async (txn) => {
      if (request.perRow === 'get-put') {
        for (const record of records) {
          if (!(await table.get(record.id, txn))) result.newKeys = (result.newKeys ?? 0) + 1;
          table.put(record, txn);
        }
      } else if (request.perRow === 'exists-put') {
        for (const record of records) {
          const exists = keyExists(table, record.id, txn);
          if (!(typeof exists === 'boolean' ? exists : await exists)) result.newKeys = (result.newKeys ?? 0) + 1;
          table.put(record, txn);
        }
      } else if (request.perRow === 'parallel-get-put') {
        const found = await Promise.all(records.map((record) => table.get(record.id, txn)));
        for (const f of found) if (!f) result.newKeys = (result.newKeys ?? 0) + 1;
        for (const record of records) table.put(record, txn);
      } else {
        for (const record of records) table.put(record, txn);
      }
      result.putLoopMs += performance.now() - t1;
    });
    const t2 = performance.now();
    result.prepareMs += t1 - t0;
    result.writeMs += t2 - t1;
    result.txnMs.push(Math.round((t2 - t1) * 10) / 10);
    result.rows += records.length;
    job.progress = { rows: result.rows, writeMs: Math.round(result.writeMs) };
  }
  result.wallMs = performance.now() - started;
  return result;
}

/**
 * [start, end) row ranges of each transaction in write order: `streams` contiguous ranges of
 * the rows, one transaction of each in turn (what parallel streams committing in turn write).
 */
export function transactionRanges(from: number, rows: number, txnSize: number, streams: number): [number, number][] {
  const per = Math.ceil(rows / streams);
  const queues: [number, number][][] = [];
  for (let s = 0; s < streams; s++) {
    const lo = from + s * per;
    const hi = Math.min(from + rows, lo + per);
    const q: [number, number][] = [];
    for (let start = lo; start < hi; start += txnSize) q.push([start, Math.min(hi, start + txnSize)]);
    queues.push(q);
  }
  const out: [number, number][] = [];
  for (let k = 0; queues.some((q) => k < q.length); k++) for (const q of queues) if (k < q.length) out.push(q[k]!);
  return out;
}
