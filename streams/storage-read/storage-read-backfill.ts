import { Observable } from 'rxjs';
import type { ValueOptions } from '../convert/bigquery-values.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { Progress } from '../operators/track-progress.js';
import type { KeyColumn } from '../query/key-spec.js';
import { RateWindow } from '../stats/rate-window.js';
import { NO_STATS, addPage, addStats, emptyTotals, type SyncTotals } from '../stats/sync-totals.js';
import type { PageStats } from '../source/page-source.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { inThreadStreamReader, type ConvertedChunk, type StreamReader } from './stream-reader.js';
import {
  initialStreams,
  type BackfillSession,
  type BackfillState,
  type BackfillStore,
  type StreamState,
} from './backfill-store.js';
import type { OpenedSession, StorageReadApi } from './read-api.js';
import { boundRestriction, cursorAfterBackfill, decodeArrowSchema } from './session-plan.js';
import { arrowSchemaProblem, storageReadProblem } from './support.js';

export interface StorageReadBackfillOptions {
  tableId: string;
  unit: string;
  targetTable: string;
  api: StorageReadApi;
  store: BackfillStore;
  /** Project the read session is created (and billed) in. */
  billingProjectId: string;
  table: { projectId: string; dataset: string; table: string };
  timestampColumn: string;
  columns: readonly string[] | '*';
  /** The source table's schema (tables.get). */
  fields: readonly SchemaField[];
  keyColumns: readonly KeyColumn[];
  valueOptions: ValueOptions;
  maxStreams: number;
  /** Rows newer than snapshot - settleDelay are left to the keyset reads that follow. */
  settleDelayMs: number;
  /** BigQuery's current time (µs) and what asking it cost: the snapshot is taken from BigQuery's clock. */
  clock(): Promise<{ micros: bigint; stats: PageStats }>;
  /** Rows per Harper transaction (ReadRows responses are gathered up to this). */
  commitRows: number;
  /** The backfill stops after the commit in flight when this emits. */
  stop?: Observable<unknown>;
  now?: () => number;
  /** Notes worth a log line (fallback reasons, reopened sessions). */
  log?: (message: string) => void;
  /**
   * Reads, decodes and converts a stream's rows; default on this thread through `api`
   * (`sync.decodeIn: worker` passes one that does it in a reader thread).
   */
  reader?: StreamReader;
}

/** How a backfill run ended. */
export type BackfillOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped' }
  /** Nothing was written: the table must be copied by the query path. */
  | { kind: 'unsupported'; reason: string };

export type BackfillEvent = { kind: 'progress'; progress: Progress } | { kind: 'end'; outcome: BackfillOutcome };

/**
 * A table's first copy through the Storage Read API: one session at a snapshot taken from
 * BigQuery's clock, restricted to rows older than snapshot - settleDelay; its streams are
 * read in parallel, each batch committed with the stream's offset in one Harper transaction;
 * when every stream is done, the table's keyset checkpoint is written just below the bound
 * (in the same transaction that drops the backfill state). A restart resumes every stream
 * from its committed offset. An expired session is reopened at the same snapshot (its
 * streams are new, so they are read from the start; upserts make the re-read safe) or, when
 * the snapshot can no longer be read, at a new one.
 *
 * Memory: each stream holds at most `commitRows` rows plus what gRPC buffers; the next
 * response is pulled only after the previous commit (for-await), so the service waits for
 * Harper.
 */
export function storageReadBackfill(o: StorageReadBackfillOptions): Observable<BackfillEvent> {
  return new Observable<BackfillEvent>((subscriber) => {
    const run = new BackfillRun(o, (progress) => subscriber.next({ kind: 'progress', progress }));
    const stopSubscription = o.stop?.subscribe(() => run.requestStop());
    run.execute().then(
      (outcome) => {
        subscriber.next({ kind: 'end', outcome });
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      stopSubscription?.unsubscribe();
      run.requestStop();
    };
  });
}

/** gRPC status codes the backfill tells apart. */
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;

/** The stream's session is gone: expired (FAILED_PRECONDITION "expired") or forgotten (NOT_FOUND). */
export function isSessionGone(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code === NOT_FOUND) return true;
  return e?.code === FAILED_PRECONDITION && /expired/i.test(String(e.message ?? ''));
}

