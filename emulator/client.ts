/**
 * The official BigQuery client, pointed at a local server without any credential lookup.
 *
 * Why an auth stub: without credentials, google-auth-library looks for Application Default
 * Credentials and then probes the GCE metadata server (a link-local address) to decide
 * whether it runs on Google Cloud. Handing the client an `authClient` makes GoogleAuth use
 * it as its cached credential, so neither the credential files nor the metadata server are
 * ever consulted, with or without METADATA_SERVER_DETECTION=none. The client (8.3.1) only
 * calls `getRequestHeaders()` on it (via GoogleAuth.authorizeRequest); the project id is
 * given explicitly so `getProjectId()` is never needed either.
 *
 * ```ts
 * const bigquery = createLocalBigQueryClient({ url: 'http://127.0.0.1:9050', projectId: 'local' });
 * const [rows] = await bigquery.query({ query: 'SELECT 1 AS x' });
 * ```
 */
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';

export interface LocalBigQueryClientOptions extends Omit<BigQueryOptions, 'apiEndpoint' | 'projectId' | 'authClient'> {
  /** Base URL of the local server, e.g. `http://127.0.0.1:9050` (the `url` of startLocalBigQuery). */
  url: string;
  projectId: string;
}

/** A minimal AuthClient stand-in: no token, no project lookup, no network. */
export function createNoAuthClient(projectId: string): NonNullable<BigQueryOptions['authClient']> {
  const stub = {
    projectId,
    universeDomain: 'googleapis.com',
    getRequestHeaders: async (): Promise<Headers> => new Headers(),
    getAccessToken: async (): Promise<{ token: null }> => ({ token: null }),
    getProjectId: async (): Promise<string> => projectId,
    getCredentials: async (): Promise<Record<string, never>> => ({}),
  };
  // Structural stand-in for google-auth-library's AuthClient, which is not a direct dependency.
  return stub as unknown as NonNullable<BigQueryOptions['authClient']>;
}

export function createLocalBigQueryClient(options: LocalBigQueryClientOptions): BigQuery {
  const { url, projectId, ...rest } = options;
  return new BigQuery({
    ...rest,
    projectId,
    apiEndpoint: url.replace(/\/+$/, ''),
    authClient: createNoAuthClient(projectId),
  });
}
