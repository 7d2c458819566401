import type { TableName } from '../rows.js';
import { selectTables } from './table-names.js';
import { sqlTable, type SynthesizerTarget } from './target.js';

export type ClearMode = 'truncate' | 'drop';

export interface ClearOptions {
  readonly tables?: readonly TableName[];
  /** truncate (default) keeps the tables and their schema; drop removes them. */
  readonly mode?: ClearMode;
}

export interface ClearResult {
  readonly table: TableName;
  readonly action: 'truncated' | 'dropped' | 'missing';
}

/** Empties or drops the selected tables; tables (or a dataset) that do not exist are reported as missing. */
export async function clear(target: SynthesizerTarget, options: ClearOptions = {}): Promise<ClearResult[]> {
  const mode = options.mode ?? 'truncate';
  const dataset = target.bigquery.dataset(target.datasetId);
  const [datasetExists] = await dataset.exists();
  const out: ClearResult[] = [];
  for (const name of selectTables(options.tables)) {
    const table = dataset.table(name);
    if (!datasetExists || !(await table.exists())[0]) {
      out.push({ table: name, action: 'missing' });
    } else if (mode === 'drop') {
      await table.delete();
      out.push({ table: name, action: 'dropped' });
    } else {
      await target.bigquery.query({ query: `TRUNCATE TABLE ${sqlTable(target, name)}` });
      out.push({ table: name, action: 'truncated' });
    }
  }
  return out;
}
