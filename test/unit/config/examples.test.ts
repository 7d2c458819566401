import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bigQueryClientOptions, loadSyncConfigFile, redactConfig } from '../../../config/index.js';

const examplesDir = fileURLToPath(new URL('../../../config/examples/', import.meta.url));
// The cloud example reads these; the others must parse with an empty environment.
const cloudEnv = { GCP_PROJECT_ID: 'acme-analytics', GOOGLE_APPLICATION_CREDENTIALS: '/secrets/sa.json' };

describe('config/examples', () => {
  it('has the documented examples', async () => {
    const files = await readdir(examplesDir);
    expect(files).toEqual(
      expect.arrayContaining(['local-maritime.yaml', 'legacy-single-table.yaml', 'bigquery-cloud.yaml']),
    );
  });

  it('every example file parses', async () => {
    const files = (await readdir(examplesDir)).filter((name) => /\.(ya?ml|json)$/.test(name));
    for (const name of files) {
      await expect(loadSyncConfigFile(examplesDir + name, cloudEnv), name).resolves.toBeDefined();
    }
  });

  it('local-maritime.yaml: three maritime tables against the local server', async () => {
    const config = await loadSyncConfigFile(`${examplesDir}local-maritime.yaml`, {});
    expect(config.bigquery).toMatchObject({ projectId: 'local-project', apiEndpoint: 'http://127.0.0.1:9050' });
    expect(config.tables.map((t) => [t.id, t.dataset, t.timestampColumn, t.primaryKey, t.targetTable])).toEqual([
      ['vessel_positions', 'maritime_tracking', 'timestamp', ['mmsi', 'timestamp'], 'VesselPositions'],
      [
        'port_events',
        'maritime_tracking',
        'event_time',
        ['port_id', 'vessel_mmsi', 'event_type', 'event_time'],
        'PortEvents',
      ],
      ['vessel_metadata', 'maritime_tracking', 'last_updated', ['mmsi'], 'VesselMetadata'],
    ]);
    const batchSizes = config.tables.map((t) => t.sync.initialBatchSize);
    expect(new Set(batchSizes).size).toBe(3);
    expect(bigQueryClientOptions(config.bigquery)).toEqual({
      projectId: 'local-project',
      location: 'US',
      apiEndpoint: 'http://127.0.0.1:9050',
    });
  });

  it('legacy-single-table.yaml: one default table', async () => {
    const config = await loadSyncConfigFile(`${examplesDir}legacy-single-table.yaml`, {});
    expect(config.format).toBe('legacy-single-table');
    expect(config.tables.map((t) => [t.id, t.targetTable])).toEqual([['default', 'BigQueryData']]);
  });

  it('bigquery-cloud.yaml: key file from the environment, handed to the client as keyFilename', async () => {
    const config = await loadSyncConfigFile(`${examplesDir}bigquery-cloud.yaml`, cloudEnv);
    expect(bigQueryClientOptions(config.bigquery)).toEqual({
      projectId: 'acme-analytics',
      location: 'US',
      keyFilename: '/secrets/sa.json',
    });
    expect(JSON.stringify(redactConfig(config))).not.toContain('/secrets/sa.json');
    await expect(loadSyncConfigFile(`${examplesDir}bigquery-cloud.yaml`, {})).rejects.toThrow(
      'bigquery.projectId: environment variable GCP_PROJECT_ID is not set',
    );
  });
});
