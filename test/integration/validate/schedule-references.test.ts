import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScenario } from '../../../streams/synthesizer/index.js';
import { initialize } from '../../../streams/synthesizer/writer/index.js';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

/**
 * Scheduled validation on the synthesizer's maritime data, with the cross-table check:
 * one position and one port event name a vessel VesselMetadata does not have. The schedule
 * runs every 2 s here (15 min by default); the port events' run is over its byte budget.
 */
const bq = useLocalBigQuery();
const DATASET = 'maritime_validation';
const SEED = 7;
const scenario = createScenario('realistic', SEED);

const dir = mkdtempSync(join(tmpdir(), 'validate-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORPHAN_POSITION_MMSI = 999_999_901;
const ORPHAN_EVENT_MMSI = 999_999_902;

/** The newest timestamp (ms) of rows in RFC 3339 text. */
function newestMs<R extends object>(rows: Iterable<R>, column: keyof R): number {
  let newest = -Infinity;
  for (const row of rows) newest = Math.max(newest, Date.parse(String(row[column])));
  return newest;
}

// Below every table's last row (so below all three committed cursors once synced): the check
// only judges rows the referenced table's sync has passed.
const orphanMs =
  Math.min(
    newestMs(scenario.rows.vesselPositions(), 'timestamp'),
    newestMs(scenario.rows.portEvents(), 'event_time'),
    newestMs(scenario.rows.vesselMetadata(), 'last_updated'),
  ) - 60_000;
const orphanTime = new Date(orphanMs).toISOString().replace('Z', '000Z');

const ctx = useHarper(async () => {
  await initialize({ bigquery: bq.client, datasetId: DATASET }, { scenario, tempDir: dir });
  const dataset = bq.client.dataset(DATASET);
  await dataset
    .table('vessel_positions')
    .insert([
      { timestamp: orphanTime, mmsi: ORPHAN_POSITION_MMSI, vessel_name: 'GHOST', latitude: 1.5, longitude: 2.5 },
    ]);
  await dataset
    .table('port_events')
    .insert([{ event_time: orphanTime, port_id: 'NLRTM', vessel_mmsi: ORPHAN_EVENT_MMSI, event_type: 'ARRIVAL' }]);
  const table = (id: string, timestampColumn: string, primaryKey: string[], targetTable: string) => ({
    id,
    dataset: DATASET,
    table: id,
    timestampColumn,
    primaryKey,
    targetTable,
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          {
            ...table('vessel_positions', 'timestamp', ['mmsi', 'timestamp'], 'VesselPositions'),
            validation: { interval: '2s', references: [{ column: 'mmsi', table: 'vessel_metadata' }] },
          },
          {
            ...table('port_events', 'event_time', ['port_id', 'vessel_mmsi', 'event_type', 'event_time'], 'PortEvents'),
            validation: {
              interval: '2s',
              // Below BigQuery's 10 MB minimum per query: every run is over budget.
              maxBytesBilled: 1000,
              references: [{ column: 'vessel_mmsi', table: 'vessel_metadata', referencedColumn: 'mmsi' }],
            },
          },
          { ...table('vessel_metadata', 'last_updated', ['mmsi'], 'VesselMetadata'), validation: { interval: 0 } },
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s', steadyThreshold: '1s', catchupThreshold: '2s' },
    },
  };
});

interface ReferenceCheck {
  column: string;
  table: string;
  orphans: number;
  orphanRows: number;
  rowsChecked: number;
  sample: string[];
  incomplete?: string;
}

interface AuditReport {
  trigger: string;
  clean: boolean;
  skipped?: string;
  windows: number;
  bytesBilled: number;
  referenceChecks: ReferenceCheck[];
}

async function validationAudits(tableId: string): Promise<AuditReport[]> {
  const records = await ctx.harper.operation<{ event: string; at: number; details: AuditReport }[]>({
    operation: 'search_by_value',
    database: 'bigquery_sync',
    table: 'SyncAudit',
    search_attribute: 'tableId',
    search_value: tableId,
    get_attributes: ['*'],
  });
  return records
    .filter((r) => r.event === 'validation')
    .sort((a, b) => Number(a.at) - Number(b.at))
    .map((r) => r.details);
}

async function lastValidation(tableId: string): Promise<Record<string, unknown> | undefined> {
  const response = await ctx.harper.rest(`/SyncStatus/${tableId}`);
  if (!response.ok) return undefined;
  return ((await response.json()) as { lastValidation?: Record<string, unknown> }).lastValidation ?? undefined;
}

const counts = scenario.counts;

describe('scheduled validation and the maritime cross-table check', () => {
  it('validates on the schedule, and reports the position naming an unknown vessel (not repaired)', async () => {
    await waitForSynced(ctx.harper, 'VesselMetadata', 'vessel_metadata', 1);
    await waitForSynced(ctx.harper, 'VesselPositions', 'vessel_positions', counts.positions + 1);
    // Scheduled runs keep coming; wait for one after everything was synced.
    const run = await waitFor(
      'a scheduled clean run that checked the references',
      async () =>
        (await validationAudits('vessel_positions')).find(
          (r) => r.trigger === 'schedule' && r.clean && r.referenceChecks[0]?.orphans === 1,
        ),
      60_000,
    );
    expect(run.windows).toBeGreaterThan(0);
    expect(run.bytesBilled).toBeGreaterThan(0);
    expect(run.referenceChecks).toEqual([
      expect.objectContaining({
        column: 'mmsi',
        table: 'vessel_metadata',
        orphans: 1,
        orphanRows: 1,
        sample: [String(ORPHAN_POSITION_MMSI)],
      }),
    ]);
    expect(run.referenceChecks[0]!.incomplete).toBeUndefined();
    // Every synced position below the cursors was checked; only the ghost is an orphan.
    expect(run.referenceChecks[0]!.rowsChecked).toBeGreaterThan(counts.positions / 2);
    // On the schedule: another run follows (the run found above may have been the first).
    await waitFor(
      'a second scheduled run',
      async () =>
        (await validationAudits('vessel_positions')).filter((r) => r.trigger === 'schedule').length > 1 || undefined,
      60_000,
    );

    const status = await waitFor('the status to show the orphan', async () => {
      const v = await lastValidation('vessel_positions');
      return v?.orphans === 1 ? v : undefined;
    });
    expect(status).toMatchObject({
      clean: true,
      orphans: 1,
      references: [{ column: 'mmsi', table: 'vessel_metadata', orphans: 1, sample: [String(ORPHAN_POSITION_MMSI)] }],
    });
    expect(Number(status.bytesBilled)).toBeGreaterThan(0);
    // Reported, not repaired: the row is still there, and no metadata was invented for it.
    const [ghost] = await ctx.harper.operation<unknown[]>({
      operation: 'search_by_value',
      database: 'data',
      table: 'VesselMetadata',
      search_attribute: 'mmsi',
      search_value: ORPHAN_POSITION_MMSI,
      get_attributes: ['id'],
    });
    expect(ghost).toBeUndefined();
  }, 180_000);

  it('skips a scheduled run over its byte budget with the reason in the audit and the status, still checking references', async () => {
    await waitForSynced(ctx.harper, 'PortEvents', 'port_events', counts.events + 1);
    await waitForSynced(ctx.harper, 'VesselMetadata', 'vessel_metadata', 1);
    const run = await waitFor(
      'a scheduled port events run skipped over budget',
      async () =>
        (await validationAudits('port_events')).find(
          (r) =>
            r.trigger === 'schedule' && r.skipped?.startsWith('over budget') && r.referenceChecks[0]?.orphans === 1,
        ),
      60_000,
    );
    expect(run.skipped).toMatch(/would bill about 10485760 bytes .* above validation\.maxBytesBilled 1000/);
    // The dry run is free: nothing was billed for a skipped run.
    expect(run).toMatchObject({ bytesBilled: 0, windows: 0, clean: false });
    expect(run.referenceChecks[0]).toMatchObject({ sample: [String(ORPHAN_EVENT_MMSI)], orphanRows: 1 });

    const status = await waitFor('the status to show the skip', async () => {
      const v = await lastValidation('port_events');
      return typeof v?.skipped === 'string' && v.orphans === 1 ? v : undefined;
    });
    expect(status.skipped).toMatch(/^over budget: .*validation\.maxBytesBilled 1000$/);
  }, 180_000);
});
