import type { BigQueryConnection, InlineCredentials } from './types.js';

/** Constructor options for `new BigQuery(...)` from @google-cloud/bigquery. */
export interface BigQueryClientOptions {
  projectId: string;
  location?: string;
  apiEndpoint?: string;
  keyFilename?: string;
  credentials?: InlineCredentials;
}

/**
 * The client takes a key file and an inline key under different option names; doing the
 * split here keeps every caller from re-deciding it. No credentials means Application
 * Default Credentials (or none, against the local server).
 */
export function bigQueryClientOptions(connection: BigQueryConnection): BigQueryClientOptions {
  const options: BigQueryClientOptions = { projectId: connection.projectId };
  if (connection.location !== undefined) options.location = connection.location;
  if (connection.apiEndpoint !== undefined) options.apiEndpoint = connection.apiEndpoint;
  if (typeof connection.credentials === 'string') options.keyFilename = connection.credentials;
  else if (connection.credentials !== undefined) options.credentials = connection.credentials;
  return options;
}
