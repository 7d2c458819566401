/**
 * `npm start` wires the local server's Storage Read gRPC address into the sync, so the
 * example config's `backfill.method: auto` reads a table above `storageReadMinBytes` (the
 * 'realistic' positions, about 0.9 MB against 256 KiB) through Storage Read, and the small
 * tables through queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnStart, stopIfRunning, type RunningCli } from '../../support/spawn-cli.js';
import { waitFor } from '../../support/wait.js';

const root = mkdtempSync(join(tmpdir(), 'npm-start-sr-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Status {
  tables: {
    tableId: string;
    rowsWritten: number;
    phase?: string;
    storageRead?: { sessions: number; rowsRead: number };
  }[];
}

describe('npm start: Storage Read backfills against the local server', () => {
  let running: RunningCli | undefined;
  afterEach(async () => {
    await stopIfRunning(running);
    running = undefined;
  });

  it('backfills the table above the threshold through Storage Read, the others through queries', async () => {
    const cli = await spawnStart(root, 'realistic', ['--no-generate']);
    running = cli;
    const [, address] = await cli.waitFor(/Storage Read:\s+(\S+)/, 180_000);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const [, statusUrl] = await cli.waitFor(/Sync status:\s+(\S+)/);
    await cli.waitFor(/Credentials:/);
    const [, user, password] = /Credentials:\s+(\S+) \/ (\S+)/.exec(cli.output()) ?? [];
    const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const status = () => fetch(statusUrl!, { headers: { authorization } }).then((r) => r.json() as Promise<Status>);

    const synced = await waitFor(
      'the realistic positions (10,000 rows) and the other tables in Harper',
      async () => {
        const s = await status();
        const positions = s.tables.find((t) => t.tableId === 'vessel_positions');
        return s.tables.length === 3 &&
          positions &&
          positions.rowsWritten >= 10_000 &&
          s.tables.every((t) => t.rowsWritten > 0)
          ? s
          : undefined;
      },
      180_000,
    );
    const byId = new Map(synced.tables.map((t) => [t.tableId, t]));
    expect(byId.get('vessel_positions')!.storageRead?.sessions).toBeGreaterThan(0);
    expect(byId.get('vessel_positions')!.storageRead?.rowsRead).toBeGreaterThanOrEqual(10_000);
    expect(byId.get('port_events')!.storageRead?.sessions ?? 0).toBe(0);
    expect(byId.get('vessel_metadata')!.storageRead?.sessions ?? 0).toBe(0);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  }, 480_000);
});