/** Stream commits in flight at once (see BackfillRun.commits). */
export const COMMITS_IN_FLIGHT = 4;

class BackfillRun {
  private stopped = false;
  private readonly now: () => number;
  private totals: SyncTotals;
  private rate: RateWindow;
  private rowsCommitted = 0;
  private skippedCommitted = 0;
  /** Cost not yet handed on in a progress event (the clock query, sessions opened). */
  private unreported: PageStats = NO_STATS;

  private readonly reader: StreamReader;
  /**
   * The streams' commits, at most COMMITS_IN_FLIGHT at a time. Measured at 1M positions with
   * Harper's prefetch on writes off: four side by side 11,072 rows/s (0.96 of raw writes),
   * two 9,616 (0.85), one at a time 7,858 (0.57: Harper's thread waits for each write). Side by
   * side grows the database file (data.mdb 1,283 / 1,047 / 969 MiB against 941 MiB for raw
   * writes) and Harper's heap (peak anonymous memory 899 / 752 / 675 MiB): the cap keeps a
   * session with many streams from growing them further.
   */
  private readonly commits = new ConcurrencyLimit(COMMITS_IN_FLIGHT);

  constructor(
    private readonly o: StorageReadBackfillOptions,
    private readonly emit: (p: Progress) => void,
  ) {
    this.now = o.now ?? Date.now;
    this.reader =
      o.reader ??
      inThreadStreamReader(
        o.api,
        {
          tableId: o.tableId,
          fields: o.fields,
          keyColumns: o.keyColumns,
          timestampColumn: o.timestampColumn,
          ...o.valueOptions,
        },
        o.commitRows,
      );
    this.totals = emptyTotals(this.now());
    this.rate = new RateWindow(this.now());
  }

  requestStop(): void {
    this.stopped = true;
  }

  async execute(): Promise<BackfillOutcome> {
    const o = this.o;
    let state = await o.store.readBackfill(o.tableId, o.unit);
    if (!state) {
      const problem = storageReadProblem(this.selectedFields(), { kind: 'columns', columns: [...o.keyColumns] });
      if (problem) return { kind: 'unsupported', reason: problem };
      const { micros } = await this.askClock();
      const bound = micros - BigInt(Math.floor(o.settleDelayMs)) * 1000n;
      let opened: OpenedSession;
      try {
        opened = await this.openSession(micros, bound);
      } catch (error) {
        // Not allowed to create read sessions (a missing role), or a table the service
        // cannot serve: the query path can still copy the table.
        const code = (error as { code?: unknown }).code;
        if (code !== PERMISSION_DENIED && code !== UNIMPLEMENTED) throw error;
        return { kind: 'unsupported', reason: `CreateReadSession refused: ${(error as Error).message}` };
      }
      const schemaProblem = this.checkSchema(opened);
      if (schemaProblem) return { kind: 'unsupported', reason: schemaProblem };
      state = await this.begin(opened, micros, bound, { attempt: 1, rowsEarlier: 0, newKeysEarlier: 0 });
    }
    this.distinctKeys = state.session.newKeysEarlier + state.streams.reduce((n, x) => n + x.newKeys, 0);
    for (;;) {
      if (this.stopped) return { kind: 'stopped' };
      const expireAt = state.session.expireAtMs;
      if (expireAt !== undefined && this.now() >= expireAt) {
        state = await this.reopen(state);
        continue;
      }
      try {
        state = await this.readStreams(state);
      } catch (error) {
        if (!isSessionGone(error)) throw error;
        o.log?.(`Storage Read session ${state.session.sessionName} is gone (${(error as Error).message}); reopening`);
        state = await this.reopen(await this.reread(state));
        continue;
      }
      if (this.stopped || state.streams.some((s) => !s.done)) return { kind: 'stopped' };
      await this.finish(state);
      return { kind: 'finished' };
    }
  }

