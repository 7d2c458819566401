import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLocalBigQueryClient } from '../../emulator/client.js';
import {
  initialize,
  runContinuous,
  stats,
  type SynthesizerTarget,
  type TableRates,
} from '../../streams/synthesizer/writer/index.js';
import { HarperProcess, isPortFree } from '../harper-process/index.js';
import { startLocalBigQueryProcess } from '../local-stack/bigquery-process.js';
import { printProgress } from '../local-stack/progress-printer.js';
import { componentSchemaFiles } from '../preflight/schema-files.js';
import { requireValidSyncConfig } from '../preflight/preflight.js';
import { packageRoot } from '../util/package-root.js';
import { listenForShutdown, ShutdownRequested } from '../util/shutdown-signal.js';
import { credentialsLine } from './credentials-command.js';
import { readSettingsFile } from './dev-command.js';

/**
 * The sync settings with the local server's Storage Read address as
 * `bigquery.storageApiEndpoint`, unless the config names one: without it a local
 * `apiEndpoint` never reads through Storage Read (streams/storage-read/read-api.ts), so
 * `backfill.method: auto` would always page queries here. Returns a copy.
 */
export function withLocalStorageRead(
  settings: Record<string, unknown>,
  storageReadAddress: string,
): Record<string, unknown> {
  const bigquery = settings.bigquery;
  if (bigquery === null || typeof bigquery !== 'object' || Array.isArray(bigquery)) return settings;
  if ((bigquery as Record<string, unknown>).storageApiEndpoint !== undefined) return settings;
  return { ...settings, bigquery: { ...bigquery, storageApiEndpoint: storageReadAddress } };
}

export interface StartOptions {
  root: string;
  config: string;
  httpPort: number;
  opsPort: number;
  bigqueryPort: number;
  scenario: 'small' | 'realistic' | 'stress';
  rates: TableRates;
  generate: boolean;
}

const PROJECT = 'local-project';
const DATASET = 'maritime_tracking';

/**
 * `npm start`: the whole product on one machine. A file-backed local BigQuery, the maritime
 * dataset (filled once), Harper with the component syncing the three tables, live
 * generation of new rows, and progress in the terminal. Ctrl-C stops everything; the next
 * start resumes from the data and checkpoints left in `root`.
 */
export async function runStart(o: StartOptions, out: NodeJS.WriteStream = process.stdout): Promise<void> {
  const configFile = resolve(packageRoot(), o.config);
  // The whole config is checked before any server starts. The endpoint variable is set for
  // Harper once the local server runs; the check only needs it to look like one.
  await requireValidSyncConfig(configFile, {
    schemaFiles: componentSchemaFiles(packageRoot()),
    env: { BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9050', ...process.env },
  });
  const root = resolve(o.root);
  mkdirSync(root, { recursive: true });
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((e: unknown) => out.write(`  (while stopping: ${(e as Error).message})\n`));
  };

  // From here on a Ctrl-C or a closed terminal stops what has started, in any step.
  const shutdown = listenForShutdown();
  try {
    out.write('Starting the local BigQuery server ...\n');
    const bigquery = await shutdown.race(
      startLocalBigQueryProcess({
        port: (await isPortFree(o.bigqueryPort)) ? o.bigqueryPort : 0,
        dataFile: join(root, 'bigquery.duckdb'),
        logFile: join(root, 'bigquery.log'),
        onStarted: (stop) => stops.push(stop),
      }),
    );
    const target: SynthesizerTarget = {
      bigquery: createLocalBigQueryClient({ url: bigquery.url, projectId: PROJECT }),
      datasetId: DATASET,
    };

    const existing = await shutdown.race(stats(target));
    if (existing.every((t) => t.exists && t.rows > 0)) {
      out.write(
        `Dataset ${DATASET} already has ${existing.map((t) => `${t.rows.toLocaleString('en-US')} ${t.table}`).join(', ')}: resuming.\n`,
      );
    } else {
      out.write(`Filling ${DATASET} with the '${o.scenario}' scenario (the last 24 hours) ...\n`);
      const result = await shutdown.race(
        initialize(target, {
          scenario: {
            preset: o.scenario,
            start: new Date(Date.now() - 24 * 3_600_000).toISOString(),
            durationMs: 23 * 3_600_000,
          },
        }),
      );
      out.write(`  wrote ${result.rows.toLocaleString('en-US')} rows in ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    }

    out.write('Starting Harper with harper-bigquery-sync ...\n');
    const harper = new HarperProcess({
      rootDir: join(root, 'harper'),
      syncSettings: withLocalStorageRead(await readSettingsFile(configFile), bigquery.storageReadAddress),
      ports: {
        http: (await isPortFree(o.httpPort)) ? o.httpPort : undefined,
        operations: (await isPortFree(o.opsPort)) ? o.opsPort : undefined,
      },
      env: {
        BIGQUERY_API_ENDPOINT: bigquery.url,
        // Harper's prefetch on writes reads each index entry a write replaces in a thread-pool
        // job first, which pays off when the database is larger than memory. The local stack's
        // is not: off, Harper wrote the same records 1.5-2.1x faster (benchmarks/README.md).
        STORAGE_PREFETCHWRITES: 'false',
      },
    });
    // Registered before it starts: a signal during "Starting Harper" stops it too.
    stops.push(() => harper.stop());
    await shutdown.race(harper.start());

    if (o.generate) {
      const abort = new AbortController();
      const running = runContinuous(target, {
        rates: o.rates,
        signal: abort.signal,
        flushIntervalMs: 2000,
        onError: (error, during) =>
          out.write(`  generator ${during} failed, will retry: ${(error as Error).message}\n`),
      });
      stops.push(async () => {
        abort.abort();
        await running;
      });
    }

    out.write(
      [
        '',
        `Local BigQuery:  ${bigquery.url}  (project ${PROJECT}, dataset ${DATASET})`,
        `Storage Read:    ${bigquery.storageReadAddress}  (gRPC; large backfills read through it)`,
        `Dashboard:       ${harper.httpUrl}/dashboard/`,
        `Sync status:     ${harper.httpUrl}/SyncStatus/`,
        `Tables (REST):   ${harper.httpUrl}/VesselPositions/  /PortEvents/  /VesselMetadata/`,
        `Operations API:  ${harper.operationsUrl}/`,
        `Credentials:     ${credentialsLine(harper.credentials, harper.credentialsCreated, o.root)}`,
        `Data and logs:   ${root}`,
        o.generate ? `Generating new rows: ${JSON.stringify(o.rates)} per second.` : 'Live generation is off.',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    const stopProgress = printProgress(harper, out);
    stops.push(async () => stopProgress());

    await shutdown.received;
  } catch (error) {
    if (!(error instanceof ShutdownRequested)) throw error;
  } finally {
    if (shutdown.signal !== undefined) {
      out.write(`\n${shutdown.signal}: stopping generator, Harper (draining the pipelines), local BigQuery ...\n`);
    }
    await stopAll();
    shutdown.dispose();
  }
  out.write('Stopped. Run npm start again to resume where it stopped.\n');
}
