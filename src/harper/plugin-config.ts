/** How the plugin turns its Harper config block into a sync config. */
import { dirname } from 'node:path';
import type { Scope } from 'harperdb';
import { configFromComponentOptions, resolveCredentialsFile } from '../../config/index.js';
import type { SyncConfig } from '../../config/types.js';
import type { ServiceLogger } from './sync-service.js';

/** The folder of the config file that holds this block: relative key-file paths count from there. */
export function configDirectory(scope: Pick<Scope, 'directory'> & { readonly configFilePath?: string }): string {
  return scope.configFilePath ? dirname(scope.configFilePath) : scope.directory;
}

/**
 * The validated config, or undefined (logged) when the block has none or a bad one. A
 * relative credentials path is resolved against `configDir`, not Harper's working folder.
 */
export function readConfig(options: unknown, configDir: string, log: ServiceLogger): SyncConfig | undefined {
  if (!options || typeof options !== 'object' || !('bigquery' in options)) {
    log.info('no `bigquery` settings in the component block: nothing to sync');
    return undefined;
  }
  try {
    return resolveCredentialsFile(configFromComponentOptions(options), configDir);
  } catch (error) {
    // ConfigError's message lists every problem with its key path, one per line.
    log.error(`invalid sync config:\n${(error as Error).message}`);
    return undefined;
  }
}
