import { TIME_COLUMN, type TableName } from '../rows.js';
import { selectTables } from './table-names.js';
import { sqlTable, type SynthesizerTarget } from './target.js';

export interface RetentionResult {
  readonly table: TableName;
  readonly deleted: number;
}

/** Deletes rows older than `retentionDays` (by the table's time column) from each selected table. */
export async function applyRetention(
  target: SynthesizerTarget,
  options: { readonly retentionDays: number; readonly tables?: readonly TableName[] },
): Promise<RetentionResult[]> {
  const days = options.retentionDays;
  // Inlined, not a parameter: INTERVAL takes a literal in the local server's dialect; validated here.
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`retentionDays must be an integer >= 0, got ${days}`);
  const out: RetentionResult[] = [];
  for (const table of selectTables(options.tables)) {
    const [job] = await target.bigquery.createQueryJob({
      query:
        `DELETE FROM ${sqlTable(target, table)} ` +
        `WHERE ${TIME_COLUMN[table]} < TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL ${days} DAY)`,
    });
    await job.getQueryResults();
    const [metadata] = await job.getMetadata();
    out.push({ table, deleted: Number(metadata.statistics?.query?.numDmlAffectedRows ?? 0) });
  }
  return out;
}
