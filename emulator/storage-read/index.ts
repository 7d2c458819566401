/** The local BigQuery Storage Read API (gRPC `google.cloud.bigquery.storage.v1.BigQueryRead`). */
export { startStorageReadServer, DEFAULT_SESSION_TTL_MS } from './server.js';
export type { StorageReadOptions, StorageReadServer } from './server.js';
export type { SessionStats } from './sessions.js';
export { createLocalBigQueryReadClient } from './client.js';
export type { LocalBigQueryReadClientOptions } from './client.js';
