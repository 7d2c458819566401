import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromComponentOptions, loadSyncConfigFile } from '../../../config/index.js';
import { validConfig } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbs-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadError(file: string): Promise<ConfigError> {
  const error = await loadSyncConfigFile(file, {}).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const YAML_CONFIG = `bigquery:
  projectId: local-project
  tables:
    - id: positions
      dataset: maritime_tracking
      table: vessel_positions
      timestampColumn: timestamp
      targetTable: VesselPositions
sync:
  pollInterval: 10s
`;

describe('loadSyncConfigFile', () => {
  it('loads YAML', async () => {
    const config = await loadSyncConfigFile(await write('ok.yaml', YAML_CONFIG), {});
    expect(config.tables[0]?.sync.pollIntervalMs).toBe(10_000);
  });

  it('tells JSON from YAML by content, not by extension', async () => {
    const config = await loadSyncConfigFile(await write('config.conf', JSON.stringify(validConfig(), null, 2)), {});
    expect(config.tables[0]?.targetTable).toBe('VesselPositions');
  });

  it('names the file and line/column of a YAML syntax error', async () => {
    const file = await write(
      'broken.yaml',
      'bigquery:\n  projectId: local-project\n  tables:\n    - id: a\n     dataset: x\n',
    );
    const error = await loadError(file);
    expect(error.file).toBe(file);
    expect(error.issues).toEqual([
      { path: '', message: 'YAML syntax error: Sequence item without - indicator', file, line: 5, column: 1 },
    ]);
    expect(error.message).toBe(
      `Invalid sync configuration in ${file} (1 problem):\n  ${file}:5:1: YAML syntax error: Sequence item without - indicator`,
    );
  });

  it('rejects duplicate keys in YAML', async () => {
    const file = await write('dup.yaml', 'bigquery:\n  projectId: a\n  projectId: b\n');
    expect((await loadError(file)).message).toContain(`${file}:3:3: YAML syntax error: Map keys must be unique`);
  });

  it('names the line/column of a JSON syntax error', async () => {
    const file = await write('broken.json', '{\n  "bigquery": {\n    "projectId": "local-project",\n  }\n}');
    expect((await loadError(file)).message).toContain(
      `${file}:4:3: JSON syntax error: Expected double-quoted property name`,
    );
  });

  it('rejects duplicate keys in JSON (JSON.parse would silently keep the last)', async () => {
    const file = await write('dup.json', '{"bigquery": 1, "bigquery": 2}');
    expect((await loadError(file)).message).toContain(`${file}:1:17: JSON error: duplicate key`);
  });

  it('points each validation problem at its line', async () => {
    const file = await write(
      'invalid.yaml',
      YAML_CONFIG.replace('      timestampColumn: timestamp\n', '').replace('10s', 'soon'),
    );
    const error = await loadError(file);
    expect(error.message).toBe(
      [
        `Invalid sync configuration in ${file} (2 problems):`,
        `  bigquery.tables[0].timestampColumn: required (${file}:4:7)`,
        `  sync.pollInterval: expected a duration like "30s", got "soon" (${file}:9:3)`,
      ].join('\n'),
    );
    expect(error.issues[1]).toMatchObject({ path: 'sync.pollInterval', line: 9, column: 3 });
  });

  it('reports a missing file, an empty file and several documents', async () => {
    const missing = join(dir, 'missing.yaml');
    expect((await loadError(missing)).message).toBe(
      `Invalid sync configuration in ${missing} (1 problem):\n  ${missing}: cannot read the file: no such file`,
    );
    const empty = await write('empty.yaml', '# nothing here\n');
    expect((await loadError(empty)).issues[0]?.message).toBe(
      'the file has no content; expected a config with a "bigquery" key',
    );
    const multi = await write('multi.yaml', 'a: 1\n---\nb: 2\n');
    expect((await loadError(multi)).message).toContain(`${multi}:2:1: expected one YAML document, found 2`);
  });

  it('substitutes environment variables from the given env', async () => {
    const file = await write('env.yaml', YAML_CONFIG.replace('local-project', '${PROJECT}'));
    expect((await loadSyncConfigFile(file, { PROJECT: 'env-project' })).bigquery.projectId).toBe('env-project');
    expect((await loadError(file)).issues[0]).toMatchObject({
      path: 'bigquery.projectId',
      message: 'environment variable PROJECT is not set',
      line: 2,
    });
  });
});

describe('configFromComponentOptions', () => {
  it("treats the block as the root and ignores Harper's own keys", () => {
    const options = { package: 'harper-bigquery-sync', files: '/*', path: '/components/sync', ...validConfig() };
    expect(configFromComponentOptions(options, {}).tables[0]?.id).toBe('positions');
  });

  it('accepts the legacy layout too', () => {
    const options = {
      package: 'harper-bigquery-sync',
      bigquery: { projectId: 'local-project', dataset: 'd', table: 't', timestampColumn: 'ts' },
    };
    expect(configFromComponentOptions(options, {}).tables[0]).toMatchObject({
      id: 'default',
      targetTable: 'BigQueryData',
    });
  });

  it('still rejects other unknown keys and non-objects', () => {
    expect(() => configFromComponentOptions({ ...validConfig(), urlPath: 'x' }, {})).toThrow(
      'urlPath: unknown key (allowed: bigquery, sync, validation, backfill)',
    );
    expect(() => configFromComponentOptions(undefined, {})).toThrow(ConfigError);
  });
});
