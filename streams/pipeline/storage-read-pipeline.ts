import type { BigQuery } from '@google-cloud/bigquery';
import { EMPTY, concat, defer, filter, finalize, from, map, switchMap, tap, type Observable } from 'rxjs';
import { DEFAULT_BACKFILL } from '../../config/defaults.js';
import type { BigQueryConnection, TableConfig } from '../../config/types.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { Progress } from '../operators/track-progress.js';
import type { KeySpec } from '../query/key-spec.js';
import type { CheckpointStore } from '../model/index.js';
import type { BackfillStore } from '../storage-read/backfill-store.js';
import { googleStorageReadApi, storageEndpointOf, type StorageReadApi } from '../storage-read/read-api.js';
import { storageReadBackfill, type BackfillOutcome } from '../storage-read/storage-read-backfill.js';
import { WorkerStreamReader } from '../offload/worker-stream-reader.js';

/** The unit a single node syncs (see actors/orchestrator.ts WHOLE_TABLE_UNIT). */
const UNIT = 'all';

export interface StorageReadSetup {
  store: BackfillStore;
  /** The API to read with; default the official client at the connection's Storage Read endpoint. */
  api?: StorageReadApi;
  log?: (message: string) => void;
}

/**
 * Whether a table's backfill reads through Storage Read: per the table's `backfill.method`;
 * `auto` from `storageReadMinBytes` of table size on; never without a Storage Read endpoint.
 */
export function chooseBackfill(
  table: TableConfig,
  metadata: { numBytes?: string },
  endpoint: string | undefined,
): { method: 'query' | 'storage-read'; why: string } {
  const settings = table.backfill ?? DEFAULT_BACKFILL;
  if (settings.method === 'query') return { method: 'query', why: 'backfill.method is query' };
  if (!endpoint) return { method: 'query', why: 'no bigquery.storageApiEndpoint for a local apiEndpoint' };
  if (settings.method === 'storage-read') return { method: 'storage-read', why: 'backfill.method is storage-read' };
  const bytes = Number(metadata.numBytes ?? 0);
  return bytes >= settings.storageReadMinBytes
    ? { method: 'storage-read', why: `table holds ${bytes} bytes >= storageReadMinBytes` }
    : { method: 'query', why: `table holds ${bytes} bytes < storageReadMinBytes` };
}

export interface StorageReadBackfillPipelineOptions {
  setup: StorageReadSetup;
  /** Runs the clock query (BigQuery's CURRENT_TIMESTAMP) in the job project. */
  client: BigQuery;
  connection: BigQueryConnection;
  table: TableConfig;
  metadata: { numBytes?: string };
  fields: readonly SchemaField[];
  key: KeySpec;
  /** Where the table's keyset checkpoint is read (a finished backfill leaves one). */
  checkpoints: CheckpointStore;
  /** The table's keyset pipeline, subscribed when the backfill is done (or not wanted). */
  then: Observable<Progress>;
  stop?: Observable<unknown>;
  now?: () => number;
}

/**
 * A table without a checkpoint (first run, resync) backfills through Storage Read when
 * chosen, then continues with the keyset pipeline from the checkpoint the backfill wrote.
 * A table the Storage Read path cannot read exactly goes to the keyset pipeline at once.
 */
export function storageReadBackfillPipeline(o: StorageReadBackfillPipelineOptions): Observable<Progress> {
  const t = o.table;
  return defer(() => from(o.checkpoints.readCheckpoint(t.id, UNIT))).pipe(
    switchMap((checkpoint) => {
      if (checkpoint) return o.then;
      const endpoint = storageEndpointOf(o.connection);
      const choice = chooseBackfill(t, o.metadata, endpoint);
      if (choice.method === 'query') return o.then;
      if (o.key.kind !== 'columns') {
        o.setup.log?.(`table ${t.id}: backfill through queries: Storage Read needs a primaryKey`);
        return o.then;
      }
      const api = o.setup.api ?? googleStorageReadApi(o.connection, endpoint!);
      const valueOptions = { numericMode: t.numericMode, geographyFormat: t.geographyFormat };
      // decodeIn worker: streams are read, decoded and converted in a reader thread of this
      // backfill (not with an API given by a test: that one lives in this thread).
      const reader =
        t.sync.decodeIn === 'worker' && !o.setup.api
          ? new WorkerStreamReader(
              {
                connection: o.connection,
                endpoint: endpoint!,
                convert: {
                  tableId: t.id,
                  fields: [...o.fields],
                  keyColumns: [...o.key.columns],
                  timestampColumn: t.timestampColumn,
                  ...valueOptions,
                },
                commitRows: t.sync.initialBatchSize,
              },
              o.setup.log && ((message) => o.setup.log!(`table ${t.id}: ${message}`)),
            )
          : undefined;
      let outcome: BackfillOutcome | undefined;
      const backfill = storageReadBackfill({
        tableId: t.id,
        unit: UNIT,
        targetTable: t.targetTable,
        api,
        store: o.setup.store,
        billingProjectId: o.connection.jobProjectId ?? o.connection.projectId,
        table: { projectId: o.connection.projectId, dataset: t.dataset, table: t.table },
        timestampColumn: t.timestampColumn,
        columns: t.columns,
        fields: o.fields,
        keyColumns: o.key.columns,
        valueOptions,
        maxStreams: (t.backfill ?? DEFAULT_BACKFILL).maxStreams,
        settleDelayMs: t.sync.settleDelayMs,
        clock: () => bigQueryClock(o.client, o.connection.location),
        commitRows: t.sync.initialBatchSize,
        ...(o.stop ? { stop: o.stop } : {}),
        ...(o.now ? { now: o.now } : {}),
        ...(o.setup.log ? { log: o.setup.log } : {}),
        ...(reader ? { reader } : {}),
      }).pipe(
        tap((event) => {
          if (event.kind !== 'end') return;
          outcome = event.outcome;
          if (outcome.kind === 'unsupported')
            o.setup.log?.(`table ${t.id}: backfill through queries: ${outcome.reason}`);
        }),
        filter((event) => event.kind === 'progress'),
        map((event) => event.progress),
        finalize(() => {
          void reader?.close();
          if (!o.setup.api) void api.close().catch(() => undefined);
        }),
      );
      return concat(
        backfill,
        defer(() => (outcome?.kind === 'stopped' || outcome === undefined ? EMPTY : o.then)),
      );
    }),
  );
}

/** BigQuery's own clock (µs): the snapshot must not depend on this machine's clock. */
export async function bigQueryClock(
  client: BigQuery,
  location: string | undefined,
): Promise<{ micros: bigint; stats: { jobs: number; bytesProcessed: number; bytesBilled: number } }> {
  const [rows] = await client.query({
    query: 'SELECT CAST(UNIX_MICROS(CURRENT_TIMESTAMP()) AS STRING) AS now_micros',
    ...(location ? { location } : {}),
  });
  const value = (rows as { now_micros?: unknown }[])[0]?.now_micros;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new Error(`BigQuery's clock answered ${String(value)}`);
  return { micros: BigInt(value), stats: { jobs: 1, bytesProcessed: 0, bytesBilled: 0 } };
}
