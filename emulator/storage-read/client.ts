/**
 * The official Storage Read client (`@google-cloud/bigquery-storage`, raw v1
 * BigQueryReadClient) pointed at the local server: plaintext gRPC on loopback, no credential
 * lookup (with `sslCreds` given, the client never asks google-auth-library for a token).
 *
 * ```ts
 * const read = createLocalBigQueryReadClient({ host: '127.0.0.1', port: bq.storageRead.port });
 * const [session] = await read.createReadSession({ parent: 'projects/p', readSession: {...} });
 * ```
 */
import { credentials } from '@grpc/grpc-js';
import { BigQueryReadClient } from '@google-cloud/bigquery-storage';

type ClientOptions = NonNullable<ConstructorParameters<typeof BigQueryReadClient>[0]>;

export interface LocalBigQueryReadClientOptions {
  host?: string;
  port: number;
  /**
   * More client options. Worth knowing (client 5.1.2, same against real BigQuery): by default
   * ReadRows retries ANY error twice with backoff (about 7 s before an error surfaces),
   * restarting the call with the same request (same offset).
   */
  clientOptions?: Omit<ClientOptions, 'servicePath' | 'apiEndpoint' | 'port' | 'sslCreds'>;
}

export function createLocalBigQueryReadClient(options: LocalBigQueryReadClientOptions): BigQueryReadClient {
  return new BigQueryReadClient({
    ...options.clientOptions,
    servicePath: options.host ?? '127.0.0.1',
    port: options.port,
    sslCreds: credentials.createInsecure(),
  });
}
