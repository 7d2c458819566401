import type { BigQuery, Job, Query } from '@google-cloud/bigquery';
import { buildPageQuery, type PageQueryTable, type PageRequest, type WindowRequest } from '../query/page-query.js';
import { FINGERPRINT_ALIAS, TIMESTAMP_ALIAS } from '../query/key-spec.js';
import { restRowToObject, type BigQueryRow, type SchemaField } from '../convert/wire-row.js';
import type { Cursor } from '../cursor/cursor.js';
import type { PageSource, PageStats, SourcePage, SourceRow } from './page-source.js';
import { partitionsSpanned, windowUpper, type PartitionUnit } from './window-plan.js';

/** Default bytes one window query may scan (whole partitions up to this). */
export const DEFAULT_WINDOW_BYTES = 2 * 1024 ** 3;
const MIN_BILLED = 10 * 1024 * 1024;
const DAY_US = 86_400_000_000n;

export interface BigQueryPageSourceOptions {
  location?: string;
  /** Decimal int64: queries that would bill more fail instead of running. Default: derived from each window's dry run. */
  maximumBytesBilled?: string;
  /** Per-query time limit in ms. */
  timeoutMs?: number;
  /** Time partitioning of the source table when it is on the timestamp column; absent: one window per backlog. */
  partitionUnit?: PartitionUnit;
  /** Bytes one window may scan; default DEFAULT_WINDOW_BYTES. */
  windowBytes?: number;
  /** Called before each window query with its dry-run estimate; throwing refuses the query. */
  beforeWindow?: (estimate: WindowEstimate) => void | Promise<void>;
}

export interface WindowEstimate {
  /** Bytes the window query will process (dry run). */
  bytesProcessed: number;
  /** What BigQuery will bill for it (10 MB minimum, whole MB). */
  bytesBilled: number;
  lowerMicros: bigint | null;
  upperMicros: bigint;
}

interface RestPage {
  rows?: { f: { v: unknown }[] }[];
  schema?: { fields?: SchemaField[] };
  pageToken?: string;
  jobComplete?: boolean;
  jobReference?: { jobId?: string; location?: string };
  /** Job statistics as the query reply carries them (int64 as strings). */
  totalBytesProcessed?: string;
  totalBytesBilled?: string;
}

/** The query job serving the current window, and where its reader stands. */
interface OpenWindow {
  /** Absent for a window that holds no rows (its dry run scanned nothing). */
  job?: Job;
  /** The request shape that opened it: a later request continues it only if it matches. */
  lowerMicros: bigint | undefined;
  upperMicros: bigint;
  /** Stopped at its byte budget before the read's upper bound. */
  capped: boolean;
  /** Cursor of the last row handed out (or the window's starting cursor). */
  last: Cursor | null;
  pageToken: string | undefined;
  started: boolean;
  fields: SchemaField[] | undefined;
}

function sameCursor(a: Cursor | null, b: Cursor | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.timestampMicros === b.timestampMicros && a.key.length === b.key.length && a.key.every((k, i) => k === b.key[i])
  );
}

export function billedBytes(processed: number): number {
  return Math.max(MIN_BILLED, Math.ceil(processed / 1048576) * 1048576);
}

/**
 * Reads keyset pages through the official client, one query job per window: the window's
 * rows come in keyset order and are paged with getQueryResults page tokens, which run
 * nothing new on BigQuery and bill nothing. A request that continues from the last row
 * handed out is served from the open job; any other request (a restart from a committed
 * cursor, a lookback sweep, a poll after the window was drained) opens a new window.
 *
 * Rows are taken unparsed (`skipParsing`) so INT64, NUMERIC and TIMESTAMP reach the type
 * converter exactly as BigQuery sent them; the cursor comes from the int64 microseconds the
 * query selects for the purpose.
 */
export class BigQueryPageSource implements PageSource<BigQueryRow> {
  /** Schema of the last page read: the converter needs the types of the columns. */
  lastSchema: SchemaField[] | undefined;
  private window: OpenWindow | undefined;

  constructor(
    private readonly client: BigQuery,
    private readonly table: PageQueryTable,
    private readonly options: BigQueryPageSourceOptions = {},
  ) {}

