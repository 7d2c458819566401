import { BigQuery } from '@google-cloud/bigquery';
import { bigQueryClientOptions } from '../../config/client-options.js';
import type { BigQueryConnection } from '../../config/types.js';
import { createNoAuthClient } from '../../emulator/client.js';

/**
 * The official client for a configured connection. Against a loopback endpoint without
 * credentials (the local server) no credential lookup happens at all: Google's auth
 * library would otherwise probe the cloud metadata address.
 */
export function createBigQueryClient(connection: BigQueryConnection): BigQuery {
  const options = bigQueryClientOptions(connection);
  if (!connection.credentials && connection.apiEndpoint && isLoopback(connection.apiEndpoint)) {
    return new BigQuery({
      ...options,
      apiEndpoint: connection.apiEndpoint.replace(/\/+$/, ''),
      authClient: createNoAuthClient(connection.projectId),
    });
  }
  return new BigQuery(options);
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
