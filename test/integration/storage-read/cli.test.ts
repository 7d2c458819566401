/**
 * `bigquery-local` starts the Storage Read service beside REST on a free port (or the one
 * given), prints where, serves the official client there, reports and expires sessions
 * through the admin API, and stops it on SIGTERM; `--no-storage-read` leaves it out. Runs the compiled CLI (dist/, `npm run build`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, type RunningCli } from '../../support/spawn-cli.js';
import { createLocalBigQueryClient } from '../../../emulator/client.js';
import { createLocalBigQueryReadClient } from '../../../emulator/storage-read/index.js';
import { status } from '@grpc/grpc-js';
import { PROJECT, createSession, grpcError, readStream, tablePath, canonBatches } from './helpers.js';

const CLI = 'dist/emulator/cli.js';
let running: RunningCli | undefined;

afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  running = undefined;
});

describe('bigquery-local with Storage Read', () => {
  it('prints the gRPC address, serves the official read client there and stops on SIGTERM', async () => {
    running = spawnCli(CLI, ['--port', '0', '--host', '127.0.0.1'], { METADATA_SERVER_DETECTION: 'none' });
    const [, url] = await running.waitFor(/listening on (http:\/\/\S+)/);
    const [, host, port] = await running.waitFor(/storage read \(gRPC\) listening on (127\.0\.0\.1):(\d+)/);
    const bq = createLocalBigQueryClient({ url: url!, projectId: PROJECT });
    const [dataset] = await bq.createDataset('cli');
    const [table] = await dataset.createTable('t', { schema: { fields: [{ name: 'x', type: 'INT64' }] } });
    await table.insert([{ x: 1 }, { x: 2 }]);
    const read = createLocalBigQueryReadClient({ host: host!, port: Number(port) });
    try {
      const session = await createSession(read, { table: tablePath('cli', 't') });
      const rows = await readStream(
        read,
        session.arrowSchema!.serializedSchema as Uint8Array,
        session.streams![0]!.name!,
      );
      expect(canonBatches([{ name: 'x', type: 'INT64' }], rows.batches).map((r) => r.x)).toEqual(['1', '2']);

      // The admin API shows bytes read per session and expires sessions for tests in other processes.
      const listed = (await (await fetch(`${url}/_admin/storage-read/sessions`)).json()) as {
        sessions: { name: string; rowsRead: number; bytesRead: number }[];
      };
      const mine = listed.sessions.find((s) => s.name === session.name)!;
      expect(mine.rowsRead).toBe(2);
      expect(mine.bytesRead).toBeGreaterThan(0);
      const expired = (await (await fetch(`${url}/_admin/storage-read/expire`, { method: 'POST' })).json()) as {
        expired: number;
      };
      expect(expired.expired).toBe(1);
      const err = await grpcError(
        readStream(read, session.arrowSchema!.serializedSchema as Uint8Array, session.streams![0]!.name!),
      );
      expect(err.code).toBe(status.FAILED_PRECONDITION);
      expect(err.details).toMatch(/session expired at/);
    } finally {
      await read.close();
    }
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('leaves the service out with --no-storage-read', async () => {
    running = spawnCli(CLI, ['--port', '0', '--no-storage-read'], { METADATA_SERVER_DETECTION: 'none' });
    await running.waitFor(/listening on (http:\/\/\S+)/);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).not.toMatch(/storage read/);
  });
});
