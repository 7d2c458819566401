import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnCli, spawnStart, stopIfRunning, type RunningCli } from '../../support/spawn-cli.js';
import { waitFor } from '../../support/wait.js';

const root = mkdtempSync(join(tmpdir(), 'npm-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Status {
  tables: { tableId: string; rowsCommitted: number; state: string }[];
}

async function startOnce(started: (cli: RunningCli) => void) {
  const cli = await spawnStart(root, 'small', ['--rates', 'positions=5,events=0.2,metadata=0.1']);
  started(cli);
  const [, statusUrl] = await cli.waitFor(/Sync status:\s+(\S+)/, 120_000);
  await cli.waitFor(/Credentials:/);
  // The password is printed on the first start of a root only; the subcommand shows it later.
  const shown = spawnCli('dist/src/cli/main.js', ['credentials', '--root', root]);
  expect(await shown.exited).toBe(0);
  const [, user, password] = /Credentials:\s+(\S+) \/ (\S+)/.exec(shown.output()) ?? [];
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const status = () => fetch(statusUrl!, { headers: { authorization } }).then((r) => r.json() as Promise<Status>);
  const [, operationsUrl] = /Operations API:\s+(\S+)/.exec(cli.output()) ?? [];
  const configuration = () =>
    fetch(operationsUrl!, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'get_configuration' }),
    }).then((r) => r.json() as Promise<{ storage?: { prefetchWrites?: unknown } }>);
  return { cli, status, configuration };
}

// One test on purpose: resuming needs the data of a first run, and tests must pass in any
// order (--sequence.shuffle), so the first run and the resume are steps of the same test.
describe('harper-bigquery-sync start (npm start)', () => {
  let running: RunningCli | undefined;
  // A failed step must not leave a run holding the root's DuckDB lock and ports.
  afterEach(async () => {
    await stopIfRunning(running);
    running = undefined;
  });

  it('fills the local BigQuery, syncs the three tables, stops cleanly on Ctrl-C, and resumes on the next start', async () => {
    const first = await startOnce((cli) => (running = cli));
    expect(first.cli.output()).toMatch(/Filling maritime_tracking with the 'small' scenario/);
    const synced = await waitFor(
      'all three tables to have rows in Harper',
      async () => {
        const s = await first.status();
        return s.tables.length === 3 && s.tables.every((t) => t.rowsCommitted > 0 && t.state === 'running')
          ? s
          : undefined;
      },
      90_000,
    );
    expect(synced.tables.map((t) => t.tableId).sort()).toEqual(['port_events', 'vessel_metadata', 'vessel_positions']);
    // The local stack's database fits in memory: Harper's prefetch on writes only costs there.
    expect((await first.configuration()).storage?.prefetchWrites).toBe(false);
    first.cli.child.kill('SIGINT');
    expect(await first.cli.exited).toBe(0);
    expect(first.cli.output()).toContain('Stopped. Run npm start again to resume where it stopped.');

    const second = await startOnce((cli) => (running = cli));
    await second.cli.waitFor(/already has .* rows?|resuming/);
    const s = await waitFor('status after restart', async () => {
      const st = await second.status();
      return st.tables.length === 3 ? st : undefined;
    });
    expect(s.tables.every((t) => t.state === 'running')).toBe(true);
    second.cli.child.kill('SIGINT');
    expect(await second.cli.exited).toBe(0);
  }, 480_000);
});
