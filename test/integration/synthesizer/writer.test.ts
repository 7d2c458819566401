/** The writer and its operations against the local BigQuery server, through the official client. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createScenario,
  InsertRowsError,
  SchemaMismatchError,
  SCENARIO_PRESETS,
} from '../../../streams/synthesizer/index.js';
import {
  clear,
  initialize,
  LoadJobError,
  verify,
  writeRows,
  type SynthesizerTarget,
} from '../../../streams/synthesizer/writer/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { counts, freshTarget, tempParent } from './helpers.js';

const local = useLocalBigQuery();
const temp = tempParent();
afterAll(() => temp.remove());
const fastRetry = { minDelayMs: 5, maxDelayMs: 20 };

async function sameRows(a: SynthesizerTarget, b: SynthesizerTarget, table: string): Promise<number> {
  const diff = (x: SynthesizerTarget, y: SynthesizerTarget) =>
    `SELECT * FROM \`${x.datasetId}.${table}\` EXCEPT DISTINCT SELECT * FROM \`${y.datasetId}.${table}\``;
  const [rows] = await local.client.query({
    query: `SELECT (SELECT COUNT(*) FROM (${diff(a, b)})) AS a_only, (SELECT COUNT(*) FROM (${diff(b, a)})) AS b_only`,
  });
  const r = rows[0] as { a_only: number; b_only: number };
  return r.a_only + r.b_only;
}

describe('initialize', () => {
  for (const name of ['small', 'realistic'] as const) {
    it(`${name}: writes exactly the promised counts with load jobs and verify passes`, async () => {
      const target = freshTarget(local.client, name);
      const result = await initialize(target, { scenario: name, seed: 3, tempDir: temp.dir });
      const want = SCENARIO_PRESETS[name].counts;
      expect(result.createdTables).toHaveLength(3);
      expect(await counts(target)).toEqual({
        vessel_positions: want.positions,
        port_events: want.events,
        vessel_metadata: want.metadata,
      });
      const report = await verify(target, { expected: want });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.checks.map((c) => c.name)).toContain('every ARRIVAL has a position within 6 km and 300 s');
      expect(temp.entries()).toEqual([]);
    });
  }

  it('creates tables with partitioning and clustering, and empties them on a second run', async () => {
    const target = freshTarget(local.client, 'rerun');
    await initialize(target, { scenario: 'small', tempDir: temp.dir });
    await initialize(target, { scenario: 'small', tempDir: temp.dir });
    expect(await counts(target)).toEqual({ vessel_positions: 100, port_events: 10, vessel_metadata: 20 });
    await initialize(target, { scenario: 'small', append: true, tempDir: temp.dir });
    expect((await counts(target)).vessel_positions).toBe(200);
    const [meta] = await local.client.dataset(target.datasetId).table('port_events').getMetadata();
    expect(meta.timePartitioning).toEqual({ type: 'DAY', field: 'event_time' });
    expect(meta.clustering).toEqual({ fields: ['vessel_mmsi'] });
  });

  it('streaming inserts and load jobs store the same rows for the same seed', async () => {
    const scenario = { preset: 'realistic' as const, counts: { positions: 3000, events: 150, metadata: 60 } };
    const viaLoad = freshTarget(local.client, 'load');
    const viaStream = freshTarget(local.client, 'stream');
    await initialize(viaLoad, { scenario, seed: 11, loadChunkRows: 1000, tempDir: temp.dir });
    await initialize(viaStream, { scenario, seed: 11, useStreamingInsert: true });
    expect(await counts(viaStream)).toEqual(await counts(viaLoad));
    for (const table of ['vessel_positions', 'port_events', 'vessel_metadata']) {
      expect(await sameRows(viaLoad, viaStream, table)).toBe(0);
    }
  });

  it('--tables subset writes only those tables, from the same scenario', async () => {
    const target = freshTarget(local.client, 'subset');
    await initialize(target, { scenario: 'small', tables: ['port_events'], tempDir: temp.dir });
    expect(await counts(target)).toEqual({ vessel_positions: 'missing', port_events: 10, vessel_metadata: 'missing' });
    const report = await verify(target, { tables: ['port_events'], expected: { events: 10 } });
    expect(report.ok).toBe(true);
  });

  it('refuses an existing table whose schema differs, naming the differences', async () => {
    const target = freshTarget(local.client, 'mismatch');
    await local.client.createDataset(target.datasetId);
    await local.client.dataset(target.datasetId).createTable('vessel_positions', {
      schema: {
        fields: [
          { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
          { name: 'mmsi', type: 'STRING' },
        ],
      },
    });
    const error = await initialize(target, { scenario: 'small' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as Error).message).toMatch(
      /vessel_positions.*column mmsi is STRING, expected INT64.*missing column latitude/,
    );
  });
});

describe('clear', () => {
  it('truncates a subset, truncates all, then drops', async () => {
    const target = freshTarget(local.client, 'clear');
    await initialize(target, { scenario: 'small', tempDir: temp.dir });
    expect(await clear(target, { tables: ['vessel_positions'] })).toEqual([
      { table: 'vessel_positions', action: 'truncated' },
    ]);
    expect(await counts(target)).toEqual({ vessel_positions: 0, port_events: 10, vessel_metadata: 20 });
    await clear(target);
    expect(await counts(target)).toEqual({ vessel_positions: 0, port_events: 0, vessel_metadata: 0 });
    expect((await clear(target, { mode: 'drop', tables: ['port_events'] }))[0]?.action).toBe('dropped');
    expect((await counts(target)).port_events).toBe('missing');
    expect((await clear(target, { tables: ['port_events'] }))[0]?.action).toBe('missing');
  });
});

describe('verify', () => {
  it('fails on wrong counts and on an event whose vessel has no metadata', async () => {
    const target = freshTarget(local.client, 'verify');
    await initialize(target, { scenario: 'small', tempDir: temp.dir });
    await local.client.query({
      query: `INSERT INTO \`${target.datasetId}.port_events\` (event_time, port_id, vessel_mmsi, event_type)
              VALUES (TIMESTAMP '2026-01-01 00:30:00', 'NLRTM', 123456789, 'ARRIVAL')`,
    });
    const report = await verify(target, { expected: SCENARIO_PRESETS.small.counts });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual([
      'port_events row count',
      'every port_events vessel is in vessel_metadata',
      'every ARRIVAL has a position within 6 km and 300 s',
    ]);
    expect(report.checks.find((c) => c.name.startsWith('every ARRIVAL'))?.detail).toMatch(
      /1 of \d+ arrivals.*123456789 at NLRTM/,
    );
  });
});

describe('faults', () => {
  // A test that fails before its own clear() must not leave its faults to the next test.
  afterEach(() => local.server.faults.clear());

  it('retries failed uploads and removes temp files; a lost reply does not load twice', async () => {
    const target = freshTarget(local.client, 'retry_load');
    local.server.faults.failNext('jobs.insert', 2, 503);
    // The 4th upload runs its job but the reply is lost: the retry must adopt that job, not load again.
    local.server.faults.add({ route: 'jobs.insert', kind: 'reset', when: 'after', skip: 3 });
    await initialize(target, { scenario: 'small', loadChunkRows: 30, retry: fastRetry, tempDir: temp.dir });
    const fired = local.server.faults.list().map((r) => r.fired);
    local.server.faults.clear();
    expect(fired).toEqual([2, 1]);
    expect(await counts(target)).toEqual({ vessel_positions: 100, port_events: 10, vessel_metadata: 20 });
    expect(temp.entries()).toEqual([]);
  });

  it('streaming retries reuse insertIds, so a lost reply does not insert twice', async () => {
    const target = freshTarget(local.client, 'retry_stream');
    // The client retries 5xx itself (with ~1 s backoff); dropped replies are this writer's to retry.
    local.server.faults.resetNext('tabledata.insertAll', 2, 'after');
    await initialize(target, { scenario: 'small', useStreamingInsert: true, insertChunkRows: 25, retry: fastRetry });
    const fired = local.server.faults.list().map((r) => r.fired);
    local.server.faults.clear();
    expect(fired).toEqual([2]);
    expect(await counts(target)).toEqual({ vessel_positions: 100, port_events: 10, vessel_metadata: 20 });
  });

  it('a table that fails stops the others and leaves no temp files', async () => {
    const target = freshTarget(local.client, 'fail_all');
    local.server.faults.add({ route: 'jobs.insert', status: 400, reason: 'invalid', message: 'refused', skip: 2 });
    const error = await initialize(target, { scenario: 'realistic', loadChunkRows: 200, tempDir: temp.dir }).catch(
      (e: unknown) => e,
    );
    local.server.faults.clear();
    expect((error as Error).message).toContain('refused');
    expect(temp.entries()).toEqual([]);
    const stored = await counts(target);
    expect(stored.vessel_positions).toBeLessThan(2000);
  });

  it('a failing load removes its temp files and names the table', async () => {
    const target = freshTarget(local.client, 'fail_load');
    await initialize(target, { scenario: 'small', tables: ['vessel_positions'], tempDir: temp.dir });
    const rows = [...createScenario('small').rows.vesselPositions()].slice(0, 5);
    const bad = [...rows, { ...rows[0], mmsi: 'not a number' }] as typeof rows;
    const error = await writeRows(target, 'vessel_positions', bad, { tempDir: temp.dir, retry: fastRetry }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadJobError);
    expect((error as Error).message).toMatch(/into vessel_positions failed/);
    expect(temp.entries()).toEqual([]);
    expect((await counts(target)).vessel_positions).toBe(100);
  });

  it('streaming surfaces rejected rows with their reasons', async () => {
    const target = freshTarget(local.client, 'bad_rows');
    await initialize(target, { scenario: 'small', tables: ['vessel_positions'] });
    const rows = [...createScenario('small').rows.vesselPositions()].slice(0, 3);
    const bad = [rows[0], { ...rows[1], latitude: null }, rows[2]] as typeof rows;
    const error = await writeRows(target, 'vessel_positions', bad, { useStreamingInsert: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InsertRowsError);
    const rejected = (error as InsertRowsError).rejected;
    const invalid = rejected.find((r) => r.reasons.some((x) => x.reason === 'invalid'));
    expect(invalid?.index).toBe(1);
    expect(invalid?.row).toMatchObject({ latitude: null, mmsi: rows[1]?.mmsi });
    expect((error as Error).message).toMatch(/rejected \d of 3 rows; row 1 .*invalid/);
  });
});
