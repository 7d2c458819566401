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

/** One unary or server-streaming method of the service, with its message codecs. */
function method<Req, Res>(name: string, responseStream: boolean, request: unknown, response: unknown) {
  const req = request as MessageClass<unknown>;
  const res = response as MessageClass<unknown>;
  return {
    path: `${SERVICE}/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: (value: Req): Buffer =>
      Buffer.from(req.encode(req.fromObject(value as Record<string, unknown>) as never).finish()),
    requestDeserialize: (bytes: Buffer): Req => req.toObject(req.decode(bytes) as never, TO_OBJECT) as Req,
    responseSerialize: (value: Res): Buffer =>
      Buffer.from(res.encode(res.fromObject(value as Record<string, unknown>) as never).finish()),
    responseDeserialize: (bytes: Buffer): Res => res.toObject(res.decode(bytes) as never, TO_OBJECT) as Res,
  };
}

const SERVICE = '/google.cloud.bigquery.storage.v1.BigQueryRead';

export const bigQueryReadService = {
  CreateReadSession: method<CreateReadSessionRequest, ReadSessionMessage>(
    'CreateReadSession',
    false,
    v1.CreateReadSessionRequest,
    v1.ReadSession,
  ),
  ReadRows: method<ReadRowsRequest, ReadRowsResponse>('ReadRows', true, v1.ReadRowsRequest, v1.ReadRowsResponse),
  SplitReadStream: method<SplitReadStreamRequest, SplitReadStreamResponse>(
    'SplitReadStream',
    false,
    v1.SplitReadStreamRequest,
    v1.SplitReadStreamResponse,
  ),
} satisfies ServiceDefinition;
