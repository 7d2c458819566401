import { describe, expect, it } from 'vitest';
import type { BatchCommit } from '../../../streams/sink/batch-sink.js';
import { HarperSink, type HarperRuntime, type HarperTable } from '../../../streams/sink/harper-sink.js';

/** An in-memory stand-in: each transaction's puts apply when its callback resolves, none when it throws. */
function memoryRuntime(log: string[]) {
  const stores = new Map<string, Map<string, Record<string, unknown>>>();
  const table = (name: string): HarperTable => {
    const rows = stores.get(name) ?? new Map<string, Record<string, unknown>>();
    stores.set(name, rows);
    return {
      get: (id) => rows.get(id),
      put: (record, txn) => {
        log.push(`put ${name} ${String(record.id)}`);
        (txn as { id: string; record: Record<string, unknown>; rows: typeof rows }[]).push({
          id: String(record.id),
          record,
          rows,
        });
      },
      delete: (id) => rows.delete(id),
    };
  };
  const runtime: HarperRuntime = {
    databases: { data: { VesselPositions: table('VesselPositions'), SyncCheckpoint: table('SyncCheckpoint') } },
    async transaction(callback) {
      const writes: { id: string; record: Record<string, unknown>; rows: Map<string, Record<string, unknown>> }[] = [];
      const result = await callback(writes);
      for (const w of writes) w.rows.set(w.id, w.record);
      return result;
    },
  };
  return { runtime, stores };
}

const batch: BatchCommit = {
  tableId: 't',
  unit: '0of2',
  targetTable: 'VesselPositions',
  records: [{ id: 'r1' }, { id: 'r2' }],
  skipped: [],
  checkpoint: {
    tableId: 't',
    unit: '0of2',
    cursor: { timestampMicros: 5n, key: ['r2'] },
    rowsIngested: 2,
    phase: 'initial',
    batchSize: 2,
    lastSyncTime: new Date(0),
  },
};

describe('HarperSink commit hooks', () => {
  it('runs beforeCommit once before the rows and verifyBeforeWrite once after them', async () => {
    const log: string[] = [];
    const { runtime } = memoryRuntime(log);
    const sink = new HarperSink(
      runtime,
      'data',
      async () => {
        log.push('beforeCommit');
        return { committedBy: 'a', fenceToken: 3 };
      },
      async () => log.push('verifyBeforeWrite'),
    );
    await sink.commit(batch);
    expect(log).toEqual([
      'beforeCommit',
      'put VesselPositions r1',
      'put VesselPositions r2',
      'verifyBeforeWrite',
      'put SyncCheckpoint t_0of2',
    ]);
    expect(await sink.readCheckpoint('t', '0of2')).toMatchObject({ cursor: { timestampMicros: 5n } });
  });

  it('a verifyBeforeWrite that throws aborts the batch: neither rows nor checkpoint land', async () => {
    const { runtime, stores } = memoryRuntime([]);
    const sink = new HarperSink(
      runtime,
      'data',
      async () => undefined,
      async () => {
        throw new Error('commit refused (the lease moved)');
      },
    );
    await expect(sink.commit(batch)).rejects.toThrow(/commit refused/);
    expect(stores.get('VesselPositions')?.size ?? 0).toBe(0);
    expect(await sink.readCheckpoint('t', '0of2')).toBeUndefined();
  });
});
