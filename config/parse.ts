import { crossCheck } from './cross-checks.js';
import { substituteEnv, type Env } from './env.js';
import { ConfigError, toConfigIssues } from './errors.js';
import { normalizeLegacy } from './legacy.js';
import { isPrefixOf, sortByDocumentOrder, type PathIssue } from './paths.js';
import { resolveConfig } from './resolve.js';
import { rootSchema } from './schema.js';
import type { SyncConfig } from './types.js';
import { mapZodIssues } from './zod-issues.js';

export type CheckResult = { ok: true; config: SyncConfig } | { ok: false; issues: PathIssue[] };

/**
 * The whole pipeline, collecting every problem instead of stopping at the first:
 * env substitution -> legacy normalisation -> schema -> cross-field rules -> resolution.
 * Issues keep their path segments so the file loader can attach line numbers.
 */
export function checkSyncConfig(raw: unknown, env: Env = process.env): CheckResult {
  const substituted = substituteEnv(raw, env);
  const shape = normalizeLegacy(substituted.value);
  const parsed = rootSchema.safeParse(shape.value, { reportInput: true });

  const later: PathIssue[] = [
    ...shape.issues,
    ...(parsed.success ? [] : mapZodIssues(parsed.error.issues, rootSchema, shape)),
    ...crossCheck(shape.value),
  ].map((issue) => ({ ...issue, path: shape.toUserPath(issue.path) }));
  // A value whose ${VAR} could not be resolved still holds the raw "${VAR}" text;
  // complaints about that text would only repeat the missing-variable error.
  const unresolved = substituted.issues.map((issue) => issue.path);
  const issues = sortByDocumentOrder(
    [...substituted.issues, ...later.filter((issue) => !unresolved.some((path) => isPrefixOf(path, issue.path)))],
    raw,
  );

  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, config: resolveConfig(parsed.data, shape.format) };
}

/**
 * Validates and resolves a config object (already parsed from YAML/JSON). Pure apart from
 * reading `env`, which defaults to process.env. Throws one ConfigError listing every problem.
 */
export function parseSyncConfig(raw: unknown, env: Env = process.env): SyncConfig {
  const result = checkSyncConfig(raw, env);
  if (!result.ok) throw new ConfigError(toConfigIssues(result.issues));
  return result.config;
}

/** Like parseSyncConfig, without throwing: for status endpoints and config previews. */
export function safeParseSyncConfig(
  raw: unknown,
  env: Env = process.env,
): { success: true; config: SyncConfig } | { success: false; error: ConfigError } {
  const result = checkSyncConfig(raw, env);
  return result.ok
    ? { success: true, config: result.config }
    : { success: false, error: new ConfigError(toConfigIssues(result.issues)) };
}