  private selectedFields(): SchemaField[] {
    const columns = this.o.columns;
    if (columns === '*') return [...this.o.fields];
    const wanted = new Set(columns.map((c) => c.toLowerCase()));
    return this.o.fields.filter((f) => wanted.has(f.name.toLowerCase()));
  }

  private async askClock(): Promise<{ micros: bigint }> {
    const { micros, stats } = await this.o.clock();
    this.count(stats);
    return { micros };
  }

  private openSession(snapshotMicros: bigint, boundMicros: bigint): Promise<OpenedSession> {
    const o = this.o;
    return o.api.createSession({
      billingProjectId: o.billingProjectId,
      table: o.table,
      ...(o.columns === '*' ? {} : { selectedFields: o.columns }),
      rowRestriction: boundRestriction(o.timestampColumn, boundMicros),
      snapshotMicros,
      maxStreams: o.maxStreams,
    });
  }

  private checkSchema(opened: OpenedSession): string | undefined {
    if (opened.streams.length === 0) return undefined;
    return arrowSchemaProblem(this.o.fields, decodeArrowSchema(opened.arrowSchema));
  }

  private async begin(
    opened: OpenedSession,
    snapshotMicros: bigint,
    boundMicros: bigint,
    carried: Pick<BackfillSession, 'attempt' | 'rowsEarlier' | 'newKeysEarlier'>,
  ): Promise<BackfillState> {
    const session: BackfillSession = {
      tableId: this.o.tableId,
      unit: this.o.unit,
      sessionName: opened.name,
      streams: opened.streams,
      snapshotMicros,
      boundMicros,
      arrowSchema: opened.arrowSchema,
      ...(opened.expireAtMs !== undefined ? { expireAtMs: opened.expireAtMs } : {}),
      ...carried,
    };
    await this.o.store.startBackfill(session);
    this.count({
      ...NO_STATS,
      storageRead: { sessions: 1, streams: opened.streams.length, rowsRead: 0, bytesRead: 0 },
    });
    return { session, streams: initialStreams(opened.streams.length) };
  }

  /** Counts what the gone session wrote so the totals keep it when its streams restart. */
  private async reread(state: BackfillState): Promise<BackfillState> {
    // The committed state, not the in-memory one: commits may have landed after the failure.
    return (await this.o.store.readBackfill(this.o.tableId, this.o.unit)) ?? state;
  }

