import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { harperCount, harperRows, tableStatus, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

/**
 * Validation against a real Harper and the local BigQuery: damage Harper behind the sync's
 * back, validate through the control endpoint, and check what was found and repaired.
 */
const bq = useLocalBigQuery();
const DATASET = 'validation';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const dir = mkdtempSync(join(tmpdir(), 'validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const targetType = (name: string) =>
  `type ${name} @table @export {\n  id: ID @primaryKey\n  timestamp: Date @indexed\n  mmsi: Long\n  vessel_name: String\n  latitude: Float\n  speed_knots: Float\n  moored: Boolean\n}\n`;
writeFileSync(join(dir, 'schema.graphql'), ['KeepExtra', 'DeleteExtra', 'BigTable'].map(targetType).join('\n'));

const SCHEMA = [
  { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'vessel_name', type: 'STRING' },
  { name: 'latitude', type: 'FLOAT64' },
  { name: 'speed_knots', type: 'FLOAT64' },
  { name: 'moored', type: 'BOOL' },
];

/** Rows spread over time (stepMs apart) so day partitions and bisection have work to do. */
function rows(count: number, stepMs: number) {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(T0 + i * stepMs).toISOString().replace('Z', '123Z'),
    mmsi: 200_000_000 + i,
    vessel_name: i % 7 === 0 ? null : `VESSEL | ${i} \\ "x"`,
    latitude: -60 + ((i * 0.1234567) % 120),
    speed_knots: (i % 250) / 10,
    moored: i % 3 === 0,
  }));
}

/** The Harper id of a row: mmsi, then the timestamp with its 6 fraction digits (as the sync writes it). */
const idOf = (r: { mmsi: number; timestamp: string }) => `${r.mmsi}|${r.timestamp}`;

async function loadTable(name: string, data: Record<string, unknown>[]) {
  const dataset = bq.client.dataset(DATASET);
  const [exists] = await dataset.exists();
  if (!exists) await bq.client.createDataset(DATASET);
  await dataset.createTable(name, {
    schema: { fields: SCHEMA },
    timePartitioning: { type: 'DAY', field: 'timestamp' },
  });
  const file = join(dir, `${name}.ndjson`);
  writeFileSync(file, data.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await dataset.table(name).load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON' });
}

const SMALL = rows(6000, 30_000);
const BIG = rows(100_000, 1_000);

function table(id: string, source: string, target: string, validation: Record<string, unknown>) {
  return {
    id,
    dataset: DATASET,
    table: source,
    timestampColumn: 'timestamp',
    primaryKey: ['mmsi', 'timestamp'],
    targetTable: target,
    validation: { interval: 0, ...validation },
  };
}

const ctx = useHarper(async () => {
  await loadTable('positions', SMALL);
  await loadTable('big', BIG);
  return {
    app: {
      links: { 'validate-test/schema.graphql': join(dir, 'schema.graphql') },
      config: { graphqlSchema: { files: 'validate-test/schema.graphql' } },
    },
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          table('keep', 'positions', 'KeepExtra', { maxKeyRows: 200, minWindow: '1m' }),
          table('delete', 'positions', 'DeleteExtra', { deleteExtra: true }),
          table('big', 'big', 'BigTable', {}),
        ],
      },
      sync: {
        pollInterval: '300ms',
        settleDelay: '0s',
        steadyThreshold: '1s',
        catchupThreshold: '2s',
        initialBatchSize: 5000,
      },
    },
  };
});

interface CommandState {
  state: string;
  message: string;
  result?: Record<string, unknown>;
}

