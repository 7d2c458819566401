/** One table's status as GET /SyncStatus/ returns it (the fields the terminal view shows). */
export interface ViewStatus {
  tableId: string;
  targetTable: string;
  state: string;
  phase: string | null;
  rowsCommitted: number;
  rowsPerSecond: number;
  lagMs: number | null;
  lastError: string | null;
}

/** Human duration: 850 ms, 12.5 s, 4 min, 2.1 h. */
export function formatLag(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A fixed-width table of the sync's progress, one line per table. */
export function renderStatus(tables: readonly ViewStatus[]): string[] {
  const header = ['table', 'target', 'state', 'phase', 'rows', 'rows/s', 'lag'];
  const body = tables.map((t) => [
    t.tableId,
    t.targetTable,
    t.state,
    t.phase ?? '–',
    t.rowsCommitted.toLocaleString('en-US'),
    t.rowsPerSecond.toLocaleString('en-US'),
    formatLag(t.lagMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const numeric = new Set([4, 5, 6]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const errors = tables
    .filter((t) => t.lastError && t.state !== 'running')
    .map((t) => `  ${t.tableId}: ${t.lastError}`);
  return [line(header), ...body.map(line), ...errors];
}
