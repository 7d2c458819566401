import type { BigQuery } from '@google-cloud/bigquery';
import type { LocalBigQuery } from '../../../emulator/index.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { DATASET, SCHEMAS } from '../../support/maritime-fixtures.js';

export { PROJECT } from '../../support/local-bigquery.js';

export interface LocalWithStorageRead {
  readonly server: LocalBigQuery;
  readonly client: BigQuery;
  /** `host:port` of the Storage Read gRPC service. */
  readonly storageAddress: string;
  /** Moves the Storage Read service's clock (ms ahead of this machine's) to expire its sessions. */
  shiftClock(ms: number): void;
}

/** The local server with its Storage Read service (small record batches, a movable clock), per test file. */
export function useLocalBigQueryWithStorageRead(batchRows = 2_000): LocalWithStorageRead {
  let shift = 0;
  const local = useLocalBigQuery(() => ({ storageRead: { batchRows, now: () => Date.now() + shift } }));
  return {
    get server() {
      return local.server;
    },
    get client() {
      return local.client;
    },
    get storageAddress() {
      const s = local.server.storageRead;
      if (!s) throw new Error('the Storage Read service is not started');
      return s.address;
    },
    shiftClock(ms: number) {
      shift = ms;
    },
  };
}

/** `count` vessel positions 1 µs apart from 2026-01-01, inserted by one DML statement. */
export async function fillPositions(client: BigQuery, count: number): Promise<void> {
  const [exists] = await client.dataset(DATASET).exists();
  if (!exists) await client.createDataset(DATASET);
  await client
    .dataset(DATASET)
    .createTable('vessel_positions', { schema: { fields: SCHEMAS.vessel_positions.map((f) => ({ ...f })) } });
  await client.query(
    `INSERT INTO ${DATASET}.vessel_positions (timestamp, mmsi, vessel_name, latitude, longitude, speed_knots, status)
     SELECT TIMESTAMP_ADD(TIMESTAMP '2026-01-01 00:00:00+00', INTERVAL i MICROSECOND), 200000000 + i,
            CONCAT('VESSEL ', CAST(i AS STRING)), -60 + MOD(i, 120), -170 + MOD(i, 340), MOD(i, 250) / 10,
            IF(MOD(i, 3) = 0, 'moored', 'under_way_using_engine')
     FROM UNNEST(GENERATE_ARRAY(0, ${count - 1})) AS i`,
  );
}

/** The id Harper gets for position i of `fillPositions` (key: mmsi, timestamp). */
export function positionId(i: number): string {
  const micros = BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1000n + BigInt(i);
  const ms = micros / 1000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${200_000_000 + i}|${iso.slice(0, -1)}${String(micros % 1000n).padStart(3, '0')}Z`;
}

/** The Storage Read backfill state Harper holds: stream records of the table's session. */
export async function streamOffsets(
  harper: HarperProcess,
): Promise<{ sessionName: string; offset: number; done: boolean }[]> {
  return await harper.operation<{ sessionName: string; offset: number; done: boolean }[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncReadStream',
    search_attribute: 'id',
    search_value: '*',
    get_attributes: ['*'],
  });
}

export async function checkpointOf(
  harper: HarperProcess,
  id: string,
): Promise<{ rowsIngested?: number; cursorTimestampMicros?: string; distinctKeys?: number } | undefined> {
  const [checkpoint] = await harper.operation<Record<string, unknown>[]>({
    operation: 'search_by_id',
    database: 'data',
    table: 'SyncCheckpoint',
    ids: [id],
    get_attributes: ['*'],
  });
  return checkpoint as { rowsIngested?: number } | undefined;
}
