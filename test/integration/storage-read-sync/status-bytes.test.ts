/**
 * What a Storage Read backfill read shows in the table's status, the checkpoint and the
 * dashboard: sessions, streams, rows and the Arrow bytes the local server says it served,
 * kept across a Harper restart (their separation from bytes billed: unit tests). Also
 * `backfill.method: auto` against the local server's Storage Read endpoint: Storage Read
 * from `storageReadMinBytes` of table size on, the query path below it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { DATASET } from '../../support/maritime-fixtures.js';
import { waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import { PROJECT, checkpointOf, fillPositions, useLocalBigQueryWithStorageRead } from './local.js';

const POSITIONS = 6_000;
const bq = useLocalBigQueryWithStorageRead(1_000);

const positions = (id: string, targetTable: string, backfill: Record<string, unknown>) => ({
  id,
  dataset: DATASET,
  table: 'vessel_positions',
  timestampColumn: 'timestamp',
  primaryKey: ['mmsi', 'timestamp'],
  targetTable,
  backfill,
  sync: { initialBatchSize: 1_000 },
});

const ctx = useHarper(async () => {
  await fillPositions(bq.client, POSITIONS);
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        storageApiEndpoint: bq.storageAddress,
        tables: [
          // auto with a threshold below the table's size: Storage Read (the endpoint is there).
          positions('positions', 'VesselPositions', { method: 'auto', storageReadMinBytes: 1, maxStreams: 2 }),
          // auto with the default threshold (1 GiB) over a small table: the query path.
          positions('positions_by_query', 'BigQueryData', { method: 'auto' }),
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

interface StorageReadStatus {
  storageRead?: {
    sessions: number;
    streams: number;
    rowsRead: number;
    bytesRead: { sinceStart: number; today: number; total: number };
  };
}

async function statusOf(tableId = 'positions'): Promise<StorageReadStatus> {
  const response = await ctx.harper.rest(`/SyncStatus/${tableId}`);
  return (await response.json()) as StorageReadStatus;
}

function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path && existsSync(path)) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

describe('Storage Read reads in status, checkpoint and dashboard', { timeout: 600_000 }, () => {
  it('counts the sessions, streams, rows and bytes the server served, kept across a restart', async () => {
    await waitForSynced(ctx.harper, 'VesselPositions', 'positions', POSITIONS, 240_000);
    await waitForSynced(ctx.harper, 'BigQueryData', 'positions_by_query', POSITIONS, 240_000);
    // backfill.method auto: only the table over its storageReadMinBytes opened a session.
    const sessions = bq.server.storageRead!.sessions();
    expect(sessions).toHaveLength(1);
    expect((await statusOf('positions_by_query')).storageRead).toMatchObject({ sessions: 0, rowsRead: 0 });
    const served = sessions[0]!;
    const expected = { sessions: 1, streams: served.streams, rowsRead: served.rowsRead };
    const status = await waitFor(
      'the status to count every byte served',
      async () => {
        const s = await statusOf();
        return s.storageRead?.bytesRead.total === served.bytesRead ? s : undefined;
      },
      30_000,
    );
    expect(status.storageRead).toMatchObject({
      ...expected,
      bytesRead: { sinceStart: served.bytesRead, today: served.bytesRead, total: served.bytesRead },
    });
    expect(served.rowsRead).toBe(POSITIONS);
    expect(await checkpointOf(ctx.harper, 'positions_all')).toMatchObject({
      storageReadSessions: 1,
      storageReadStreams: served.streams,
      storageReadRows: POSITIONS,
      storageReadBytes: served.bytesRead,
    });

    await ctx.harper.stop();
    await ctx.harper.start();
    const after = await waitFor(
      'the restarted table to publish its totals',
      async () => {
        const s = await statusOf();
        return s.storageRead?.bytesRead.total === served.bytesRead ? s : undefined;
      },
      60_000,
    );
    expect(after.storageRead).toMatchObject({ ...expected, bytesRead: { sinceStart: 0, total: served.bytesRead } });
  });

  const executablePath = findChromium();
  it.skipIf(!executablePath)('the dashboard shows them', async () => {
    await waitFor(
      'Storage Read totals',
      async () => ((await statusOf()).storageRead?.sessions ? true : undefined),
      60_000,
    );
    const profile = mkdtempSync(join(tmpdir(), 'sr-dashboard-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: executablePath!,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${ctx.harper.httpUrl}/dashboard/`);
      await page.getByLabel('User').fill(ctx.harper.credentials.username);
      await page.getByLabel('Password').fill(ctx.harper.credentials.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const fact = (label: string) =>
        page
          .locator('section.card[data-table="positions"] .fact', { has: page.locator('dt', { hasText: label }) })
          .locator('dd');
      await expect
        .poll(() => fact('Storage Read (sessions / streams)').innerText(), { timeout: 30_000 })
        .toBe(`1 / ${bq.server.storageRead!.sessions()[0]!.streams}`);
      expect(await fact('Storage Read rows read').innerText()).toBe(POSITIONS.toLocaleString('en-US'));
      expect(await fact('Storage Read bytes (today / total)').innerText()).toMatch(/KiB|MiB/);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
