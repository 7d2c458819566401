import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnCli, stopIfRunning, type RunningCli } from '../../support/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dev-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('harper-bigquery-sync dev', () => {
  let running: RunningCli | undefined;
  // A failed step must not leave Harper running for the next test or file.
  afterEach(async () => {
    await stopIfRunning(running);
    running = undefined;
  });

  it('starts Harper with the component and the config, prints the URLs and stops on Ctrl-C', async () => {
    const config = join(dir, 'sync.yaml');
    // Valid, pointing at a loopback port nothing listens on: the table retries, Harper serves.
    writeFileSync(
      config,
      [
        'bigquery:',
        '  projectId: local-project',
        '  apiEndpoint: http://127.0.0.1:9',
        '  tables:',
        '    - { id: positions, dataset: d, table: t, timestampColumn: ts, targetTable: VesselPositions }',
        '',
      ].join('\n'),
    );
    const cli = spawnCli('dist/src/cli/main.js', ['dev', '--config', config, '--root', join(dir, 'root')]);
    running = cli;
    // A first Harper start installs it: minutes on a busy machine.
    const [, statusUrl] = await cli.waitFor(/Sync status:\s+(\S+)/, 180_000);
    const credentials = (await cli.waitFor(/Credentials:\s+(\S+) \/ (\S+)/)).slice(1, 3);
    await cli.waitFor(/Press Ctrl-C/);

    const authorization = `Basic ${Buffer.from(credentials.join(':')).toString('base64')}`;
    const status = await fetch(statusUrl!, { headers: { authorization } });
    expect(status.status).toBe(200);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('Harper stopped.');
    await expect(fetch(statusUrl!, { headers: { authorization } })).rejects.toThrow();
  }, 300_000);

  it('names the file when the config cannot be read', async () => {
    const missing = join(dir, 'missing.yaml');
    const cli = spawnCli('dist/src/cli/main.js', ['dev', '--config', missing]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(`Invalid sync configuration in ${missing}`);
    expect(cli.output()).toContain('cannot read the file: no such file');
  });

  it('rejects a port that is not a number', async () => {
    const cli = spawnCli('dist/src/cli/main.js', ['dev', '--config', 'x.yaml', '--http-port', 'eighty']);
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain('expected a TCP port number (1-65535), got "eighty"');
  });
});
