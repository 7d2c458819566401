import type { Env } from './env.js';
import { parseSyncConfig } from './parse.js';
import type { SyncConfig } from './types.js';

/** Keys Harper itself puts in a component's options block; they are not ours to validate. */
export const HARPER_OPTION_KEYS: readonly string[] = ['package', 'files', 'path'];

/**
 * Config from Harper's `scope.options.getAll()`: the component's block in Harper's
 * config.yaml is the config root, with Harper's own keys set aside.
 */
export function configFromComponentOptions(options: unknown, env: Env = process.env): SyncConfig {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return parseSyncConfig(options, env);
  const own = Object.entries(options as Record<string, unknown>).filter(([key]) => !HARPER_OPTION_KEYS.includes(key));
  return parseSyncConfig(Object.fromEntries(own), env);
}
