import type { HarperProcess } from '../../src/harper-process/index.js';
import { waitFor } from './wait.js';

export interface PublishedStatus {
  tableId: string;
  state: string;
  phase: string | null;
  caughtUp: boolean;
  rowsCommitted: number;
  batchSize: number | null;
  lastError: string | null;
  restarts: number;
  cursor: { timestamp: string; key: string[] } | null;
}

export async function tableStatus(harper: HarperProcess, tableId: string): Promise<PublishedStatus | undefined> {
  const response = await harper.rest(`/SyncStatus/${encodeURIComponent(tableId)}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET /SyncStatus/${tableId}: ${response.status} ${await response.text()}`);
  return (await response.json()) as PublishedStatus;
}

/** Every record of a Harper table (data database), by id. */
export async function harperRows(harper: HarperProcess, table: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await harper.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table,
    search_attribute: 'id',
    search_value: '*',
    get_attributes: ['*'],
  });
  return new Map(rows.map((r) => [String(r.id), r]));
}

export async function harperCount(harper: HarperProcess, table: string): Promise<number> {
  const [row] = await harper.operation<{ n: number }[]>({
    operation: 'sql',
    sql: `SELECT COUNT(*) AS n FROM data.${table}`,
  });
  return row?.n ?? 0;
}

/** Waits until a table's pipeline is caught up with at least `rows` rows in Harper. */
export async function waitForSynced(
  harper: HarperProcess,
  table: string,
  tableId: string,
  rows: number,
  timeoutMs = 90_000,
): Promise<PublishedStatus> {
  return waitFor(
    `${tableId} to reach ${rows} rows in ${table}`,
    async () => {
      const status = await tableStatus(harper, tableId);
      if (!status?.caughtUp) return undefined;
      const count = await harperCount(harper, table);
      return count >= rows ? status : undefined;
    },
    timeoutMs,
  );
}
