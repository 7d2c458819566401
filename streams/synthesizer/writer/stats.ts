import { TIME_COLUMN, VESSEL_COLUMN, type TableName } from '../rows.js';
import { selectTables } from './table-names.js';
import { sqlTable, type SynthesizerTarget } from './target.js';

export interface TableStats {
  readonly table: TableName;
  readonly exists: boolean;
  readonly rows: number;
  /** RFC 3339 with six fractional digits, like the rows themselves; null for an empty table. */
  readonly minTime: string | null;
  readonly maxTime: string | null;
  readonly vessels: number;
}

const RFC3339 = "'%Y-%m-%dT%H:%M:%E6SZ'";

export async function tableExists(target: SynthesizerTarget, table: TableName): Promise<boolean> {
  const dataset = target.bigquery.dataset(target.datasetId);
  const [datasetExists] = await dataset.exists();
  return datasetExists && (await dataset.table(table).exists())[0];
}

/** Row count, time range and distinct vessels per table, one query each. */
export async function stats(
  target: SynthesizerTarget,
  options: { readonly tables?: readonly TableName[] } = {},
): Promise<TableStats[]> {
  const out: TableStats[] = [];
  for (const table of selectTables(options.tables)) {
    if (!(await tableExists(target, table))) {
      out.push({ table, exists: false, rows: 0, minTime: null, maxTime: null, vessels: 0 });
      continue;
    }
    const time = TIME_COLUMN[table];
    const [rows] = await target.bigquery.query({
      query:
        `SELECT COUNT(*) AS row_count, FORMAT_TIMESTAMP(${RFC3339}, MIN(${time})) AS min_time, ` +
        `FORMAT_TIMESTAMP(${RFC3339}, MAX(${time})) AS max_time, COUNT(DISTINCT ${VESSEL_COLUMN[table]}) AS vessels ` +
        `FROM ${sqlTable(target, table)}`,
    });
    const r = (rows[0] ?? {}) as {
      row_count?: number;
      min_time?: string | null;
      max_time?: string | null;
      vessels?: number;
    };
    out.push({
      table,
      exists: true,
      rows: Number(r.row_count ?? 0),
      minTime: r.min_time ?? null,
      maxTime: r.max_time ?? null,
      vessels: Number(r.vessels ?? 0),
    });
  }
  return out;
}
