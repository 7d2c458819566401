import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import {
  ConfigError,
  formatConfigError,
  loadSyncConfigFile,
  type ConfigIssue,
  type SyncConfig,
} from '../../config/index.js';
import { credentialsFileFrom } from '../../config/credentials-path.js';
import type { Env } from '../../config/env.js';
import { formatPath, type KeyPath } from '../../config/paths.js';
import { closestKey } from '../../config/suggest.js';
import { positionOf } from '../../config/yaml-positions.js';
import { credentialsFileProblem } from './credentials-file.js';
import { DEFAULT_DATABASE, tablesInSchema, type SchemaTable } from './graphql-tables.js';

/** Tables the sync writes itself: a source table must not be copied over them. */
const BOOKKEEPING_TABLES = new Set(['SyncCheckpoint', 'SkippedRecord']);

export interface PreflightOptions {
  env?: Env;
  /** GraphQL schema files Harper will load with this config (the component's and the app's). */
  schemaFiles: readonly string[];
}

export interface PreflightResult {
  /** The resolved config when every check passed. */
  config?: SyncConfig;
  issues: ConfigIssue[];
}

/** Every problem found before starting Harper, printed together (see `formatConfigError`). */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly file: string,
  ) {
    super(`${formatConfigError(issues, file)}\nNothing was started: fix the config and run again.`);
  }
}

/**
 * Checks a sync config file as completely as can be done without Harper or BigQuery: the
 * config itself (keys, values, environment variables, cross-checks), each targetTable
 * against the schema Harper will load, and a credentials key file. Every problem is
 * collected, with its key path, file, line and column.
 */
export async function preflightSyncConfig(file: string, options: PreflightOptions): Promise<PreflightResult> {
  const env = options.env ?? process.env;
  let config: SyncConfig | undefined;
  const issues: ConfigIssue[] = [];
  try {
    config = await loadSyncConfigFile(file, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  const located = readLocated(file);
  if (located === undefined) return { issues };

  const schema = options.schemaFiles.flatMap((schemaFile) =>
    tablesInSchema(readFileSync(schemaFile, 'utf8'), schemaFile),
  );
  const found: { path: KeyPath; message: string }[] = [];
  for (const target of targetTables(config, located.raw)) {
    const problem = targetProblem(target.name, schema, options.schemaFiles);
    if (problem) found.push({ path: target.path, message: problem });
  }
  const keyFile = credentialsPath(config, located.raw, dirname(resolve(file)));
  if (keyFile !== undefined) {
    const problem = credentialsFileProblem(keyFile);
    if (problem) found.push({ path: ['bigquery', 'credentials'], message: problem });
  }
  for (const { path, message } of found) {
    const position = positionOf(located.doc, located.lines, path);
    issues.push({ path: formatPath(path), message, file, ...(position ?? {}) });
  }
  // In file order, so the list reads top to bottom beside the file.
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return issues.length === 0 && config !== undefined ? { config, issues } : { issues };
}

/** Like preflightSyncConfig, but throws a PreflightError listing every problem. */
export async function requireValidSyncConfig(file: string, options: PreflightOptions): Promise<SyncConfig> {
  const result = await preflightSyncConfig(file, options);
  if (result.config === undefined) throw new PreflightError(result.issues, file);
  return result.config;
}

interface Located {
  doc: Document;
  lines: LineCounter;
  raw: unknown;
}

function readLocated(file: string): Located | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  return { doc, lines, raw: doc.toJS({ maxAliasCount: 1000 }) as unknown };
}

/** Target tables from the resolved config, or, when it did not resolve, as written. */
function targetTables(config: SyncConfig | undefined, raw: unknown): { name: string; path: KeyPath }[] {
  if (config !== undefined) {
    return config.tables.map((table, index) => ({
      name: table.targetTable,
      path: config.format === 'legacy-single-table' ? ['bigquery'] : ['bigquery', 'tables', index, 'targetTable'],
    }));
  }
  const tables = (raw as { bigquery?: { tables?: unknown } } | null)?.bigquery?.tables;
  if (!Array.isArray(tables)) return [];
  return tables.flatMap((table: unknown, index) => {
    const name = (table as { targetTable?: unknown } | null)?.targetTable;
    // A value still holding ${VAR} is the config check's to report.
    return typeof name === 'string' && name !== '' && !name.includes('${')
      ? [{ name, path: ['bigquery', 'tables', index, 'targetTable'] }]
      : [];
  });
}

/** The key file to check: relative paths count from the config file's folder, as in Harper. */
function credentialsPath(config: SyncConfig | undefined, raw: unknown, configDir: string): string | undefined {
  if (config !== undefined)
    return typeof config.bigquery.credentials === 'string'
      ? credentialsFileFrom(config.bigquery.credentials, configDir)
      : undefined;
  const value = (raw as { bigquery?: { credentials?: unknown } } | null)?.bigquery?.credentials;
  // Inline JSON keys and unresolved ${VAR}s are the config check's to report.
  if (typeof value !== 'string' || value.includes('${') || value.trim().startsWith('{')) return undefined;
  return credentialsFileFrom(value, configDir);
}

function targetProblem(name: string, schema: readonly SchemaTable[], files: readonly string[]): string | undefined {
  if (BOOKKEEPING_TABLES.has(name)) {
    return `targetTable "${name}" is one of the sync's own bookkeeping tables; name a table of your own`;
  }
  const inData = schema.filter((table) => table.database === DEFAULT_DATABASE);
  if (inData.some((table) => table.name === name)) return undefined;
  const elsewhere = schema.find((table) => table.name === name);
  if (elsewhere) {
    return `targetTable "${name}" is declared in database "${elsewhere.database}" (${elsewhere.file}:${elsewhere.line}); target tables must be in the default database "${DEFAULT_DATABASE}"`;
  }
  const candidates = inData.map((table) => table.name).filter((table) => !BOOKKEEPING_TABLES.has(table));
  const suggestion = closestKey(name, candidates);
  return [
    `targetTable "${name}" is not a table in the schema Harper will load`,
    suggestion ? ` (did you mean "${suggestion}"?)` : '',
    `; declare it (type ${name} @table @export { id: ID @primaryKey }) in a schema file`,
    files.length > 0 ? ` or use one of: ${candidates.join(', ')} (from ${files.join(', ')})` : '',
  ].join('');
}