  /** A new session at the same snapshot and bound; at a new snapshot when that is refused. */
  private async reopen(state: BackfillState): Promise<BackfillState> {
    const s = state.session;
    const carried = {
      attempt: s.attempt + 1,
      rowsEarlier: s.rowsEarlier + state.streams.reduce((n, x) => n + x.offset, 0),
      newKeysEarlier: s.newKeysEarlier + state.streams.reduce((n, x) => n + x.newKeys, 0),
    };
    let snapshot = s.snapshotMicros;
    let bound = s.boundMicros;
    let opened: OpenedSession;
    try {
      opened = await this.openSession(snapshot, bound);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== INVALID_ARGUMENT && code !== FAILED_PRECONDITION) throw error;
      this.o.log?.(
        `Storage Read snapshot ${snapshot} cannot be read again (${(error as Error).message}); new snapshot`,
      );
      snapshot = (await this.askClock()).micros;
      bound = snapshot - BigInt(Math.floor(this.o.settleDelayMs)) * 1000n;
      opened = await this.openSession(snapshot, bound);
    }
    const problem = this.checkSchema(opened);
    if (problem) throw new Error(`Storage Read session reopened with an unreadable schema: ${problem}`);
    return await this.begin(opened, snapshot, bound, carried);
  }

  /** Reads every unfinished stream in parallel; the first failure stops the others. */
  private async readStreams(state: BackfillState): Promise<BackfillState> {
    const schemaBytes = state.session.arrowSchema;
    const abort = { aborted: false };
    const streams = [...state.streams];
    const results = await Promise.allSettled(
      streams
        .filter((s) => !s.done)
        .map((s) =>
          this.readStream(state.session, s, schemaBytes, abort, (next) => (streams[next.index] = next)).catch(
            (error: unknown) => {
              abort.aborted = true;
              throw error;
            },
          ),
        ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { session: state.session, streams };
  }

  private async readStream(
    session: BackfillSession,
    start: StreamState,
    schemaBytes: Uint8Array,
    abort: { aborted: boolean },
    onCommitted: (state: StreamState) => void,
  ): Promise<void> {
    const o = this.o;
    let state = start;
    const commit = async (chunk: ConvertedChunk) => {
      const next: StreamState = { ...state, offset: state.offset + chunk.rows, done: chunk.done };
      const { newKeys } = await this.commits.run(() =>
        o.store.commitStream({
          tableId: o.tableId,
          unit: o.unit,
          targetTable: o.targetTable,
          sessionName: session.sessionName,
          records: chunk.records,
          skipped: chunk.skipped,
          state: next,
        }),
      );
      state = { ...next, newKeys: next.newKeys + newKeys };
      onCommitted(state);
      this.report(chunk.rows, chunk.records.length, chunk.skipped.length, newKeys, session, chunk.bytes ?? 0);
    };
    for await (const chunk of this.reader.read(session.streams[start.index]!, start.offset, schemaBytes)) {
      if (abort.aborted || this.stopped) return;
      await commit(chunk);
    }
  }

  /** Adds cost to the totals now and to the next progress event's stats. */
  private count(stats: PageStats): void {
    this.totals = addPage(this.totals, 0, stats, this.now());
    this.unreported = addStats(this.unreported, stats);
  }

  private report(
    rows: number,
    written: number,
    skipped: number,
    newKeys: number,
    session: BackfillSession,
    bytesRead: number,
  ): void {
    const at = this.now();
    const read: PageStats = { ...NO_STATS, storageRead: { sessions: 0, streams: 0, rowsRead: rows, bytesRead } };
    this.totals = addPage(this.totals, written, read, at);
    const stats = addStats(this.unreported, read);
    this.unreported = NO_STATS;
    this.rate.add(at, written);
    this.rowsCommitted += rows;
    this.skippedCommitted += skipped;
    this.distinctKeys += newKeys;
    this.emit({
      cursor: null,
      phase: 'initial',
      lagMs: Math.max(0, at - Number(session.boundMicros / 1000n)),
      caughtUp: false,
      lookback: false,
      batchSize: this.o.commitRows,
      rowsInBatch: rows,
      rowsWrittenInBatch: written,
      skippedInBatch: skipped,
      rowsCommitted: this.rowsCommitted,
      skippedCommitted: this.skippedCommitted,
      rowsPerSecond: this.rate.rate(at, 10_000),
      readLatencyMs: 0,
      stats,
      totals: this.totals,
      newKeys,
      distinctKeys: this.distinctKeys,
      committed: true,
      committedAtMs: at,
    });
  }

  /** Keys this backfill added to the target so far (every session of it). */
  private distinctKeys = 0;

  private async finish(state: BackfillState): Promise<void> {
    const s = state.session;
    const rows = state.streams.reduce((n, x) => n + x.offset, 0);
    const newKeys = s.newKeysEarlier + state.streams.reduce((n, x) => n + x.newKeys, 0);
    const at = this.now();
    await this.o.store.finishBackfill({
      tableId: this.o.tableId,
      unit: this.o.unit,
      cursor: cursorAfterBackfill(s.boundMicros, this.o.keyColumns),
      rowsIngested: rows,
      phase: 'initial',
      batchSize: this.o.commitRows,
      lastSyncTime: new Date(at),
      totals: { ...this.totals, rowsWritten: s.rowsEarlier + rows },
      distinctKeys: newKeys,
    });
  }
}
