import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { waitFor } from '../../support/wait.js';

interface DescribedAttribute {
  attribute: string;
  indexed?: unknown;
  is_primary_key?: boolean;
}

const examples: Record<string, Record<string, unknown>> = {
  VesselPositions: {
    timestamp: '2026-01-01T00:00:00.123Z',
    mmsi: 367000001,
    vessel_name: 'EVER GIVEN',
    latitude: 51.95,
    longitude: 4.05,
    speed_knots: 12.5,
    heading: 270,
    course: 271.5,
    status: 'under_way_using_engine',
  },
  PortEvents: {
    event_time: '2026-01-01T01:00:00.000Z',
    port_id: 'NLRTM',
    port_name: 'Rotterdam',
    vessel_mmsi: 367000001,
    event_type: 'ARRIVAL',
    latitude: 51.95,
    longitude: 4.14,
  },
  VesselMetadata: {
    mmsi: 367000001,
    imo: 9811000,
    vessel_name: 'EVER GIVEN',
    call_sign: 'H3RC',
    vessel_type: 'container',
    flag: 'PA',
    length_m: 399.9,
    beam_m: 58.8,
    draft_m: 14.5,
    build_year: 2018,
  },
};

describe('the component in a real Harper', () => {
  const ctx = useHarper();

  for (const [table, record] of Object.entries(examples)) {
    it(`writes and reads a ${table} row through REST with authentication`, async () => {
      const put = await ctx.harper.rest(`/${table}/rest-1`, { method: 'PUT', body: JSON.stringify(record) });
      expect(put.status).toBeLessThan(300);
      const get = await ctx.harper.rest(`/${table}/rest-1`);
      expect(get.status).toBe(200);
      const body = (await get.json()) as Record<string, unknown>;
      expect(body.id).toBe('rest-1');
      for (const [key, value] of Object.entries(record)) {
        if (typeof value === 'string' && /T\d\d:/.test(value)) {
          expect(new Date(body[key] as string).toISOString()).toBe(value);
        } else {
          expect(body[key]).toEqual(value);
        }
      }
      const anonymous = await ctx.harper.rest(`/${table}/rest-1`, { auth: false });
      expect(anonymous.status).toBe(401);
    });

    it(`writes and reads a ${table} row through the operations API`, async () => {
      await ctx.harper.operation({
        operation: 'upsert',
        database: 'data',
        table,
        records: [{ id: 'ops-1', ...record }],
      });
      const found = await ctx.harper.operation<Record<string, unknown>[]>({
        operation: 'search_by_id',
        database: 'data',
        table,
        ids: ['ops-1'],
        get_attributes: ['*'],
      });
      expect(found).toHaveLength(1);
      expect(found[0]!.id).toBe('ops-1');
      const firstKey = Object.keys(record)[0]!;
      expect(found[0]![firstKey]).toBeDefined();
    });
  }

  it('creates the checkpoint table with an index on tableId', async () => {
    const described = await ctx.harper.operation<{ hash_attribute: string; attributes: DescribedAttribute[] }>({
      operation: 'describe_table',
      database: 'data',
      table: 'SyncCheckpoint',
    });
    expect(described.hash_attribute).toBe('id');
    const tableId = described.attributes.find((a) => a.attribute === 'tableId');
    expect(tableId?.indexed).toBeTruthy();
    const names = described.attributes.map((a) => a.attribute);
    expect(names).toEqual(
      expect.arrayContaining(['cursorTimestampMicros', 'cursorKey', 'rowsIngested', 'phase', 'batchSize']),
    );
  });

  it('keeps checkpoints and skipped rows beside the targets, status and audit apart', async () => {
    // Harper commits each database of a transaction separately: what must commit with the
    // rows has to share their database.
    const where = [
      ['data', 'SkippedRecord'],
      ['bigquery_sync', 'SyncAudit'],
      ['bigquery_sync', 'SyncTableStatus'],
      ['bigquery_sync', 'SyncCommand'],
    ];
    for (const [database, table] of where) {
      const described = await ctx.harper.operation<{ name: string }>({ operation: 'describe_table', database, table });
      expect(described.name).toBe(table);
    }
  });

  it('serves the status dashboard page, whose data calls need authentication', async () => {
    const page = await fetch(`${ctx.harper.httpUrl}/dashboard/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>harper-bigquery-sync</title>');
    const script = await fetch(`${ctx.harper.httpUrl}/dashboard/dashboard.js`);
    expect(await script.text()).toContain("api('/SyncStatus/')");
  });

  it('rejects unauthenticated requests to its own resource and serves authenticated ones', async () => {
    const anonymous = await ctx.harper.rest('/SyncStatus/', { auth: false });
    expect(anonymous.status).toBe(401);
    const wrongPassword = await ctx.harper.rest('/SyncStatus/', {
      auth: false,
      headers: { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
    });
    expect(wrongPassword.status).toBe(401);
    const ok = await ctx.harper.rest('/SyncStatus/');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ component: 'harper-bigquery-sync', workerIndex: 0 });
  });
});

describe('the plugin with two worker threads', () => {
  const ctx = useHarper({ threads: 2, syncSettings: { marker: 'two-workers' } });

  it('receives its config block and starts on exactly one worker', async () => {
    const loadedLines = () =>
      ctx.harper
        .tailLog(400)
        .split('\n')
        .filter((line) => line.includes('harper-bigquery-sync loaded on worker 0'));
    // Readiness can be answered by either worker, before worker 0 has logged.
    await waitFor('worker 0 to load the plugin', async () => (loadedLines().length > 0 ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const loaded = loadedLines();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toContain('config keys: marker');
  });
});
