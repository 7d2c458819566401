import { isAbsolute, resolve } from 'node:path';
import { substituteString, type Env } from './env.js';
import { isPlainObject } from './paths.js';
import type { SyncConfig } from './types.js';

/**
 * A key file named by a relative path means: relative to the config file that names it.
 * Not the process's working directory: the CLI checks the file from the user's shell,
 * Harper reads it from its own folder, and both must find the same file.
 */
export function credentialsFileFrom(path: string, configDir: string): string {
  return isAbsolute(path) ? path : resolve(configDir, path);
}

/** The config with a relative key-file path made absolute against the config's folder. */
export function resolveCredentialsFile(config: SyncConfig, configDir: string): SyncConfig {
  const credentials = config.bigquery.credentials;
  if (typeof credentials !== 'string' || isAbsolute(credentials)) return config;
  return { ...config, bigquery: { ...config.bigquery, credentials: credentialsFileFrom(credentials, configDir) } };
}

/**
 * The same for raw settings (a config file's content before validation), for settings that
 * are copied into another config file (the app folder Harper runs): a relative key-file
 * path, also one that comes from `${VAR}`, becomes absolute against the original file's
 * folder. Inline keys (objects, or JSON text) and values that do not substitute are kept
 * for the config check to judge.
 */
export function absoluteCredentialsSetting(
  settings: Record<string, unknown>,
  configDir: string,
  env: Env,
): Record<string, unknown> {
  const bigquery = settings.bigquery;
  if (!isPlainObject(bigquery) || typeof bigquery.credentials !== 'string') return settings;
  const written = bigquery.credentials;
  const { value, errors } = substituteString(written, env);
  if (errors.length > 0 || value.trim() === '' || value.trim().startsWith('{') || isAbsolute(value)) return settings;
  // Written back as config text: a literal "${" in the path must stay literal.
  const absolute = credentialsFileFrom(value, configDir).replaceAll('${', '$${');
  return { ...settings, bigquery: { ...bigquery, credentials: absolute } };
}
