import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePorts } from '../../../src/harper-process/index.js';
import { spawnCli } from '../../support/spawn-cli.js';
import { waitFor } from '../../support/wait.js';

const root = mkdtempSync(join(tmpdir(), 'npm-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Status {
  tables: { tableId: string; rowsCommitted: number; state: string }[];
}

async function startOnce() {
  const [http, ops, bq] = await findFreePorts(3);
  const cli = spawnCli('dist/src/cli/main.js', [
    'start',
    '--root',
    root,
    '--scenario',
    'small',
    '--http-port',
    String(http),
    '--ops-port',
    String(ops),
    '--bigquery-port',
    String(bq),
    '--rates',
    'positions=5,events=0.2,metadata=0.1',
  ]);
  const [, statusUrl] = await cli.waitFor(/Sync status:\s+(\S+)/, 120_000);
  await cli.waitFor(/Credentials:/);
  // The password is printed on the first start of a root only; the subcommand shows it later.
  const shown = spawnCli('dist/src/cli/main.js', ['credentials', '--root', root]);
  expect(await shown.exited).toBe(0);
  const [, user, password] = /Credentials:\s+(\S+) \/ (\S+)/.exec(shown.output()) ?? [];
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const status = () => fetch(statusUrl!, { headers: { authorization } }).then((r) => r.json() as Promise<Status>);
  return { cli, status };
}

describe('harper-bigquery-sync start (npm start)', () => {
  it('fills the local BigQuery, syncs the three tables into Harper, and stops cleanly on Ctrl-C', async () => {
    const { cli, status } = await startOnce();
    expect(cli.output()).toMatch(/Filling maritime_tracking with the 'small' scenario/);
    const synced = await waitFor(
      'all three tables to have rows in Harper',
      async () => {
        const s = await status();
        return s.tables.length === 3 && s.tables.every((t) => t.rowsCommitted > 0 && t.state === 'running')
          ? s
          : undefined;
      },
      90_000,
    );
    expect(synced.tables.map((t) => t.tableId).sort()).toEqual(['port_events', 'vessel_metadata', 'vessel_positions']);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('Stopped. Run npm start again to resume where it stopped.');
  });

  it('resumes from the data and checkpoints it left on the next start', async () => {
    const { cli, status } = await startOnce();
    await cli.waitFor(/already has .* rows?|resuming/);
    const s = await waitFor('status after restart', async () => {
      const st = await status();
      return st.tables.length === 3 ? st : undefined;
    });
    expect(s.tables.every((t) => t.state === 'running')).toBe(true);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});
