/**
 * In-memory job registry, bounded so a server that runs for days keeps flat memory.
 *
 * - Job records (metadata: configuration, status, statistics; about 2-3 KB each) are kept for
 *   the `maxJobs` (default 2,000) most recently created or read finished jobs. BigQuery keeps job history for months;
 *   a local server answers jobs.get/jobs.list for recent jobs only and a proper 404 notFound
 *   for older ones. A sync polling three tables every second creates about 11k jobs an hour:
 *   the old 10k default alone grew the heap by about 25 MB before it stopped growing.
 *   Jobs still running are never dropped.
 * - Query results (the big part) are kept for the most recently used jobs only, up to
 *   `maxResultRows` rows in total (default 100k), and for `resultTtlMs` at most (default
 *   24 h, like BigQuery's temporary result tables). The newest result is always kept,
 *   however large. A job whose result was dropped still answers jobs.get; reading its rows
 *   answers 404 notFound, as BigQuery does for an expired result.
 */
import type { RestRow, TableSchema } from '../../engine/contract.js';
import type { BigQueryError } from '../errors.js';
import { duplicate } from '../errors.js';

export interface JobResult {
  schema?: TableSchema;
  rows: RestRow[];
  totalRows: number;
}

export interface JobRecord {
  projectId: string;
  jobId: string;
  location: string;
  /** The REST Job resource; status and statistics are updated in place as the job runs. */
  resource: JobResource;
  isDone: boolean;
  /** Resolves when the job reaches DONE (never rejects). */
  done: Promise<void>;
  /** Set when the job failed; getQueryResults reports it as an HTTP error. */
  failure?: BigQueryError;
  result?: JobResult;
  /** True once the result was dropped to bound memory. */
  resultEvicted: boolean;
  createdAt: number;
}

export interface JobResource extends Record<string, unknown> {
  kind: 'bigquery#job';
  id: string;
  jobReference: { projectId: string; jobId: string; location: string };
  configuration: Record<string, unknown>;
  status: {
    state: 'PENDING' | 'RUNNING' | 'DONE';
    errorResult?: Record<string, unknown>;
    errors?: Record<string, unknown>[];
  };
  statistics: Record<string, unknown>;
}

export interface JobStoreOptions {
  /** Finished job records kept (newest first). Default 2,000. */
  maxJobs?: number;
  /** Result rows kept over all jobs (least recently used dropped first). Default 100k. */
  maxResultRows?: number;
  /** How long a finished job's result stays readable. Default 24 h. */
  resultTtlMs?: number;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
  /** How long a jobs.query requestId maps to its job (idempotent retries). */
  requestIdWindowMs?: number;
}

/** What the store holds right now (the bound a test can assert). */
export interface RetainedJobs {
  jobs: number;
  results: number;
  resultRows: number;
}

/** Default number of finished job records kept. */
export const DEFAULT_MAX_JOBS = 2_000;
/** Default result lifetime: BigQuery keeps query results about 24 h. */
export const DEFAULT_RESULT_TTL_MS = 24 * 60 * 60_000;
/** How often adding a job also sweeps expired results (get() checks its own job always). */
const EXPIRY_SWEEP_MS = 60_000;

