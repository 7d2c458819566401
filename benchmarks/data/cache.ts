import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient, startLocalBigQuery } from '../../emulator/index.js';
import { packageRoot } from '../../src/util/package-root.js';

export const PROJECT = 'bench-project';

export function cacheDir(): string {
  return join(packageRoot(), 'benchmarks', '.cache');
}

/**
 * A local-BigQuery data file (DuckDB) built once by `build` through the official client and
 * kept under benchmarks/.cache/, so a benchmark does not reload a million rows every run.
 * The name must change whenever what `build` makes changes (it carries a version).
 */
export async function cachedDataFile(
  name: string,
  build: (client: BigQuery) => Promise<void>,
  log: (message: string) => void,
): Promise<{ path: string; builtNow: boolean; buildMs: number }> {
  const dir = cacheDir();
  const path = join(dir, `${name}.duckdb`);
  if (existsSync(path)) return { path, builtNow: false, buildMs: 0 };
  mkdirSync(dir, { recursive: true });
  const building = join(dir, `${name}.building-${process.pid}.duckdb`);
  removeDataFile(building);
  log(`building cached data ${path} (once)`);
  const started = performance.now();
  const server = await startLocalBigQuery({ port: 0, dataFile: building });
  try {
    await build(createLocalBigQueryClient({ url: server.url, projectId: PROJECT }));
  } catch (error) {
    await server.stop();
    removeDataFile(building);
    throw error;
  }
  await server.stop();
  // A clean close checkpoints DuckDB's WAL into the file; rename only a complete file.
  if (existsSync(`${building}.wal`)) throw new Error(`DuckDB left a WAL beside ${building}: not caching it`);
  renameSync(building, path);
  return { path, builtNow: true, buildMs: performance.now() - started };
}

/** A private copy of a cached data file for one run: the server may write to its file. */
export function copyDataFile(cached: string, tempDir: string): string {
  const copy = join(tempDir, 'bigquery.duckdb');
  copyFileSync(cached, copy);
  return copy;
}

function removeDataFile(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}