  async readPage(request: PageRequest): Promise<SourcePage<BigQueryRow>> {
    const stats: PageStats = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };
    const rows: SourceRow<BigQueryRow>[] = [];
    let after = request.after;
    let floor: bigint | undefined;
    const prev = this.window;
    if (prev && this.drainedAt(prev, request, after)) {
      // The last window was read to its end and this read reaches no further: nothing is new.
      if (request.upperMicros <= prev.upperMicros) return { rows, stats };
      // It stopped at its byte budget, not at "now": the next window starts after it.
      if (prev.capped) floor = prev.upperMicros + 1n;
    }
    for (;;) {
      let w: OpenWindow;
      try {
        w = this.continues(request, after) ? this.window! : await this.open(request, after, floor, stats);
      } catch (error) {
        // Rows of the previous window are already read (and their job billed): hand them
        // out; the next read opens this window again and meets the same refusal.
        if (rows.length > 0) return { rows, stats };
        throw error;
      }
      const got = await this.nextRows(w, request.limit - rows.length, stats);
      rows.push(...got);
      if (got.length > 0) after = got[got.length - 1]!.cursor;
      if (rows.length >= request.limit || this.window === undefined) break;
      // The window is drained. Go on with the next one only if this one stopped short of the
      // read's bound, so a short page still means "caught up" to the pipeline.
      if (w.upperMicros >= request.upperMicros) break;
      floor = w.upperMicros + 1n;
    }
    return { rows, stats };
  }

  /** Bytes a query over `window` would process (a dry run: free, and not a job). */
  async estimate(window: WindowRequest): Promise<number> {
    return this.dryRun(buildPageQuery(this.table, window));
  }

  /** Forgets the open window (its job is left to expire on BigQuery). */
  close(): void {
    this.window = undefined;
  }

  private drainedAt(w: OpenWindow, request: PageRequest, after: Cursor | null): boolean {
    return w.started && w.pageToken === undefined && w.lowerMicros === request.lowerMicros && sameCursor(w.last, after);
  }

  private continues(request: PageRequest, after: Cursor | null): boolean {
    const w = this.window;
    return (
      w !== undefined &&
      w.pageToken !== undefined &&
      w.lowerMicros === request.lowerMicros &&
      sameCursor(w.last, after) &&
      w.upperMicros <= request.upperMicros
    );
  }

  private baseQuery(built: { query: string; params: Record<string, string | number>; types: Record<string, string> }) {
    return {
      query: built.query,
      params: built.params,
      types: built.types,
      useLegacySql: false,
      location: this.options.location,
    };
  }

  private async dryRun(built: ReturnType<typeof buildPageQuery>): Promise<number> {
    const [, response] = (await this.client.createQueryJob({
      ...this.baseQuery(built),
      dryRun: true,
    } as Query)) as unknown as [
      unknown,
      { statistics?: { totalBytesProcessed?: string; query?: { totalBytesProcessed?: string } } },
    ];
    return Number(response?.statistics?.query?.totalBytesProcessed ?? response?.statistics?.totalBytesProcessed ?? 0);
  }

  /**
   * Opens the window starting after `after` (or at `lowerMicros`, or at the table's start).
   * `floor` is where the previous window of the same read ended: rows below it were read.
   */
  private async open(
    request: PageRequest,
    after: Cursor | null,
    floor: bigint | undefined,
    stats: PageStats,
  ): Promise<OpenWindow> {
    this.window = undefined;
    const lowest = after === null ? request.lowerMicros : undefined;
    const useFloor = floor !== undefined && (after === null || floor > after.timestampMicros);
    // Past the floor every row is after the cursor: a plain lower bound replaces the keyset.
    const backlog: WindowRequest = useFloor
      ? { after: null, lowerMicros: floor, upperMicros: request.upperMicros }
      : { after, upperMicros: request.upperMicros, ...(lowest !== undefined ? { lowerMicros: lowest } : {}) };
    let estimate = await this.dryRun(buildPageQuery(this.table, backlog));
    let upper = request.upperMicros;
    const budget = this.options.windowBytes ?? DEFAULT_WINDOW_BYTES;
    const unit = this.options.partitionUnit;
    let lower = backlog.after?.timestampMicros ?? backlog.lowerMicros;
    if (unit && estimate > budget) {
      lower ??= await this.firstTimestamp(request.upperMicros);
      // Assume bytes spread evenly over the partitions, check with a dry run, and narrow
      // again while the window is still over budget (empty partitions skew the first guess).
      for (let i = 0; i < 4 && lower !== undefined && estimate > budget; i++) {
        if (partitionsSpanned(unit, lower, upper) <= 1) break;
        upper = windowUpper({
          unit,
          lowerMicros: lower,
          upperMicros: upper,
          backlogBytes: estimate,
          budgetBytes: budget,
        });
        estimate = await this.dryRun(buildPageQuery(this.table, { ...backlog, upperMicros: upper }));
      }
    }
    const capped = upper < request.upperMicros;
    await this.options.beforeWindow?.({
      bytesProcessed: estimate,
      // An empty scan runs no job (below), so it bills nothing.
      bytesBilled: estimate === 0 ? 0 : billedBytes(estimate),
      lowerMicros: lower ?? null,
      upperMicros: upper,
    });
    if (estimate === 0) {
      // Nothing to scan means no partition in range holds a row: no job, nothing billed.
      this.window = {
        lowerMicros: request.lowerMicros,
        upperMicros: upper,
        capped,
        last: after,
        pageToken: undefined,
        started: true,
        fields: undefined,
      };
      return this.window;
    }
    const built = buildPageQuery(this.table, { ...backlog, upperMicros: upper });
    // Rows may land between the dry run and the query: leave room, but keep a runaway
    // query (a filter that stopped pruning) from billing the whole table.
    const cap = this.options.maximumBytesBilled ?? String(Math.ceil(estimate * 1.25) + MIN_BILLED);
    const query = {
      ...this.baseQuery(built),
      maximumBytesBilled: cap,
      jobTimeoutMs: this.options.timeoutMs,
    } as Query;
    const [job] = await this.client.createQueryJob(query);
    stats.jobs++;
    this.window = {
      job,
      lowerMicros: request.lowerMicros,
      upperMicros: upper,
      capped,
      last: after,
      pageToken: undefined,
      started: false,
      fields: undefined,
    };
    return this.window;
  }

  /**
   * Where the table's data starts (to within a day), found with dry runs, which are free:
   * the smallest bound whose `ts <= bound` scan is not empty. About 20 dry runs once per
   * fresh start; a query (MIN) would bill at least 10 MB.
   */
  private async firstTimestamp(upperMicros: bigint): Promise<bigint | undefined> {
    const scans = async (bound: bigint) =>
      (await this.dryRun(buildPageQuery(this.table, { after: null, upperMicros: bound }))) > 0;
    if (!(await scans(upperMicros))) return undefined;
    let lo = 0n; // 1970-01-01
    if (lo >= upperMicros || (await scans(lo))) lo = -62_135_596_800_000_000n; // 0001-01-01
    let hi = upperMicros;
    while (hi - lo > DAY_US) {
      const mid = lo + (hi - lo) / 2n;
      if (await scans(mid)) hi = mid;
      else lo = mid;
    }
    return lo;
  }

  private async resultsPage(job: Job, options: { maxResults: number; pageToken?: string }): Promise<RestPage> {
    for (;;) {
      const [, , response] = (await job.getQueryResults({
        ...options,
        autoPaginate: false,
        skipParsing: true,
        'formatOptions.useInt64Timestamp': true,
      } as never)) as unknown as [unknown, unknown, RestPage];
      if (response?.jobComplete !== false) return response ?? {};
    }
  }

  private async addJobStats(job: Job, stats: PageStats): Promise<void> {
    const [meta] = (await job.getMetadata()) as unknown as [
      {
        statistics?: {
          totalBytesProcessed?: string;
          query?: { totalBytesProcessed?: string; totalBytesBilled?: string };
        };
      },
    ];
    const s = meta?.statistics;
    stats.bytesProcessed += Number(s?.query?.totalBytesProcessed ?? s?.totalBytesProcessed ?? 0);
    stats.bytesBilled += Number(s?.query?.totalBytesBilled ?? 0);
  }

  /** Up to `n` rows of the open window; fewer only when the window is drained. */
  private async nextRows(w: OpenWindow, n: number, stats: PageStats): Promise<SourceRow<BigQueryRow>[]> {
    const out: SourceRow<BigQueryRow>[] = [];
    while (out.length < n && (!w.started || w.pageToken !== undefined)) {
      let page: RestPage;
      try {
        page = await this.resultsPage(w.job!, {
          maxResults: n - out.length,
          ...(w.pageToken !== undefined ? { pageToken: w.pageToken } : {}),
        });
      } catch (err) {
        // Results gone (expired job, evicted result): the next read reopens from the cursor.
        if (w.started && (err as { code?: number }).code === 404) {
          this.window = undefined;
          w.pageToken = undefined;
          return out;
        }
        throw err;
      }
      if (!w.started) {
        w.started = true;
        await this.addJobStats(w.job!, stats);
      }
      const fields = page.schema?.fields ?? w.fields;
      if (!fields) throw new Error(`BigQuery returned no schema for the window query of ${this.describe()}`);
      w.fields = fields;
      this.lastSchema = fields;
      for (const row of page.rows ?? []) out.push(this.toSourceRow(fields, row));
      w.pageToken = page.pageToken;
      if (out.length > 0) w.last = out[out.length - 1]!.cursor;
    }
    return out;
  }

  private toSourceRow(fields: SchemaField[], rest: { f: { v: unknown }[] }): SourceRow<BigQueryRow> {
    const row = restRowToObject(fields, rest);
    const ts = row[TIMESTAMP_ALIAS];
    if (typeof ts !== 'string')
      throw new Error(
        `Row of ${this.describe()} has no ${TIMESTAMP_ALIAS} (timestamp column ${this.table.timestampColumn} is NULL?)`,
      );
    const key =
      this.table.key.kind === 'fingerprint' ? [row[FINGERPRINT_ALIAS]] : this.table.key.columns.map((c) => row[c.name]);
    if (!key.every((k): k is string => typeof k === 'string')) {
      throw new Error(`Row of ${this.describe()} has a NULL or non-scalar key value: ${JSON.stringify(key)}`);
    }
    delete row[TIMESTAMP_ALIAS];
    return { cursor: { timestampMicros: BigInt(ts), key }, row };
  }

  private describe(): string {
    return `${this.table.projectId}.${this.table.dataset}.${this.table.table}`;
  }
}
