/**
 * Query jobs as the local BigQuery server records them, counted per source table and per
 * poll. Shared by the soak benchmark and the idle soak test, so both judge "one query per
 * poll per table" the same way. Dry runs are not jobs (the server keeps no record of them),
 * and pages read by getQueryResults' token create none; what jobs.list returns is exactly
 * the jobs.insert / jobs.query calls that would be billed on BigQuery.
 */

/** Routes of the server's `--log` that can create a query job (dry runs included). */
export const QUERY_ROUTES: ReadonlySet<string> = new Set(['jobs.insert', 'jobs.query']);

/** Log entries (or anything with a route) that can create a query job. */
export function countQueryRequests(requests: readonly { route: string }[]): number {
  return requests.filter((r) => QUERY_ROUTES.has(r.route)).length;
}

export interface QueryJob {
  id: string;
  createdAtMs: number;
  query: string;
}

interface JobListPage {
  jobs?: {
    id: string;
    statistics?: { creationTime?: string };
    configuration?: { query?: { query?: string } };
  }[];
  nextPageToken?: string;
}

/** Every query job the server at `url` created for `projectId` since `sinceMs` (jobs.list, all pages). */
export async function listQueryJobs(url: string, projectId: string, sinceMs = 0): Promise<QueryJob[]> {
  const jobs: QueryJob[] = [];
  let pageToken: string | undefined;
  do {
    const q = new URLSearchParams({ projection: 'full', minCreationTime: String(sinceMs), maxResults: '1000' });
    if (pageToken) q.set('pageToken', pageToken);
    const response = await fetch(`${url}/bigquery/v2/projects/${encodeURIComponent(projectId)}/jobs?${q.toString()}`);
    if (!response.ok) throw new Error(`jobs.list: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as JobListPage;
    for (const j of page.jobs ?? []) {
      const query = j.configuration?.query?.query;
      if (query === undefined) continue;
      jobs.push({ id: j.id, createdAtMs: Number(j.statistics?.creationTime ?? NaN), query });
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return jobs.sort((a, b) => a.createdAtMs - b.createdAtMs);
}

export interface TableJobs {
  /** Jobs whose query reads this table. */
  jobs: number;
  /**
   * Polls seen in the jobs' own timestamps: jobs less than half a poll interval apart belong
   * to one poll (a leaking loop sends its duplicates milliseconds apart).
   */
  polls: number;
}

export interface JobsByTable {
  tables: Map<string, TableJobs>;
  /** Jobs that read none of the given tables, or more than one. */
  other: QueryJob[];
}

/** Which source table a page query reads: the last part of its backquoted table path. */
function readsTable(query: string, source: string): boolean {
  return new RegExp(`\\.\`?${source}\`?(?![\\w])`).test(query);
}

/** Splits jobs by the source table they read (`tables`: id -> source table name). */
export function jobsByTable(
  jobs: readonly QueryJob[],
  tables: ReadonlyMap<string, string>,
  pollMs: number,
): JobsByTable {
  const times = new Map<string, number[]>([...tables.keys()].map((id) => [id, []]));
  const other: QueryJob[] = [];
  for (const job of jobs) {
    const hits = [...tables].filter(([, source]) => readsTable(job.query, source));
    if (hits.length === 1) times.get(hits[0]![0])!.push(job.createdAtMs);
    else other.push(job);
  }
  const result = new Map<string, TableJobs>();
  for (const [id, ts] of times) result.set(id, { jobs: ts.length, polls: countPolls(ts, pollMs) });
  return { tables: result, other };
}

/** Groups of timestamps (sorted) more than half a poll interval from the previous one. */
export function countPolls(sortedMs: readonly number[], pollMs: number): number {
  let polls = 0;
  let last = -Infinity;
  for (const t of sortedMs) {
    if (t - last > pollMs / 2) polls++;
    last = t;
  }
  return polls;
}
