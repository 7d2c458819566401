/**
 * The `google.cloud.bigquery.storage.v1.BigQueryRead` gRPC service definition, built from the
 * message classes compiled into the official `@google-cloud/bigquery-storage` package (the
 * same protos its client encodes with), so no .proto file of our own can drift from them.
 * Requests decode to plain objects (camelCase, int64 as decimal strings, enums as names);
 * responses encode from plain objects.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { protos } from '@google-cloud/bigquery-storage';

const v1 = protos.google.cloud.bigquery.storage.v1;

export type CreateReadSessionRequest = protos.google.cloud.bigquery.storage.v1.ICreateReadSessionRequest;
export type ReadSessionMessage = protos.google.cloud.bigquery.storage.v1.IReadSession;
export type ReadRowsRequest = protos.google.cloud.bigquery.storage.v1.IReadRowsRequest;
export type ReadRowsResponse = protos.google.cloud.bigquery.storage.v1.IReadRowsResponse;
export type SplitReadStreamRequest = protos.google.cloud.bigquery.storage.v1.ISplitReadStreamRequest;
export type SplitReadStreamResponse = protos.google.cloud.bigquery.storage.v1.ISplitReadStreamResponse;

const TO_OBJECT = { longs: String, enums: String, defaults: true, oneofs: true } as const;

interface MessageClass<T> {
  decode(reader: Uint8Array): unknown;
  encode(message: never): { finish(): Uint8Array };
  fromObject(object: Record<string, unknown>): unknown;
  toObject(message: never, options: typeof TO_OBJECT): Record<string, unknown>;
  readonly prototype: T;
}

function codec<Req, Res>(request: MessageClass<unknown>, response: MessageClass<unknown>) {
  return {
    requestSerialize: (value: Req): Buffer =>
      Buffer.from(request.encode(request.fromObject(value as Record<string, unknown>) as never).finish()),
    requestDeserialize: (bytes: Buffer): Req => request.toObject(request.decode(bytes) as never, TO_OBJECT) as Req,
    responseSerialize: (value: Res): Buffer =>
      Buffer.from(response.encode(response.fromObject(value as Record<string, unknown>) as never).finish()),
    responseDeserialize: (bytes: Buffer): Res => response.toObject(response.decode(bytes) as never, TO_OBJECT) as Res,
  };
}

const SERVICE = '/google.cloud.bigquery.storage.v1.BigQueryRead';

export const bigQueryReadService = {
  CreateReadSession: {
    path: `${SERVICE}/CreateReadSession`,
    requestStream: false,
    responseStream: false,
    ...codec<CreateReadSessionRequest, ReadSessionMessage>(
      v1.CreateReadSessionRequest as unknown as MessageClass<unknown>,
      v1.ReadSession as unknown as MessageClass<unknown>,
    ),
  },
  ReadRows: {
    path: `${SERVICE}/ReadRows`,
    requestStream: false,
    responseStream: true,
    ...codec<ReadRowsRequest, ReadRowsResponse>(
      v1.ReadRowsRequest as unknown as MessageClass<unknown>,
      v1.ReadRowsResponse as unknown as MessageClass<unknown>,
    ),
  },
  SplitReadStream: {
    path: `${SERVICE}/SplitReadStream`,
    requestStream: false,
    responseStream: false,
    ...codec<SplitReadStreamRequest, SplitReadStreamResponse>(
      v1.SplitReadStreamRequest as unknown as MessageClass<unknown>,
      v1.SplitReadStreamResponse as unknown as MessageClass<unknown>,
    ),
  },
} satisfies ServiceDefinition;
