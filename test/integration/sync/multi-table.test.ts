import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { useLocalBigQuery, PROJECT } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, metadata, portEvents, positions } from '../../support/maritime-fixtures.js';
import { harperCount, harperRows, tableStatus, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const bq = useLocalBigQuery();

function syncSettings(apiEndpoint: string) {
  return {
    bigquery: {
      projectId: PROJECT,
      apiEndpoint,
      tables: [
        {
          id: 'vessel_positions',
          dataset: DATASET,
          table: 'vessel_positions',
          timestampColumn: 'timestamp',
          primaryKey: ['mmsi', 'timestamp'],
          targetTable: 'VesselPositions',
          sync: { initialBatchSize: 1000, catchupBatchSize: 800, steadyBatchSize: 700 },
        },
        {
          id: 'port_events',
          dataset: DATASET,
          table: 'port_events',
          timestampColumn: 'event_time',
          primaryKey: ['port_id', 'vessel_mmsi', 'event_type', 'event_time'],
          targetTable: 'PortEvents',
          sync: { initialBatchSize: 300, catchupBatchSize: 250, steadyBatchSize: 200 },
        },
        {
          id: 'vessel_metadata',
          dataset: DATASET,
          table: 'vessel_metadata',
          timestampColumn: 'last_updated',
          columns: ['mmsi', 'vessel_name', 'build_year'],
          primaryKey: ['mmsi'],
          targetTable: 'VesselMetadata',
          sync: { initialBatchSize: 60, catchupBatchSize: 55, steadyBatchSize: 50 },
        },
      ],
    },
    sync: {
      minBatchSize: 10,
      pollInterval: '300ms',
      settleDelay: '0s',
      steadyThreshold: '1s',
      catchupThreshold: '2s',
      restartBackoff: { initial: '100ms', max: '1s' },
    },
  };
}

const ctx = useHarper(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', positions(6000, { tieGroup: 5000 }));
  await insertRows(bq.client, 'port_events', portEvents(500));
  await insertRows(bq.client, 'vessel_metadata', metadata(200));
  return { syncSettings: syncSettings(bq.server.url) };
});

