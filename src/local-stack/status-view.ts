import type { TableStatus } from '../../actors/table-actor.js';
import type { LastValidation } from '../../streams/validate/report.js';

/**
 * One table's status as GET /SyncStatus/ returns it (the fields the terminal view shows).
 * All but the id and state may be missing from a record an older version published, until
 * the running table publishes again: those show as "–".
 */
export type ViewStatus = Pick<TableStatus, 'tableId' | 'state'> &
  Partial<
    Pick<
      TableStatus,
      | 'phase'
      | 'rowsWritten'
      | 'distinctKeys'
      | 'rowsPerSecond10s'
      | 'rowsPerSecond60s'
      | 'lagMs'
      | 'queries'
      | 'bytesBilled'
      | 'storageRead'
      | 'lastError'
      | 'pauseReason'
      | 'resumesAt'
      | 'costEstimate'
      | 'budget'
      | 'warnings'
      | 'validation'
    >
  > & {
    /** Published beside the actor's fields by the validation service. */
    lastValidation?: LastValidation | null;
  };

/** Human duration: 850 ms, 12.5 s, 4 min, 2.1 h. */
export function formatLag(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Human byte count in binary units (BigQuery bills by MiB): 0 B, 512 B, 10 MiB, 1.5 GiB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]!}`;
}

/** Rows per second, short: whole numbers from 10 up, one decimal below. */
function formatRate(perSecond: number): string {
  return perSecond >= 10 || Number.isInteger(perSecond)
    ? Math.round(perSecond).toLocaleString('en-US')
    : perSecond.toFixed(1);
}

const MISSING = '–';
const count = (n: number | null | undefined) => (typeof n === 'number' ? n.toLocaleString('en-US') : MISSING);
const rate = (n: number | undefined) => (typeof n === 'number' ? formatRate(n) : MISSING);

/**
 * A fixed-width table of the sync's progress, one line per table, with the same numbers as
 * GET /SyncStatus/: rows written in total (kept across restarts) and distinct keys, rows per
 * second over the last 10 s / 60 s, lag, the query jobs and bytes billed today (UTC) and the
 * daily budget left; under it, budget pauses, the start-up cost estimate and warnings.
 */
export function renderStatus(tables: readonly ViewStatus[]): string[] {
  const header = [
    'table',
    'state',
    'phase',
    'rows',
    'distinct',
    'rows/s 10s/60s',
    'lag',
    'queries today',
    'billed today',
    'budget left',
  ];
  const body = tables.map((t) => [
    t.tableId,
    // A pause the user did not ask for (a budget, ...) says why.
    t.pauseReason && t.pauseReason !== 'user' ? `${t.state} (${t.pauseReason})` : t.state,
    t.phase ?? MISSING,
    count(t.rowsWritten),
    count(t.distinctKeys),
    `${rate(t.rowsPerSecond10s)} / ${rate(t.rowsPerSecond60s)}`,
    formatLag(t.lagMs),
    count(t.queries?.today),
    typeof t.bytesBilled?.today === 'number' ? formatBytes(t.bytesBilled.today) : MISSING,
    t.budget ? formatBytes(t.budget.leftToday) : MISSING,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const numeric = new Set([3, 4, 5, 6, 7, 8, 9]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const errors = tables
    .filter((t) => t.lastError && t.state !== 'running')
    .map((t) => `  ${t.tableId}: ${t.lastError}`);
  const validations = tables.flatMap((t) =>
    t.lastValidation ? [`  ${t.tableId}: ${validationLine(t.lastValidation)}${validationUsageText(t.validation)}`] : [],
  );
  return [
    line(header),
    ...body.map(line),
    ...errors,
    ...tables.flatMap(costLines),
    ...tables.flatMap(storageReadLine),
    ...validations,
  ];
}

/** What Storage Read backfills read (billed per byte read, apart from the query bytes above). */
function storageReadLine(t: ViewStatus): string[] {
  const s = t.storageRead;
  if (!s || s.sessions === 0) return [];
  const sessions = `${count(s.sessions)} session${s.sessions === 1 ? '' : 's'}`;
  return [
    `  ${t.tableId}: Storage Read ${sessions}, ${count(s.streams)} streams, ${count(s.rowsRead)} rows, ` +
      `${formatBytes(s.bytesRead.total)} read (${formatBytes(s.bytesRead.today)} today)`,
  ];
}

/** The cost lines under the table: a budget pause and until when, the start estimate, warnings. */
function costLines(t: ViewStatus): string[] {
  const out: string[] = [];
  if (t.state === 'paused' && t.pauseReason === 'budget')
    out.push(
      `  ${t.tableId}: paused by sync.maxBytesBilledPerDay until ${t.resumesAt ? t.resumesAt.slice(0, 16).replace('T', ' ') + ' UTC' : 'the next UTC day'}`,
    );
  const e = t.costEstimate;
  if (e)
    out.push(
      `  ${t.tableId}: estimate ${formatBytes(e.backfillBytes)} to back-fill, ${formatBytes(e.steadyBytesPerDay)}/day billed polling every ${formatLag(e.pollIntervalMs)}`,
    );
  for (const w of t.warnings ?? []) out.push(`  ${t.tableId}: warning: ${w}`);
  return out;
}

/** What the table's validations billed today and in total (already counted in its queries/bytes). */
export function validationUsageText(u: ViewStatus['validation']): string {
  if (!u) return '';
  return `; validations today ${count(u.queries.today)} queries, ${formatBytes(u.bytesBilled.today)} billed (total ${count(u.queries.total)}, ${formatBytes(u.bytesBilled.total)})`;
}

/** The last validation in one line: its verdict, what differed, its bytes billed, orphans. */
export function validationLine(v: LastValidation): string {
  const verdict = v.skipped
    ? `skipped (${v.skipped})`
    : v.clean
      ? `clean, ${count(v.windows)} windows`
      : `${count(v.mismatches)} mismatching windows: ${count(v.missing)} missing, ${count(v.extra)} extra, ${count(v.changed)} changed, ${count(v.repaired)} repaired`;
  const orphans = (v.references ?? [])
    .filter((r) => r.orphans > 0)
    .map((r) => `; ${count(r.orphans)} ${r.column} values not in ${r.table} (${r.sample.join(', ')})`)
    .join('');
  return `validation ${v.at}: ${verdict}, ${formatBytes(v.bytesBilled)} billed${orphans}`;
}