async function validate(tableId: string, body: Record<string, unknown> = {}): Promise<CommandState> {
  const response = await ctx.harper.rest('/SyncControl/', {
    method: 'POST',
    body: JSON.stringify({ tableId, action: 'validate', ...body }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { id } = (await response.json()) as { id: string };
  return waitFor(
    `validation ${id}`,
    async () => {
      const r = (await (await ctx.harper.rest(`/SyncControl/${id}`)).json()) as CommandState;
      return r.state === 'pending' || r.state === 'running' ? undefined : r;
    },
    120_000,
  );
}

interface AuditFinding {
  missing: number;
  extra: number;
  changed: number;
  sample: { missing: string[]; extra: string[]; changed: string[] };
  repaired: boolean;
}

/** The newest validation audit record of a table. */
async function lastAudit(tableId: string) {
  const records = await ctx.harper.operation<{ event: string; at: number; details: Record<string, unknown> }[]>({
    operation: 'search_by_value',
    database: 'bigquery_sync',
    table: 'SyncAudit',
    search_attribute: 'tableId',
    search_value: tableId,
    get_attributes: ['*'],
  });
  const runs = records.filter((r) => r.event === 'validation').sort((a, b) => Number(a.at) - Number(b.at));
  return runs[runs.length - 1]!.details as { findings: AuditFinding[]; [k: string]: unknown };
}

function keysOf(findings: AuditFinding[], kind: 'missing' | 'extra' | 'changed'): string[] {
  return findings.flatMap((f) => f.sample[kind]).sort();
}

/** Deletes 37 rows, inserts 5 BigQuery does not have and changes one value, behind the sync's back. */
async function damage(target: string) {
  const deleted = Array.from({ length: 37 }, (_, i) => idOf(SMALL[17 + i * 151]!));
  await ctx.harper.operation({ operation: 'delete', database: 'data', table: target, hash_values: deleted });
  const inserted = Array.from({ length: 5 }, (_, i) => ({
    id: `${900_000_000 + i}|${new Date(T0 + i * 3_600_000).toISOString()}`,
    timestamp: T0 + i * 3_600_000 + 7,
    mmsi: 900_000_000 + i,
    vessel_name: 'NOT IN BIGQUERY',
  }));
  await ctx.harper.operation({ operation: 'upsert', database: 'data', table: target, records: inserted });
  const changed = idOf(SMALL[4242]!);
  await ctx.harper.operation({
    operation: 'update',
    database: 'data',
    table: target,
    records: [{ id: changed, speed_knots: 99.5 }],
  });
  return { deleted: [...deleted].sort(), inserted: inserted.map((r) => r.id).sort(), changed };
}

describe('validation and repair against a real Harper and the local BigQuery', () => {
  it('reports a table still being synced as clean: rows above the cursor are never compared', async () => {
    // Validate as soon as the big table has a checkpoint, while its backfill is writing.
    await waitFor('a first checkpoint of the big table', async () =>
      (await tableStatus(ctx.harper, 'big'))?.cursor ? true : undefined,
    );
    const during = await validate('big');
    if (!during.result?.clean) console.log(JSON.stringify(await lastAudit('big')).slice(0, 3000));
    expect(during.state, during.message).toBe('done');
    expect(during.result).toMatchObject({ clean: true, missing: 0, extra: 0, changed: 0 });
  }, 180_000);

  it('finds the exact deleted, inserted and changed keys, repairs them, and keeps extra rows unless told', async () => {
    await waitForSynced(ctx.harper, 'KeepExtra', 'keep', 6000);
    await waitForSynced(ctx.harper, 'DeleteExtra', 'delete', 6000);
    const keep = await damage('KeepExtra');
    const del = await damage('DeleteExtra');

    const first = await validate('keep');
    expect(first.state, first.message).toBe('done');
    expect(first.result).toMatchObject({ clean: false, missing: 37, extra: 5, changed: 1, repaired: 38 });
    const audit = await lastAudit('keep');
    expect(keysOf(audit.findings, 'missing')).toEqual(keep.deleted);
    expect(keysOf(audit.findings, 'extra')).toEqual(keep.inserted);
    expect(keysOf(audit.findings, 'changed')).toEqual([keep.changed]);
    // Bisection narrowed the damage to small windows (maxKeyRows 200), not whole days.
    expect(audit.findings.length).toBeGreaterThan(2);
    expect(await harperCount(ctx.harper, 'KeepExtra')).toBe(6005);
    const repaired = await harperRows(ctx.harper, 'KeepExtra');
    expect(repaired.get(keep.changed)).toMatchObject({ speed_knots: SMALL[4242]!.speed_knots });
    expect(repaired.get(keep.deleted[0]!)).toBeDefined();

    const second = await validate('keep');
    expect(second.result).toMatchObject({ missing: 0, changed: 0, extra: 5, repaired: 0 });

    const withDelete = await validate('delete');
    expect(withDelete.result).toMatchObject({ missing: 37, extra: 5, changed: 1, repaired: 43 });
    expect(keysOf((await lastAudit('delete')).findings, 'extra')).toEqual(del.inserted);
    expect(await harperCount(ctx.harper, 'DeleteExtra')).toBe(6000);
    const clean = await validate('delete');
    expect(clean.result).toMatchObject({ clean: true, missing: 0, extra: 0, changed: 0 });

    // The status record is published on an interval, so it shows the clean run a little later.
    const published = await waitFor('the published status to show the clean validation', async () => {
      const status = (await tableStatus(ctx.harper, 'delete')) as unknown as { lastValidation?: { clean?: boolean } };
      return status?.lastValidation?.clean ? status.lastValidation : undefined;
    });
    expect(published).toMatchObject({ clean: true, missing: 0, extra: 0, changed: 0 });
  }, 240_000);

  it('reports the 100k-row table clean once synced, in one grouped query, and validates a requested range', async () => {
    await waitForSynced(ctx.harper, 'BigTable', 'big', 100_000, 180_000);
    const all = await validate('big');
    expect(all.result).toMatchObject({ clean: true, mismatches: 0 });
    const audit = await lastAudit('big');
    // Everything below the cursor: the last row's millisecond is the cursor's own.
    expect(audit).toMatchObject({ sourceRows: 99_999, targetRows: 99_999, jobs: 1, windows: 2 });
    expect(Number(audit.bytesBilled)).toBeGreaterThan(0);

    const range = await validate('big', { from: '2026-01-01T06:00:00Z', to: '2026-01-01T07:00:00Z' });
    expect(range.result).toMatchObject({ clean: true });
    expect(await lastAudit('big')).toMatchObject({ sourceRows: 3600, targetRows: 3600 });
  }, 300_000);
});
