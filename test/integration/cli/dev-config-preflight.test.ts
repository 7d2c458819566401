import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePorts, isPortFree } from '../../../src/harper-process/index.js';
import { spawnCli } from '../../support/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dev-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyDir = join(dir, 'keys');
mkdirSync(keyDir);
writeFileSync(join(keyDir, 'not-json.json'), 'this is not json');
writeFileSync(join(keyDir, 'no-key.json'), JSON.stringify({ type: 'service_account', client_email: 'a@b.c' }));
writeFileSync(join(keyDir, 'no-type.json'), JSON.stringify({ client_email: 'a@b.c', private_key: 'x' }));
writeFileSync(join(keyDir, 'array.json'), '[1, 2]');

/** A valid config; each case below breaks it in one way (line numbers refer to the result). */
const table = (id: string, target: string, extra = '') =>
  `    - id: ${id}\n      dataset: maritime_tracking\n      table: ${id}\n      timestampColumn: ts\n      targetTable: ${target}\n${extra}`;
const config = (bigquery: string, tables = table('positions', 'VesselPositions'), rest = '') =>
  `bigquery:\n  projectId: local-project\n  apiEndpoint: http://127.0.0.1:9050\n${bigquery}  tables:\n${tables}${rest}`;

interface Case {
  name: string;
  yaml: string;
  /** Key path printed for the problem and the line it points at. */
  path: string;
  line: number;
}

