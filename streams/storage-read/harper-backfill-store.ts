import type { BackfillSession, BackfillState, BackfillStore, StreamCommit, StreamState } from './backfill-store.js';
import { StaleSessionError, initialStreams } from './backfill-store.js';
import type { Checkpoint } from '../model/index.js';
import { checkpointRecord } from '../sink/harper-checkpoint-store.js';
import { harperGlobals, toPlainJson, type HarperRuntime, type HarperTable } from '../sink/harper-sink.js';
import { requireTable } from '../sink/harper-tables.js';
import { keyExists } from '../sink/key-exists.js';
import { recordProblem } from '../sink/record-validator.js';

/**
 * Storage Read backfill state in Harper (`SyncReadSession`, `SyncReadStream`), in the targets'
 * database like `SyncCheckpoint`, so a stream's offset commits with its rows (Harper commits
 * each database of a transaction separately).
 */
export class HarperBackfillStore implements BackfillStore {
  constructor(
    private readonly runtime: HarperRuntime = harperGlobals(),
    private readonly targetDatabase = 'data',
  ) {}

  async readBackfill(tableId: string, unit: string): Promise<BackfillState | undefined> {
    const id = `${tableId}_${unit}`;
    const record = await this.table('SyncReadSession').get(id);
    if (!record) return undefined;
    const session = sessionOf(tableId, unit, record);
    const streams: StreamState[] = [];
    for (let index = 0; index < session.streams.length; index++) {
      const s = await this.table('SyncReadStream').get(`${id}#${index}`);
      if (!s || s.sessionName !== session.sessionName) streams.push(initialStreams(index + 1)[index]!);
      else streams.push({ index, offset: Number(s.offset), done: s.done === true, newKeys: Number(s.newKeys ?? 0) });
    }
    return { session, streams };
  }

  async startBackfill(session: BackfillSession): Promise<void> {
    const id = `${session.tableId}_${session.unit}`;
    const sessions = this.table('SyncReadSession');
    const streams = this.table('SyncReadStream');
    await this.runtime.transaction(async (txn) => {
      const previous = await sessions.get(id, txn);
      const previousCount = previous ? (JSON.parse(String(previous.streams)) as unknown[]).length : 0;
      for (let index = session.streams.length; index < previousCount; index++) streams.delete(`${id}#${index}`, txn);
      sessions.put(sessionRecord(session), txn);
      for (const s of initialStreams(session.streams.length)) {
        streams.put(streamRecord(id, session.sessionName, s), txn);
      }
    });
  }

  async commitStream(c: StreamCommit): Promise<{ newKeys: number }> {
    const id = `${c.tableId}_${c.unit}`;
    const target = requireTable<HarperTable>(
      this.runtime.databases,
      this.targetDatabase,
      c.targetTable,
      `define the targetTable in your schema (type ${c.targetTable} @table @export { id: ID @primaryKey })`,
    );
    const sessions = this.table('SyncReadSession');
    const streams = this.table('SyncReadStream');
    return await this.runtime.transaction(async (txn) => {
      const current = await sessions.get(id, txn);
      if (!current || current.sessionName !== c.sessionName) throw new StaleSessionError(c.sessionName);
      const attributes = target.attributes ?? [];
      const rejected: { id: string; reason: string; rawRow: unknown }[] = [];
      let newKeys = 0;
      for (const record of c.records) {
        const problem = recordProblem(record, attributes);
        if (problem) {
          rejected.push({
            id: `${c.tableId}|${record.id}`,
            reason: `Harper would reject the record: ${problem}`,
            rawRow: record,
          });
          continue;
        }
        // Streams are disjoint, so a key seen in this batch is not seen again in it.
        const exists = keyExists(target, record.id, txn);
        if (!(typeof exists === 'boolean' ? exists : await exists)) newKeys++;
        target.put(record, txn);
      }
      const skippedRows = [
        ...c.skipped.map((row) => ({
          id: row.id,
          reason: row.reason,
          rawRow: row.rawRow,
          cursorTimestampMicros: row.cursor.timestampMicros.toString(),
        })),
        ...rejected,
      ];
      if (skippedRows.length > 0) {
        const skipped = this.table('SkippedRecord');
        for (const row of skippedRows)
          skipped.put({ ...row, tableId: c.tableId, rawRow: toPlainJson(row.rawRow) }, txn);
      }
      streams.put(streamRecord(id, c.sessionName, { ...c.state, newKeys: c.state.newKeys + newKeys }), txn);
      return { newKeys };
    });
  }

  async finishBackfill(checkpoint: Checkpoint): Promise<void> {
    const id = `${checkpoint.tableId}_${checkpoint.unit}`;
    const sessions = this.table('SyncReadSession');
    const streams = this.table('SyncReadStream');
    const checkpoints = this.table('SyncCheckpoint');
    await this.runtime.transaction(async (txn) => {
      const previous = await sessions.get(id, txn);
      const count = previous ? (JSON.parse(String(previous.streams)) as unknown[]).length : 0;
      checkpoints.put(
        checkpointRecord(checkpoint, typeof checkpoint.distinctKeys === 'number' ? checkpoint.distinctKeys : null),
        txn,
      );
      for (let index = 0; index < count; index++) streams.delete(`${id}#${index}`, txn);
      sessions.delete(id, txn);
    });
  }

  async resetBackfill(tableId: string, unit: string): Promise<void> {
    const sessions = this.runtime.databases[this.targetDatabase]?.['SyncReadSession'];
    if (sessions) await sessions.delete(`${tableId}_${unit}`);
  }

  private table(name: string): HarperTable {
    return requireTable(this.runtime.databases, this.targetDatabase, name, "is this component's schema loaded?");
  }
}

function sessionRecord(s: BackfillSession): Record<string, unknown> {
  return {
    id: `${s.tableId}_${s.unit}`,
    tableId: s.tableId,
    unit: s.unit,
    sessionName: s.sessionName,
    streams: JSON.stringify(s.streams),
    snapshotMicros: s.snapshotMicros.toString(),
    boundMicros: s.boundMicros.toString(),
    arrowSchema: Buffer.from(s.arrowSchema).toString('base64'),
    ...(s.expireAtMs !== undefined ? { expireAt: new Date(s.expireAtMs) } : {}),
    attempt: s.attempt,
    rowsEarlier: s.rowsEarlier,
    newKeysEarlier: s.newKeysEarlier,
  };
}

function sessionOf(tableId: string, unit: string, r: Record<string, unknown>): BackfillSession {
  const expire = r.expireAt === undefined || r.expireAt === null ? undefined : new Date(r.expireAt as string).getTime();
  return {
    tableId,
    unit,
    sessionName: String(r.sessionName),
    streams: JSON.parse(String(r.streams)) as string[],
    snapshotMicros: BigInt(String(r.snapshotMicros)),
    boundMicros: BigInt(String(r.boundMicros)),
    arrowSchema: Buffer.from(String(r.arrowSchema ?? ''), 'base64'),
    ...(expire !== undefined ? { expireAtMs: expire } : {}),
    attempt: Number(r.attempt ?? 1),
    rowsEarlier: Number(r.rowsEarlier ?? 0),
    newKeysEarlier: Number(r.newKeysEarlier ?? 0),
  };
}

function streamRecord(sessionId: string, sessionName: string, s: StreamState): Record<string, unknown> {
  return {
    id: `${sessionId}#${s.index}`,
    sessionName,
    offset: s.offset,
    done: s.done,
    newKeys: s.newKeys,
  };
}