describe('three tables syncing from the local BigQuery into a real Harper', () => {
  it('copies each table exactly, including a 5,000-row group sharing one timestamp with batches of 1,000', async () => {
    await waitForSynced(ctx.harper, 'VesselPositions', 'vessel_positions', 6000);
    await waitForSynced(ctx.harper, 'PortEvents', 'port_events', 500);
    await waitForSynced(ctx.harper, 'VesselMetadata', 'vessel_metadata', 200);

    const rows = await harperRows(ctx.harper, 'VesselPositions');
    expect(rows.size).toBe(6000);
    const expected = positions(6000, { tieGroup: 5000 });
    for (const p of expected) {
      const id = `${p.mmsi}|${p.timestamp}`;
      const row = rows.get(id);
      expect(row, id).toBeDefined();
      expect(row).toMatchObject({
        mmsi: p.mmsi,
        vessel_name: p.vessel_name,
        latitude: p.latitude,
        speed_knots: p.speed_knots,
        status: p.status,
      });
      expect(new Date(row!.timestamp as string).getTime()).toBe(Date.parse(p.timestamp));
    }
    expect(await harperCount(ctx.harper, 'PortEvents')).toBe(500);
    const meta = await harperRows(ctx.harper, 'VesselMetadata');
    expect(meta.get('200000007')).toMatchObject({ mmsi: 200000007, vessel_name: 'VESSEL 7', build_year: 1997 });
    // Only the configured columns are copied (the timestamp column is always added).
    expect(meta.get('200000007')).not.toHaveProperty('internal_note');
    expect(new Date(meta.get('200000007')!.last_updated as string).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('puts a row Harper refuses into the skipped records with the reason, and goes on', async () => {
    // build_year is a Long in Harper: an INT64 beyond 2^53 cannot be stored there.
    await insertRows(bq.client, 'vessel_metadata', [
      {
        last_updated: '2026-01-02T00:00:00.000000Z',
        mmsi: 299_000_001,
        vessel_name: 'TOO OLD',
        build_year: '9007199254740993',
      },
      { last_updated: '2026-01-02T00:00:00.000001Z', mmsi: 299_000_002, vessel_name: 'FINE', build_year: 2001 },
    ]);
    await waitFor('the good row after the refused one', async () =>
      (await harperRows(ctx.harper, 'VesselMetadata')).has('299000002') ? true : undefined,
    );
    expect((await harperRows(ctx.harper, 'VesselMetadata')).has('299000001')).toBe(false);
    const skipped = await ctx.harper.operation<{ id: string; tableId: string; reason: string }[]>({
      operation: 'search_by_value',
      database: 'data',
      table: 'SkippedRecord',
      search_attribute: 'tableId',
      search_value: 'vessel_metadata',
      get_attributes: ['*'],
    });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(/build_year/);
  });

  it('keeps a separate checkpoint per table with that table’s own batch size', async () => {
    const checkpoints = await ctx.harper.operation<Record<string, unknown>[]>({
      operation: 'search_by_value',
      database: 'data',
      table: 'SyncCheckpoint',
      search_attribute: 'id',
      search_value: '*',
      get_attributes: ['*'],
    });
    const byId = new Map(checkpoints.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual(['port_events_all', 'vessel_metadata_all', 'vessel_positions_all']);
    expect(byId.get('vessel_positions_all')).toMatchObject({ tableId: 'vessel_positions', rowsIngested: 6000 });
    expect(byId.get('port_events_all')).toMatchObject({ tableId: 'port_events', rowsIngested: 500 });
    expect(byId.get('vessel_metadata_all')).toMatchObject({ tableId: 'vessel_metadata', rowsIngested: 202 });
    expect([1000, 800, 700]).toContain(byId.get('vessel_positions_all')!.batchSize);
    expect([300, 250, 200]).toContain(byId.get('port_events_all')!.batchSize);
    expect([60, 55, 50]).toContain(byId.get('vessel_metadata_all')!.batchSize);
  });

  it('picks up rows inserted while it runs', async () => {
    await insertRows(bq.client, 'vessel_positions', positions(300, { startMicros: 10_000_000, mmsiOffset: 50_000 }));
    await waitForSynced(ctx.harper, 'VesselPositions', 'vessel_positions', 6300);
    expect(await harperCount(ctx.harper, 'VesselPositions')).toBe(6300);
  });

  it('fails only the table whose source was deleted; the others go on', async () => {
    await bq.client.dataset(DATASET).table('vessel_metadata').delete();
    // The metadata table's next poll hits BigQuery's 404.
    const failed = await waitFor('vessel_metadata to fail', async () => {
      const s = await tableStatus(ctx.harper, 'vessel_metadata');
      return s?.state === 'failed' ? s : undefined;
    });
    expect(failed.lastError).toMatch(/not found/i);

    await insertRows(bq.client, 'port_events', portEvents(520).slice(500));
    await waitForSynced(ctx.harper, 'PortEvents', 'port_events', 520);
    expect((await tableStatus(ctx.harper, 'vessel_positions'))?.state).toBe('running');
  });

  it('resumes exactly after Harper restarts', async () => {
    await ctx.harper.stop();
    await insertRows(bq.client, 'vessel_positions', positions(700, { startMicros: 20_000_000, mmsiOffset: 60_000 }));
    await ctx.harper.start();
    await waitForSynced(ctx.harper, 'VesselPositions', 'vessel_positions', 7000);
    expect(await harperCount(ctx.harper, 'VesselPositions')).toBe(7000);
    const [checkpoint] = await ctx.harper.operation<Record<string, unknown>[]>({
      operation: 'search_by_id',
      database: 'data',
      table: 'SyncCheckpoint',
      ids: ['vessel_positions_all'],
      get_attributes: ['*'],
    });
    // Counted once each: a replayed batch would push this past the table size.
    expect(checkpoint!.rowsIngested).toBe(7000);
  });

  it('pauses, resumes and resyncs one table through the authenticated control endpoint', async () => {
    const control = (body: unknown, auth = true) =>
      ctx.harper.rest('/SyncControl/', { method: 'POST', body: JSON.stringify(body), auth });
    const done = async (response: Response) => {
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as { id: string };
      return waitFor(`control request ${id}`, async () => {
        const r = (await (await ctx.harper.rest(`/SyncControl/${id}`)).json()) as { state: string; message: string };
        return r.state === 'pending' ? undefined : r;
      });
    };

    expect((await control({ tableId: 'port_events', action: 'pause' }, false)).status).toBe(401);
    const bad = await control({ tableId: 'port_events', action: 'explode' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text())).toContain('body.action: expected one of pause, resume, resync, validate, got "explode"');
    expect((await control({ tableId: 'nope', action: 'pause' })).status).toBe(404);

    expect(await done(await control({ tableId: 'port_events', action: 'pause' }))).toMatchObject({ state: 'done' });
    await waitFor('port_events paused', async () =>
      (await tableStatus(ctx.harper, 'port_events'))?.state === 'paused' ? true : undefined,
    );
    const before = await harperCount(ctx.harper, 'PortEvents');
    await insertRows(bq.client, 'port_events', portEvents(540).slice(520));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await harperCount(ctx.harper, 'PortEvents')).toBe(before);

    expect(await done(await control({ tableId: 'port_events', action: 'resume' }))).toMatchObject({ state: 'done' });
    await waitForSynced(ctx.harper, 'PortEvents', 'port_events', 540);

    expect(await done(await control({ tableId: 'port_events', action: 'resync' }))).toMatchObject({ state: 'done' });
    const checkpoint = await waitFor('the resync to copy the table again', async () => {
      const [c] = await ctx.harper.operation<{ rowsIngested: number }[]>({
        operation: 'search_by_id',
        database: 'data',
        table: 'SyncCheckpoint',
        ids: ['port_events_all'],
        get_attributes: ['*'],
      });
      return c && c.rowsIngested === 540 ? c : undefined;
    });
    expect(checkpoint.rowsIngested).toBe(540);
    // Upserts by deterministic id: copying again adds nothing.
    expect(await harperCount(ctx.harper, 'PortEvents')).toBe(540);
  });
});