const cases: Case[] = [
  { name: 'misspelt top-level key', yaml: `${config('')}bigqeury: {}\n`, path: 'bigqeury', line: 10 },
  {
    name: 'missing projectId',
    yaml: 'bigquery:\n  tables:\n' + table('a', 'VesselPositions'),
    path: 'bigquery.projectId',
    line: 1,
  },
  { name: 'projectId demo', yaml: config('').replace('local-project', 'demo'), path: 'bigquery.projectId', line: 2 },
  {
    name: 'tables not a list',
    yaml: config('', '').replace('  tables:\n', '  tables: abc\n'),
    path: 'bigquery.tables',
    line: 4,
  },
  {
    name: 'tables empty',
    yaml: config('', '').replace('  tables:\n', '  tables: []\n'),
    path: 'bigquery.tables',
    line: 4,
  },
  {
    name: 'duplicate ids',
    yaml: config('', table('a', 'VesselPositions') + table('a', 'PortEvents')),
    path: 'bigquery.tables[1].id',
    line: 10,
  },
  {
    name: 'duplicate targetTables',
    yaml: config('', table('a', 'VesselPositions') + table('b', 'VesselPositions')),
    path: 'bigquery.tables[1].targetTable',
    line: 14,
  },
  {
    name: 'zero batch size',
    yaml: config('', table('a', 'VesselPositions', '      sync: { initialBatchSize: 0 }\n')),
    path: 'bigquery.tables[0].sync.initialBatchSize',
    line: 10,
  },
  {
    name: 'negative batch size',
    yaml: config('', table('a', 'VesselPositions', '      sync:\n        steadyBatchSize: -5\n')),
    path: 'bigquery.tables[0].sync.steadyBatchSize',
    line: 11,
  },
  {
    name: 'bad duration',
    yaml: config('', undefined, 'sync:\n  pollInterval: abc\n'),
    path: 'sync.pollInterval',
    line: 11,
  },
  {
    name: 'negative settleDelay',
    yaml: config('', undefined, 'sync:\n  settleDelay: -1s\n'),
    path: 'sync.settleDelay',
    line: 11,
  },
  {
    name: 'typo timestampColum',
    yaml: config('', table('a', 'VesselPositions').replace('timestampColumn', 'timestampColum')),
    path: 'bigquery.tables[0].timestampColum',
    line: 8,
  },
  {
    name: 'typo pollIntervall',
    yaml: config('', undefined, 'sync:\n  pollIntervall: 5s\n'),
    path: 'sync.pollIntervall',
    line: 11,
  },
  {
    name: 'typo in a table sync block',
    yaml: config('', table('a', 'VesselPositions', '      sync:\n        steadyBatchSise: 5\n')),
    path: 'bigquery.tables[0].sync.steadyBatchSise',
    line: 11,
  },
  {
    name: 'missing environment variable',
    yaml: config('  location: ${MISSING_FIRSTRUN_ENV}\n'),
    path: 'bigquery.location',
    line: 4,
  },
  {
    name: 'min above max',
    yaml: config('', undefined, 'sync:\n  minBatchSize: 500\n  maxBatchSize: 100\n'),
    path: 'sync.minBatchSize',
    line: 11,
  },
  {
    name: 'bad apiEndpoint',
    yaml: config('').replace('http://127.0.0.1:9050', 'ftp://127.0.0.1'),
    path: 'bigquery.apiEndpoint',
    line: 3,
  },
  {
    name: 'numericMode unknown',
    yaml: config('', table('a', 'VesselPositions', '      numericMode: float\n')),
    path: 'bigquery.tables[0].numericMode',
    line: 10,
  },
  {
    name: 'geographyFormat unknown',
    yaml: config('', table('a', 'VesselPositions', '      geographyFormat: kml\n')),
    path: 'bigquery.tables[0].geographyFormat',
    line: 10,
  },
  {
    name: 'negative maxRestarts',
    yaml: config('', undefined, 'sync:\n  maxRestarts: -1\n'),
    path: 'sync.maxRestarts',
    line: 11,
  },
  {
    name: 'bad table id',
    yaml: config('', table('a', 'VesselPositions').replace('id: a', 'id: 1 bad')),
    path: 'bigquery.tables[0].id',
    line: 5,
  },
  {
    name: 'missing dataset',
    yaml: config('', table('a', 'VesselPositions').replace('      dataset: maritime_tracking\n', '')),
    path: 'bigquery.tables[0].dataset',
    line: 5,
  },
  {
    name: 'columns not a list',
    yaml: config('', table('a', 'VesselPositions', '      columns: 42\n')),
    path: 'bigquery.tables[0].columns',
    line: 10,
  },
  {
    name: 'restartBackoff not a mapping',
    yaml: config('', undefined, 'sync:\n  restartBackoff: 5\n'),
    path: 'sync.restartBackoff',
    line: 11,
  },
  {
    name: 'unknown top-level sync key',
    yaml: config('', undefined, 'sync:\n  polInterval: 5s\n'),
    path: 'sync.polInterval',
    line: 11,
  },
  { name: 'legacy keys mixed with tables', yaml: config('  dataset: maritime_tracking\n'), path: 'bigquery', line: 1 },
  {
    name: 'targetTable not in the schema',
    yaml: config('', table('a', 'VesselPositionz')),
    path: 'bigquery.tables[0].targetTable',
    line: 9,
  },
  {
    name: 'targetTable is a bookkeeping table',
    yaml: config('', table('a', 'SyncCheckpoint')),
    path: 'bigquery.tables[0].targetTable',
    line: 9,
  },
  {
    name: 'targetTable in another database',
    yaml: config('', table('a', 'SyncAudit')),
    path: 'bigquery.tables[0].targetTable',
    line: 9,
  },
  {
    name: 'credentials file missing',
    yaml: config(`  credentials: ${join(keyDir, 'missing.json')}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  {
    name: 'credentials file not JSON',
    yaml: config(`  credentials: ${join(keyDir, 'not-json.json')}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  {
    name: 'credentials file without private_key',
    yaml: config(`  credentials: ${join(keyDir, 'no-key.json')}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  {
    name: 'credentials file without type',
    yaml: config(`  credentials: ${join(keyDir, 'no-type.json')}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  {
    name: 'credentials file holds an array',
    yaml: config(`  credentials: ${join(keyDir, 'array.json')}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  {
    name: 'credentials path is a directory',
    yaml: config(`  credentials: ${keyDir}\n`),
    path: 'bigquery.credentials',
    line: 4,
  },
  { name: 'duplicate YAML key', yaml: config('  projectId: other-project\n'), path: '', line: 4 },
  { name: 'YAML syntax error', yaml: config('  location: [unclosed\n'), path: '', line: 5 },
];

describe('harper-bigquery-sync dev refuses a bad config before starting anything', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('$name', async ({ name, yaml, path, line }) => {
    const slug = name.replace(/\W+/g, '-');
    const file = join(dir, `${slug}.yaml`);
    writeFileSync(file, yaml);
    const root = join(dir, 'roots', slug);
    const [httpPort, opsPort] = await findFreePorts(2);
    const cli = spawnCli('dist/src/cli/main.js', [
      'dev',
      '--config',
      file,
      '--root',
      root,
      '--http-port',
      String(httpPort),
      '--ops-port',
      String(opsPort),
    ]);
    expect(await cli.exited).toBe(1);
    const output = cli.output();
    expect(output).toContain(`Invalid sync configuration in ${file}`);
    if (path !== '')
      expect(output).toMatch(new RegExp(`^  ${escape(path)}: .*\\(${escape(file)}:${line}:\\d+\\)$`, 'm'));
    else expect(output).toMatch(new RegExp(`^  ${escape(file)}:${line}:\\d+: `, 'm'));
    expect(output).toContain('Nothing was started');
    expect(output).not.toContain('Starting Harper');
    // Nothing started: Harper would have created its root and taken the ports.
    expect(existsSync(root)).toBe(false);
    expect(await isPortFree(httpPort!)).toBe(true);
    expect(await isPortFree(opsPort!)).toBe(true);
  });

  it('lists every problem of one file, each at its own line', async () => {
    const file = join(dir, 'many.yaml');
    writeFileSync(
      file,
      config(
        '',
        table('a', 'Nope').replace('timestampColumn', 'timestampColum'),
        'sync:\n  pollIntervall: 5s\nbigqeury: {}\n',
      ),
    );
    const cli = spawnCli('dist/src/cli/main.js', ['dev', '--config', file, '--root', join(dir, 'roots', 'many')]);
    expect(await cli.exited).toBe(1);
    const output = cli.output();
    expect(output).toContain('(5 problems)');
    expect(output).toContain(`bigqeury: unknown key (did you mean "bigquery"?) (${file}:12:1)`);
    expect(output).toContain(
      `bigquery.tables[0].timestampColum: unknown key (did you mean "timestampColumn"?) (${file}:8:7)`,
    );
    expect(output).toContain(`sync.pollIntervall: unknown key (did you mean "pollInterval"?) (${file}:11:3)`);
    expect(output).toContain(`bigquery.tables[0].targetTable: targetTable "Nope" is not a table in the schema`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
