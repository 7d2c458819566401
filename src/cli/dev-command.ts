import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { HarperProcess, type HarperPorts } from '../harper-process/index.js';
import { credentialsLine } from './credentials-command.js';

export interface DevOptions {
  config: string;
  root: string;
  httpPort?: number;
  opsPort?: number;
}

/** Reads the sync config file as the settings block the plugin receives. */
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
  return parsed as Record<string, unknown>;
}

/**
 * `harper-bigquery-sync dev`: a real Harper with this component and the given sync config,
 * until Ctrl-C or SIGTERM.
 */
export async function runDev(options: DevOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const settings = await readSettingsFile(options.config);
  const ports: Partial<HarperPorts> = {};
  if (options.httpPort !== undefined) ports.http = options.httpPort;
  if (options.opsPort !== undefined) ports.operations = options.opsPort;
  const harper = new HarperProcess({ rootDir: resolve(options.root), syncSettings: settings, ports });

  const started = Date.now();
  out.write(`Starting Harper in ${harper.rootDir} ...\n`);
  await harper.start();
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

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      out.write(`\n${signal}: stopping Harper ...\n`);
      harper
        .stop()
        .then(() => out.write('Harper stopped.\n'))
        .finally(resolveStop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
