import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HarperProcess } from '../../src/harper-process/index.js';
import { packageRoot } from '../../src/util/package-root.js';
import { writeBenchSchema } from './bench-schema.js';
import type { Cleanup } from './cleanup.js';
import { sleep } from './stats.js';
import type { ProfileSummary } from './cpu-profile.js';

/**
 * A real Harper with this component, plus the benchmark's own schema (VesselPositionsRaw,
 * VesselPositionsB) and resources (raw writer, staged sync) linked into its app folder.
 * One worker thread: the sync runs on worker 0 only, and jobs live in that worker.
 */
export async function startBenchHarper(o: {
  syncSettings: Record<string, unknown>;
  cleanup: Cleanup;
  /** Where the generated benchmark schema is written (a temp dir of the run). */
  tempDir: string;
  /** Harper settings as environment variables (e.g. STORAGE_PREFETCHWRITES=false). */
  env?: Record<string, string>;
}): Promise<HarperProcess> {
  const root = packageRoot();
  const schema = writeBenchSchema(o.tempDir);
  const harper = new HarperProcess({
    syncSettings: o.syncSettings,
    threads: 1,
    ...(o.env ? { env: o.env } : {}),
    app: {
      links: {
        'bench/schema.graphql': schema,
        'bench/resources.js': join(root, 'dist', 'benchmarks', 'harper', 'resources.js'),
      },
      config: {
        graphqlSchema: { files: 'bench/schema.graphql' },
        jsResource: { files: 'bench/resources.js' },
      },
    },
  });
  o.cleanup.add('remove Harper root', () => rmSync(harper.rootDir, { recursive: true, force: true }));
  o.cleanup.add('stop Harper', () => harper.stop());
  await harper.start();
  return harper;
}

/** GET a JSON resource of Harper's REST port as admin; throws with the body on an error. */
export async function getJson<T>(harper: HarperProcess, path: string): Promise<T> {
  const response = await harper.rest(path);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function postJson<T>(harper: HarperProcess, path: string, body: unknown): Promise<T> {
  const response = await harper.rest(path, { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

interface JobView<R> {
  id: string;
  state: 'running' | 'done' | 'failed';
  error?: string;
  progress: Record<string, number>;
  result?: R;
}

/** Starts a benchmark job in Harper and polls it until done; `onProgress` sees each poll. */
export async function runHarperJob<R>(
  harper: HarperProcess,
  resource: string,
  body: unknown,
  o: { timeoutMs: number; onProgress?: (progress: Record<string, number>) => void },
): Promise<R> {
  const { id } = await postJson<{ id: string }>(harper, `/${resource}/`, body);
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const job = await getJson<JobView<R>>(harper, `/${resource}/${id}`);
    o.onProgress?.(job.progress);
    if (job.state === 'done') return job.result!;
    if (job.state === 'failed') throw new Error(`${resource} job failed: ${job.error ?? '?'}`);
    if (Date.now() > deadline) throw new Error(`${resource} job did not finish in ${o.timeoutMs} ms`);
    await sleep(200);
  }
}

/** Exact row count of a table in Harper's `data` database (SQL COUNT: seconds per million rows). */
export async function harperCount(harper: HarperProcess, table: string): Promise<number> {
  const [row] = await harper.operation<{ n: number }[]>({
    operation: 'sql',
    sql: `SELECT COUNT(*) AS n FROM data.${table}`,
  });
  return Number(row?.n ?? NaN);
}

/** Marks now on Harper's worker thread; `read()` gives its event-loop utilization since then. */
export async function markEventLoop(harper: HarperProcess): Promise<{ read(): Promise<number> }> {
  const { id } = await postJson<{ id: string }>(harper, '/BenchEventLoop/', {});
  return {
    async read() {
      const r = await getJson<{ utilization: number }>(harper, `/BenchEventLoop/${id}`);
      return Math.round(r.utilization * 100) / 100;
    },
  };
}

/**
 * Profiles Harper's worker thread (the one running the sync) from now until `stop()`, which
 * writes the .cpuprofile to `file` (open it in Chrome DevTools) and returns its summary.
 */
export async function profileWorker(
  harper: HarperProcess,
  file: string,
  v8Flags?: string,
): Promise<{ stop(): Promise<{ file: string; summary: ProfileSummary }> }> {
  const { id } = await postJson<{ id: string }>(harper, '/BenchProfile/', { file, ...(v8Flags ? { v8Flags } : {}) });
  return { stop: () => getJson(harper, `/BenchProfile/${id}`) };
}
