import { from, lastValueFrom } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { RowConverter } from '../operators/convert-rows.js';
import type { TargetRecord } from '../sink/batch-sink.js';
import type { HarperRuntime, HarperTable } from '../sink/harper-sink.js';
import { recordProblem } from '../sink/record-validator.js';
import type { PageStats } from '../model/index.js';
import type { PageSource, SourcePage } from '../source/page-source.js';
import type { KeyDiff } from './compare.js';
import type { TimeWindow } from './windows.js';

/** What repairing one small window did. */
export interface WindowRepair {
  /** Rows re-read from the source and upserted (missing + changed keys). */
  upserted: number;
  /** Extra rows deleted from Harper (only with deleteExtra). */
  deleted: number;
  /** Keys that could not be repaired, with the reason. */
  failed: { key: string; reason: string }[];
}

/**
 * Re-reads a window from the source through the sync's own read + convert path: keyset
 * pages bounded to the window, so a window of any size reads in bounded pages. `stats` is
 * what the reads cost (query jobs and bytes), added to the validation's own.
 */
export async function readWindow<Row>(
  source: PageSource<Row>,
  convert: RowConverter<Row>,
  window: TimeWindow,
  pageSize: number,
): Promise<{ records: TargetRecord[]; errors: string[]; stats: PageStats }> {
  const records: TargetRecord[] = [];
  const errors: string[] = [];
  const stats = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };
  let after: Cursor | null = null;
  for (;;) {
    const page: SourcePage<Row> = await lastValueFrom(
      from(
        source.readPage({
          after,
          lowerMicros: BigInt(window.startMs) * 1000n,
          upperMicros: BigInt(window.endMs) * 1000n - 1n,
          limit: pageSize,
        }),
      ),
    );
    stats.jobs += page.stats?.jobs ?? 0;
    stats.bytesProcessed += page.stats?.bytesProcessed ?? 0;
    stats.bytesBilled += page.stats?.bytesBilled ?? 0;
    for (const { row } of page.rows) {
      try {
        const result = convert(row);
        if ('record' in result) records.push(result.record);
        else errors.push(result.error);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    if (page.rows.length < pageSize) return { records, errors, stats };
    after = page.rows[page.rows.length - 1]!.cursor;
  }
}

/**
 * Writes the repair of one window in ONE Harper transaction (every put and delete gets
 * the txn), so a window is repaired entirely or not at all. Only the target table is
 * touched: the checkpoint, and so the cursor, stays where the sync put it.
 */
export async function applyRepair(
  runtime: HarperRuntime,
  target: HarperTable,
  diff: KeyDiff,
  records: readonly TargetRecord[],
  deleteExtra: boolean,
): Promise<WindowRepair> {
  const wanted = new Set([...diff.missing, ...diff.changed]);
  const found = new Set<string>();
  const result: WindowRepair = { upserted: 0, deleted: 0, failed: [] };
  const attributes = target.attributes ?? [];
  const puts: TargetRecord[] = [];
  for (const record of records) {
    const id = String(record.id);
    if (!wanted.has(id)) continue;
    found.add(id);
    const problem = recordProblem(record, attributes);
    if (problem) result.failed.push({ key: id, reason: `Harper would reject the record: ${problem}` });
    else puts.push(record);
  }
  for (const key of wanted)
    if (!found.has(key)) result.failed.push({ key, reason: 'not in the source any more when re-read' });
  const deletes = deleteExtra ? diff.extra : [];
  if (puts.length === 0 && deletes.length === 0) return result;
  await runtime.transaction(async (txn) => {
    for (const record of puts) await target.put(record, txn);
    for (const id of deletes) await target.delete(id, txn);
  });
  result.upserted = puts.length;
  result.deleted = deletes.length;
  return result;
}