export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  /** Jobs holding a result, least recently used first: rows and when it was stored. */
  private readonly resultLru = new Map<string, { rows: number; storedAt: number }>();
  private resultRows = 0;
  private readonly requestIds = new Map<string, { key: string; expires: number }>();
  private readonly maxJobs: number;
  private readonly maxResultRows: number;
  private readonly requestIdWindowMs: number;
  private readonly resultTtlMs: number;
  private readonly now: () => number;
  private lastExpiry = -Infinity;
  /** Creation order of the jobs (the map is in order of last use). */
  private readonly order = new WeakMap<JobRecord, number>();
  private created = 0;

  constructor(options: JobStoreOptions = {}) {
    this.maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
    this.resultTtlMs = options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS;
    this.now = options.now ?? Date.now;
    // Enough for several tables' pages (up to 20k rows each) waiting to be fetched at once;
    // 250k kept the server's memory growing toward 1 GB during a 1M-row sync.
    this.maxResultRows = options.maxResultRows ?? 100_000;
    this.requestIdWindowMs = options.requestIdWindowMs ?? 15 * 60_000;
  }

  static key(projectId: string, jobId: string): string {
    return `${projectId}\u0000${jobId}`;
  }

  add(job: JobRecord): void {
    const key = JobStore.key(job.projectId, job.jobId);
    if (this.jobs.has(key)) {
      throw duplicate(`Already Exists: Job ${job.projectId}:${job.location}.${job.jobId}`);
    }
    this.jobs.set(key, job);
    this.order.set(job, ++this.created);
    if (this.now() - this.lastExpiry >= EXPIRY_SWEEP_MS) this.expireResults();
    this.dropOldJobs();
  }

  get(projectId: string, jobId: string): JobRecord | undefined {
    const key = JobStore.key(projectId, jobId);
    const entry = this.resultLru.get(key);
    if (entry && entry.storedAt <= this.now() - this.resultTtlMs) this.dropResult(key, true);
    const job = this.jobs.get(key);
    if (job) {
      // Least recently used records go first: a job whose pages are still being read stays.
      this.jobs.delete(key);
      this.jobs.set(key, job);
    }
    return job;
  }

  delete(projectId: string, jobId: string): boolean {
    return this.remove(JobStore.key(projectId, jobId));
  }

  /** Newest first (by creation; the map itself is in order of last use). */
  list(projectId: string): JobRecord[] {
    const out: JobRecord[] = [];
    for (const job of this.jobs.values()) if (job.projectId === projectId) out.push(job);
    return out.sort((a, b) => (this.order.get(b) ?? 0) - (this.order.get(a) ?? 0));
  }

  get size(): number {
    return this.jobs.size;
  }

  get storedResultRows(): number {
    return this.resultRows;
  }

  get retained(): RetainedJobs {
    this.expireResults();
    return { jobs: this.jobs.size, results: this.resultLru.size, resultRows: this.resultRows };
  }

  setResult(job: JobRecord, result: JobResult): void {
    const key = JobStore.key(job.projectId, job.jobId);
    if (this.jobs.get(key) !== job) return; // evicted or deleted while running
    this.dropResult(key);
    job.result = result;
    job.resultEvicted = false;
    this.resultLru.set(key, { rows: result.rows.length, storedAt: this.now() });
    this.resultRows += result.rows.length;
    // Evict least recently used results, but never the one just stored.
    for (const [otherKey] of this.resultLru) {
      if (this.resultRows <= this.maxResultRows) break;
      if (otherKey === key) continue;
      this.dropResult(otherKey, true);
    }
  }

  /** Marks a job's result as recently used. */
  touch(job: JobRecord): void {
    const key = JobStore.key(job.projectId, job.jobId);
    const entry = this.resultLru.get(key);
    if (entry === undefined) return;
    this.resultLru.delete(key);
    this.resultLru.set(key, entry);
  }

  rememberRequest(projectId: string, requestId: string, jobId: string): void {
    const now = this.now();
    for (const [id, entry] of this.requestIds) {
      if (entry.expires > now) break;
      this.requestIds.delete(id);
    }
    this.requestIds.set(`${projectId}\u0000${requestId}`, {
      key: JobStore.key(projectId, jobId),
      expires: now + this.requestIdWindowMs,
    });
  }

  lookupRequest(projectId: string, requestId: string): JobRecord | undefined {
    const entry = this.requestIds.get(`${projectId}\u0000${requestId}`);
    if (!entry || entry.expires <= this.now()) return undefined;
    return this.jobs.get(entry.key);
  }

  /**
   * Drops the oldest finished jobs beyond `maxJobs`. Running jobs are skipped (their
   * result is still to come); they are dropped once finished and old enough.
   */
  private dropOldJobs(): void {
    let excess = this.jobs.size - this.maxJobs;
    if (excess <= 0) return;
    for (const [key, job] of this.jobs) {
      if (excess <= 0) break;
      if (!job.isDone) continue;
      this.remove(key);
      excess--;
    }
  }

  /** Drops results stored longer than the TTL ago (a TTL answers like an eviction). */
  private expireResults(): void {
    this.lastExpiry = this.now();
    const cutoff = this.lastExpiry - this.resultTtlMs;
    // LRU order is not storage order, so this scans every held result (at most maxJobs),
    // at most once a minute.
    for (const [key, entry] of this.resultLru) {
      if (entry.storedAt <= cutoff) this.dropResult(key, true);
    }
  }

  private remove(key: string): boolean {
    const job = this.jobs.get(key);
    if (!job) return false;
    this.dropResult(key);
    this.jobs.delete(key);
    return true;
  }

  private dropResult(key: string, evicted = false): void {
    const entry = this.resultLru.get(key);
    if (entry === undefined) return;
    this.resultLru.delete(key);
    this.resultRows -= entry.rows;
    const job = this.jobs.get(key);
    if (job) {
      delete job.result;
      job.resultEvicted = evicted;
    }
  }
}
