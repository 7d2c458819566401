import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { absoluteCredentialsSetting } from '../../config/index.js';
import { HarperProcess, type HarperPorts } from '../harper-process/index.js';
import { componentSchemaFiles } from '../preflight/schema-files.js';
import { requireValidSyncConfig } from '../preflight/preflight.js';
import { listenForShutdown, ShutdownRequested } from '../util/shutdown-signal.js';
import { packageRoot } from '../util/package-root.js';
import { credentialsLine } from './credentials-command.js';

export interface DevOptions {
  config: string;
  root: string;
  httpPort?: number;
  opsPort?: number;
}

/**
 * Reads the sync config file as the settings block the plugin receives. The block is
 * copied into the app folder Harper runs, so a relative credentials path is made absolute
 * here, against this file's folder (what the preflight checked).
 */
export async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read sync config ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new Error(`Sync config ${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`Sync config ${path} must be a mapping of settings at the top level`);
  }
  return absoluteCredentialsSetting(parsed as Record<string, unknown>, dirname(resolve(path)), process.env);
}

/**
 * `harper-bigquery-sync dev`: a real Harper with this component and the given sync config,
 * until Ctrl-C, SIGTERM or SIGHUP (also during startup).
 */
export async function runDev(options: DevOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  // Every problem a config can have is reported here, before anything starts: inside
  // Harper the same mistakes would only reach harper.log.
  await requireValidSyncConfig(options.config, { schemaFiles: componentSchemaFiles(packageRoot()) });
  const settings = await readSettingsFile(options.config);
  const ports: Partial<HarperPorts> = {};
  if (options.httpPort !== undefined) ports.http = options.httpPort;
  if (options.opsPort !== undefined) ports.operations = options.opsPort;
  const harper = new HarperProcess({ rootDir: resolve(options.root), syncSettings: settings, ports });

  const shutdown = listenForShutdown();
  try {
    const started = Date.now();
    out.write(`Starting Harper in ${harper.rootDir} ...\n`);
    try {
      await shutdown.race(harper.start());
    } catch (error) {
      if (!(error instanceof ShutdownRequested)) throw error;
    }
    if (shutdown.signal === undefined) {
      out.write(
        [
          `Harper is ready in ${Date.now() - started} ms with harper-bigquery-sync loaded.`,
          `  REST:           ${harper.httpUrl}/`,
          `  Sync status:    ${harper.httpUrl}/SyncStatus/`,
          `  Operations API: ${harper.operationsUrl}/`,
          `  Credentials:    ${credentialsLine(harper.credentials, harper.credentialsCreated, options.root)}`,
          `  Log:            ${harper.logFile}`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }
    const signal = await shutdown.received;
    out.write(`\n${signal}: stopping Harper ...\n`);
    await harper.stop();
    out.write('Harper stopped.\n');
  } finally {
    shutdown.dispose();
  }
}
