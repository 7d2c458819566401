import { describe, expect, it } from 'vitest';
import { parseSyncConfig, substituteEnv, substituteString } from '../../../config/index.js';
import { issueLines, validConfig, validTable } from './helpers.js';

describe('environment substitution', () => {
  it('replaces ${VAR} anywhere in a string, and only in values', () => {
    expect(substituteString('${A}-${B}', { A: 'x', B: 'y' })).toEqual({ value: 'x-y', errors: [] });
    const result = substituteEnv({ '${KEY}': ['${A}', 1, true, null] }, { A: 'x' });
    expect(result).toEqual({ value: { '${KEY}': ['x', 1, true, null] }, issues: [] });
  });

  it('treats $${ as a literal ${', () => {
    expect(substituteString('$${A} and ${A}', { A: 'x' })).toEqual({ value: '${A} and x', errors: [] });
  });

  it('supports ${VAR:-fallback}, also for empty variables', () => {
    expect(substituteString('${A:-US}', {})).toEqual({ value: 'US', errors: [] });
    expect(substituteString('${A:-US}', { A: '' })).toEqual({ value: 'US', errors: [] });
    expect(substituteString('${A:-US}', { A: 'EU' })).toEqual({ value: 'EU', errors: [] });
    expect(substituteString('${A:-}', {})).toEqual({ value: '', errors: [] });
  });

  it('feeds substituted values through validation', () => {
    const config = parseSyncConfig(
      validConfig({ bigquery: { projectId: '${PROJECT}' }, sync: { pollInterval: '${POLL}' } }),
      { PROJECT: 'prod-project', POLL: '45s' },
    );
    expect(config.bigquery.projectId).toBe('prod-project');
    expect(config.tables[0]?.sync.pollIntervalMs).toBe(45_000);
    expect(issueLines(validConfig({ sync: { pollInterval: '${POLL}' } }), { POLL: 'soon' })).toEqual([
      'sync.pollInterval: expected a duration like "30s", got "soon"',
    ]);
  });

  it('reports a missing variable with the key path and the variable name, once', () => {
    expect(
      issueLines(
        validConfig({ bigquery: { projectId: '${GCP_PROJECT}' }, tables: [validTable({ dataset: '${DS}_${ENV}' })] }),
      ),
    ).toEqual([
      'bigquery.projectId: environment variable GCP_PROJECT is not set',
      'bigquery.tables[0].dataset: environment variable DS is not set',
      'bigquery.tables[0].dataset: environment variable ENV is not set',
    ]);
  });

  it('reports malformed references', () => {
    expect(issueLines(validConfig({ bigquery: { location: '${US' } }))).toEqual([
      'bigquery.location: unterminated "${" (write "$${" for a literal "${")',
    ]);
    expect(issueLines(validConfig({ bigquery: { location: '${1X}' } }))).toEqual([
      'bigquery.location: "${1X}" is not a valid environment variable reference (names are letters, digits and underscores)',
    ]);
  });

  it('defaults to process.env', () => {
    process.env['HBS_TEST_PROJECT'] = 'env-project';
    try {
      expect(parseSyncConfig(validConfig({ bigquery: { projectId: '${HBS_TEST_PROJECT}' } })).bigquery.projectId).toBe(
        'env-project',
      );
    } finally {
      delete process.env['HBS_TEST_PROJECT'];
    }
  });
});
