import type { BigQuery, Job, Query } from '@google-cloud/bigquery';
import type { BuiltQuery } from '../query/page-query.js';
import type { WindowSummary } from './checksum.js';
import type { ValidationSide } from './side.js';
import { buildKeysQuery, buildSummaryQuery, type ValidationTable } from './validation-query.js';
import type { TimeWindow, WindowPlan } from './windows.js';

export interface BigQuerySideOptions {
  location?: string;
  /** Decimal int64: a validation query that would bill more fails instead of running. */
  maximumBytesBilled?: string;
  timeoutMs?: number;
}

/** What the BigQuery side cost in one run. */
export interface QueryCost {
  jobs: number;
  bytesProcessed: number;
  bytesBilled: number;
}

/**
 * The BigQuery side: one grouped summary query per plan, one key listing per small
 * window. Every job's bytes are added up so a run can report (and bound) its cost.
 */
export class BigQuerySide implements ValidationSide {
  readonly cost: QueryCost = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };

  constructor(
    private readonly client: BigQuery,
    private readonly table: ValidationTable,
    private readonly options: BigQuerySideOptions = {},
  ) {}

  /** Bytes the summary query of a plan would process (a dry run: nothing billed). */
  async estimateBytes(plan: WindowPlan): Promise<number> {
    const [job] = await this.client.createQueryJob({
      ...this.queryOf(buildSummaryQuery(this.table, plan)),
      dryRun: true,
    });
    return Number((job.metadata as JobMetadata).statistics?.totalBytesProcessed ?? 0);
  }

  async summarize(plan: WindowPlan): Promise<Map<number, WindowSummary>> {
    const rows = await this.run<{ w: string; n: string; kx: string; rx: string }>(buildSummaryQuery(this.table, plan));
    return new Map(
      rows.map((r) => [Number(r.w), { count: Number(r.n), keyXor: BigInt(r.kx), rowXor: BigInt(r.rx) }] as const),
    );
  }

  async keys(window: TimeWindow): Promise<Map<string, bigint>> {
    const rows = await this.run<{ k: string; rf: string }>(buildKeysQuery(this.table, window.startMs, window.endMs));
    return new Map(rows.map((r) => [r.k, BigInt(r.rf)] as const));
  }

  private queryOf(built: BuiltQuery): Query {
    return {
      query: built.query,
      params: built.params,
      types: built.types,
      useLegacySql: false,
      location: this.options.location,
      maximumBytesBilled: this.options.maximumBytesBilled,
      jobTimeoutMs: this.options.timeoutMs,
    };
  }

  private async run<T>(built: BuiltQuery): Promise<T[]> {
    const [job] = await this.client.createQueryJob(this.queryOf(built));
    this.cost.jobs += 1;
    const [rows] = (await job.getQueryResults()) as unknown as [T[]];
    await this.count(job);
    return rows;
  }

  private async count(job: Job): Promise<void> {
    const [metadata] = (await job.getMetadata()) as unknown as [JobMetadata];
    const stats = metadata.statistics;
    this.cost.bytesProcessed += Number(stats?.totalBytesProcessed ?? stats?.query?.totalBytesProcessed ?? 0);
    this.cost.bytesBilled += Number(stats?.query?.totalBytesBilled ?? 0);
  }
}

interface JobMetadata {
  statistics?: {
    totalBytesProcessed?: string;
    query?: { totalBytesProcessed?: string; totalBytesBilled?: string };
  };
}
