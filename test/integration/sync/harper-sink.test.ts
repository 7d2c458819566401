import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';
import { useHarper } from '../../support/harper.js';
import { harperRows } from '../../support/sync-harper.js';

// A resource of "another component" that drives the real HarperSink inside a Harper worker,
// so the transaction is Harper's own. Plain JS: Harper loads JS.
const dir = mkdtempSync(join(tmpdir(), 'harper-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sinkModule = pathToFileURL(join(packageRoot(), 'dist/streams/sink/harper-sink.js')).href;
writeFileSync(
  join(dir, 'probe.js'),
  `import { HarperSink } from ${JSON.stringify(sinkModule)};
export class SinkProbe extends Resource {
  static loadAsInstance = false;
  async post(target, body) {
    const b = await body;
    const sink = new HarperSink();
    const cursor = { timestampMicros: BigInt(b.cursorMicros), key: b.key };
    const checkpoint = {
      tableId: b.tableId, unit: 'all', cursor, phase: 'initial', batchSize: 10,
      lastSyncTime: new Date(0),
      // A BigInt beyond a Long: Harper refuses it only when the transaction commits.
      rowsIngested: b.breakCheckpoint ? 2n ** 70n : b.rowsIngested,
    };
    const skipped = (b.skipped ?? []).map((s) => ({ ...s, cursor }));
    try {
      await sink.commit({ tableId: b.tableId, unit: 'all', targetTable: 'VesselMetadata', records: b.records, skipped, checkpoint });
    } catch (error) {
      return { committed: false, error: String(error && error.message) };
    }
    const back = await sink.readCheckpoint(b.tableId, 'all');
    return { committed: true, checkpoint: back && { cursorMicros: String(back.cursor.timestampMicros), key: back.cursor.key, rowsIngested: back.rowsIngested } };
  }
}
`,
);

const ctx = useHarper({
  app: {
    links: { 'probe/resource.js': join(dir, 'probe.js') },
    config: { jsResource: { files: 'probe/resource.js' } },
  },
});

async function commit(body: Record<string, unknown>) {
  const response = await ctx.harper.rest('/SinkProbe/', { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    committed: boolean;
    error?: string;
    checkpoint?: { cursorMicros: string; key: string[]; rowsIngested: number };
  };
}

async function checkpointRecord(id: string) {
  const [c] = await ctx.harper.operation<Record<string, unknown>[]>({
    operation: 'search_by_id',
    database: 'data',
    table: 'SyncCheckpoint',
    ids: [id],
    get_attributes: ['*'],
  });
  return c;
}

async function skippedFor(tableId: string) {
  return ctx.harper.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SkippedRecord',
    search_attribute: 'tableId',
    search_value: tableId,
    get_attributes: ['*'],
  });
}

describe('HarperSink in a real Harper', () => {
  it('commits rows, skipped rows and the checkpoint together, and reads the checkpoint back exactly', async () => {
    const out = await commit({
      tableId: 'sink_ok',
      cursorMicros: '1767225600000001',
      key: ['7', 'a|b'],
      rowsIngested: 3,
      records: [
        { id: '910000001', mmsi: 910000001, vessel_name: 'ONE' },
        { id: '910000002', mmsi: 910000002, vessel_name: 'TWO' },
      ],
      skipped: [{ id: 'sink_ok|bad', reason: 'marked bad', rawRow: { mmsi: 'x' } }],
    });
    expect(out).toEqual({
      committed: true,
      checkpoint: { cursorMicros: '1767225600000001', key: ['7', 'a|b'], rowsIngested: 3 },
    });
    const rows = await harperRows(ctx.harper, 'VesselMetadata');
    expect(rows.get('910000001')).toMatchObject({ vessel_name: 'ONE' });
    expect(rows.get('910000002')).toMatchObject({ vessel_name: 'TWO' });
    const skipped = await skippedFor('sink_ok');
    expect(skipped.map((s) => s.id)).toEqual(['sink_ok|bad']);
    expect(await checkpointRecord('sink_ok_all')).toMatchObject({
      rowsIngested: 3,
      cursorTimestampMicros: '1767225600000001',
    });
  });

  it('a commit that fails leaves neither the rows, the skipped rows nor the checkpoint', async () => {
    const out = await commit({
      tableId: 'sink_fail',
      cursorMicros: '1767225600000002',
      key: ['8'],
      breakCheckpoint: true,
      records: [{ id: '920000001', mmsi: 920000001, vessel_name: 'NEVER' }],
      skipped: [{ id: 'sink_fail|bad', reason: 'marked bad', rawRow: {} }],
    });
    expect(out.committed).toBe(false);
    expect((await harperRows(ctx.harper, 'VesselMetadata')).has('920000001')).toBe(false);
    expect(await skippedFor('sink_fail')).toEqual([]);
    expect(await checkpointRecord('sink_fail_all')).toBeUndefined();
  });
});
