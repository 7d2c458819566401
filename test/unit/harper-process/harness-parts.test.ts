import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPONENT_KEY, findFreePorts, isPortFree, writeAppDir } from '../../../src/harper-process/index.js';
import { tailFile } from '../../../src/harper-process/log-file.js';

const dir = mkdtempSync(join(tmpdir(), 'harness-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('free ports', () => {
  it('hands out distinct ports that can be bound', async () => {
    const ports = await findFreePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) expect(await isPortFree(port)).toBe(true);
  });

  it('reports a bound port as taken', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    expect(await isPortFree(port)).toBe(false);
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe('app folder', () => {
  it('names this package with the sync settings in its block and links the component', () => {
    const appDir = join(dir, 'app');
    writeAppDir(appDir, '/some/component', { bigquery: { projectId: 'p' } });
    const config = parse(readFileSync(join(appDir, 'config.yaml'), 'utf8')) as Record<string, unknown>;
    expect(config[COMPONENT_KEY]).toEqual({ package: COMPONENT_KEY, bigquery: { projectId: 'p' } });
    expect(readlinkSync(join(appDir, 'node_modules', COMPONENT_KEY))).toBe('/some/component');
  });
});

describe('log tail', () => {
  it('returns the last lines without colour codes', () => {
    const file = join(dir, 'log.txt');
    writeFileSync(file, Array.from({ length: 100 }, (_, i) => `\u001b[38;5;16mline ${i}\u001b[39m`).join('\n'));
    const tail = tailFile(file, 3).trim().split('\n');
    expect(tail).toEqual(['line 97', 'line 98', 'line 99']);
  });

  it('is empty for a missing file', () => {
    expect(tailFile(join(dir, 'missing.log'))).toBe('');
  });
});

describe('app folder extras', () => {
  it('adds other components to the app config and links their files into the app', () => {
    const appDir = join(dir, 'app-extras');
    const schema = join(dir, 'extra.graphql');
    writeFileSync(schema, 'type Extra @table { id: ID @primaryKey }\n');
    writeAppDir(
      appDir,
      '/some/component',
      { bigquery: { projectId: 'p' } },
      {
        config: { graphqlSchema: { files: 'extra/schema.graphql' } },
        links: { 'extra/schema.graphql': schema },
      },
    );
    const config = parse(readFileSync(join(appDir, 'config.yaml'), 'utf8')) as Record<string, unknown>;
    expect(config.graphqlSchema).toEqual({ files: 'extra/schema.graphql' });
    expect(config[COMPONENT_KEY]).toEqual({ package: COMPONENT_KEY, bigquery: { projectId: 'p' } });
    expect(readlinkSync(join(appDir, 'extra', 'schema.graphql'))).toBe(schema);
    // Written again on every start: an existing link is replaced, not an error.
    writeAppDir(appDir, '/some/component', {}, { links: { 'extra/schema.graphql': schema } });
    expect(readFileSync(join(appDir, 'extra', 'schema.graphql'), 'utf8')).toContain('type Extra');
  });

  it('refuses links outside the app folder and a second block for this component', () => {
    const appDir = join(dir, 'app-bad');
    for (const path of ['../escape.js', '/abs/file.js', 'node_modules/x.js', 'a/../../b.js']) {
      expect(() => writeAppDir(appDir, '/c', {}, { links: { [path]: '/target' } }), path).toThrow(/relative path/);
    }
    expect(() => writeAppDir(appDir, '/c', {}, { links: { 'ok.js': 'relative/target' } })).toThrow(/absolute/);
    expect(() => writeAppDir(appDir, '/c', {}, { config: { [COMPONENT_KEY]: {} } })).toThrow(/syncSettings/);
  });
});
