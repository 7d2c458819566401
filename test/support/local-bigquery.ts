import type { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll } from 'vitest';
import {
  createLocalBigQueryClient,
  startLocalBigQuery,
  type LocalBigQuery,
  type LocalBigQueryOptions,
} from '../../emulator/index.js';

export const PROJECT = 'local-project';

/** Starts the local BigQuery server on a free loopback port for one test file. */
export function useLocalBigQuery(options: () => Omit<LocalBigQueryOptions, 'port'> = () => ({})): {
  readonly server: LocalBigQuery;
  readonly client: BigQuery;
} {
  const holder: { server?: LocalBigQuery; client?: BigQuery } = {};
  beforeAll(async () => {
    process.env.METADATA_SERVER_DETECTION = 'none';
    holder.server = await startLocalBigQuery({ ...options(), port: 0 });
    holder.client = createLocalBigQueryClient({ url: holder.server.url, projectId: PROJECT });
  });
  afterAll(async () => {
    await holder.server?.stop();
  });
  return {
    get server() {
      if (!holder.server) throw new Error('local BigQuery is not started');
      return holder.server;
    },
    get client() {
      if (!holder.client) throw new Error('local BigQuery is not started');
      return holder.client;
    },
  };
}
