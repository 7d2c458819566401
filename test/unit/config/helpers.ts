import { expect } from 'vitest';
import { ConfigError, parseSyncConfig, type Env } from '../../../config/index.js';

/** A small valid multi-table config; tests spread their mistakes into it. */
export function validTable(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'positions',
    dataset: 'maritime_tracking',
    table: 'vessel_positions',
    timestampColumn: 'timestamp',
    columns: ['mmsi', 'timestamp', 'latitude'],
    primaryKey: ['mmsi', 'timestamp'],
    targetTable: 'VesselPositions',
    ...overrides,
  };
}

export function validConfig(
  overrides: { bigquery?: Record<string, unknown>; sync?: unknown; tables?: unknown[] } = {},
) {
  return {
    bigquery: { projectId: 'local-project', tables: overrides.tables ?? [validTable()], ...overrides.bigquery },
    ...(overrides.sync === undefined ? {} : { sync: overrides.sync }),
  };
}

/** The error thrown for `raw`; fails the test if parsing succeeds. */
export function configError(raw: unknown, env: Env = {}): ConfigError {
  try {
    parseSyncConfig(raw, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the config parsed');
}

/** Each issue as `path: message`, the way the error message lists them. */
export function issueLines(raw: unknown, env: Env = {}): string[] {
  return configError(raw, env).issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
}
