/**
 * The cached source data sets the sync benchmarks read, built once through the official
 * client with NDJSON load jobs. Bump the version in a name whenever its rows change.
 */
import { cachedDataFile } from './cache.js';
import { createTable, loadNdjson } from './load.js';
import { METADATA_FIELDS, PORT_EVENT_FIELDS, metadataJson, portEventJson } from './maritime.js';
import { POSITION_FIELDS, positionJson, positionValues } from './positions.js';

export const POSITIONS_TABLE = 'vessel_positions';
export const PORT_EVENTS_TABLE = 'port_events';
export const METADATA_TABLE = 'vessel_metadata';

export function positionsDataFile(rows: number, tempDir: string, log: (m: string) => void) {
  return cachedDataFile(
    `positions-v2-${rows}`,
    async (client) => {
      await createTable(client, POSITIONS_TABLE, POSITION_FIELDS);
      await loadNdjson(client, POSITIONS_TABLE, rows, (i) => positionJson(positionValues(i)), {
        tempDir,
        onChunk: (n) => log(`  loaded ${n} of ${rows} positions`),
      });
    },
    log,
  );
}

export interface MaritimeCounts {
  positions: number;
  events: number;
  /** Port events at the start that share one timestamp. */
  eventsTieGroup: number;
  metadata: number;
}

export function maritimeDataFile(counts: MaritimeCounts, tempDir: string, log: (m: string) => void) {
  return cachedDataFile(
    `maritime-v3-${counts.positions}-${counts.events}-tie${counts.eventsTieGroup}-${counts.metadata}`,
    async (client) => {
      await createTable(client, POSITIONS_TABLE, POSITION_FIELDS);
      await loadNdjson(client, POSITIONS_TABLE, counts.positions, (i) => positionJson(positionValues(i)), { tempDir });
      await createTable(client, PORT_EVENTS_TABLE, PORT_EVENT_FIELDS);
      await loadNdjson(client, PORT_EVENTS_TABLE, counts.events, (i) => portEventJson(i, counts.eventsTieGroup), {
        tempDir,
      });
      await createTable(client, METADATA_TABLE, METADATA_FIELDS);
      await loadNdjson(client, METADATA_TABLE, counts.metadata, metadataJson, { tempDir });
    },
    log,
  );
}
