import type { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll } from 'vitest';
import { createLocalBigQueryClient, startLocalBigQuery, type LocalBigQuery } from '../../emulator/index.js';

export const PROJECT = 'local-project';

/** Starts the local BigQuery server on a free loopback port for one test file. */
export function useLocalBigQuery(): { readonly server: LocalBigQuery; readonly client: BigQuery } {
  const holder: { server?: LocalBigQuery; client?: BigQuery } = {};
  beforeAll(async () => {
    process.env.METADATA_SERVER_DETECTION = 'none';
    holder.server = await startLocalBigQuery({ port: 0 });
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
