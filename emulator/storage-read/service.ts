/**
 * Handlers of the BigQueryRead service: CreateReadSession materialises the rows and cuts them
 * into streams, ReadRows streams Arrow record batches of one stream from an offset,
 * SplitReadStream cuts a stream in two. Failures answer the gRPC status codes Google's service
 * uses (NOT_FOUND for a missing table, INVALID_ARGUMENT for a bad request or restriction,
 * FAILED_PRECONDITION for an expired session).
 */
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Engine } from '../engine/contract.js';
import { normalizeSchema } from '../types/schema.js';
import { invalidArgument, notFound, outOfRange, toStorageReadError, unimplemented } from './errors.js';
import { serializeRecordBatch, serializeSchema } from './ipc.js';
import { formatTablePath, parseParent, parseTablePath } from './names.js';
import type {
  CreateReadSessionRequest,
  ReadRowsRequest,
  ReadRowsResponse,
  ReadSessionMessage,
  SplitReadStreamRequest,
  SplitReadStreamResponse,
} from './proto.js';
import { buildReadPlan } from './read-plan.js';
import type { SessionStore } from './sessions.js';
import { batchesIn, materialise } from './snapshot.js';
import { streamCount } from './streams.js';

export interface ServiceOptions {
  engine: Engine;
  sessions: SessionStore;
  now: () => number;
  /** Rows per Arrow record batch (one ReadRows response each). */
  batchRows: number;
  /** With max_stream_count 0 the server picks about one stream per this many rows. */
  rowsPerDefaultStream: number;
}

function timestampOf(ms: number): { seconds: string; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

function millisOf(ts: { seconds?: unknown; nanos?: unknown } | null | undefined): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor(Number(ts.nanos ?? 0) / 1e6);
}

/** Rejects with the gRPC status of the error, never throws into grpc-js. */
function unary<Req, Res>(handler: (request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    handler(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => {
        const e = toStorageReadError(err);
        callback({ code: e.code, details: e.message });
      },
    );
  };
}

export function createReadService(options: ServiceOptions): UntypedServiceImplementation {
  const { engine, sessions, now } = options;

  async function createReadSession(request: CreateReadSessionRequest): Promise<ReadSessionMessage> {
    const requestedAt = performance.now();
    const projectId = parseParent(request.parent ?? '');
    if (!projectId) throw invalidArgument(`Invalid parent: '${request.parent ?? ''}'; expected projects/{project}`);
    const requested = request.readSession;
    if (!requested) throw invalidArgument('read_session is required');
    const ref = parseTablePath(requested.table ?? '');
    if (!ref) {
      throw invalidArgument(
        `Invalid table: '${requested.table ?? ''}'; expected projects/{project}/datasets/{dataset}/tables/{table}`,
      );
    }
    const format = String(requested.dataFormat ?? 'DATA_FORMAT_UNSPECIFIED');
    if (format === 'AVRO') throw unimplemented('The local Storage Read server serves data_format ARROW only');
    if (format !== 'ARROW') throw invalidArgument('read_session.data_format must be ARROW or AVRO');

    const snapshotMs = millisOf(requested.tableModifiers?.snapshotTime);
    const createdAt = now();
    if (snapshotMs !== undefined && snapshotMs > createdAt + 1000) {
      throw invalidArgument(
        `Invalid snapshot time ${new Date(snapshotMs).toISOString()}: it is in the future (server time ${new Date(createdAt).toISOString()})`,
      );
    }

    const table = await engine.getTable(ref);
    if (!table) {
      const dataset = await engine.getDataset(ref.projectId, ref.datasetId);
      throw notFound(
        dataset
          ? `Not found: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`
          : `Not found: Dataset ${ref.projectId}:${ref.datasetId}`,
      );
    }
    const readOptions = requested.readOptions ?? {};
    const plan = buildReadPlan(
      ref,
      normalizeSchema(table.schema),
      readOptions.selectedFields ?? [],
      readOptions.rowRestriction ?? '',
    );
    // Refuse before materialising when no session can be added (the size is checked after).
    sessions.makeRoom(1, 0);
    const snapshot = await materialise(engine, plan, options.batchRows);
    const schemaBytes = serializeSchema(snapshot.schema);
    const count = streamCount(
      snapshot.rows,
      Number(request.maxStreamCount ?? 0),
      Number(request.preferredMinStreamCount ?? 0),
      options.rowsPerDefaultStream,
    );
    const session = sessions.create({
      projectId,
      table: ref,
      snapshot,
      schemaBytes,
      snapshotTime: snapshotMs ?? createdAt,
      streamCount: count,
      requestedAt,
    });
    return {
      name: session.name,
      expireTime: timestampOf(session.expireAt),
      dataFormat: 'ARROW' as never,
      arrowSchema: { serializedSchema: schemaBytes },
      table: formatTablePath(ref),
      tableModifiers: { snapshotTime: timestampOf(session.snapshotTime) },
      readOptions: {
        selectedFields: readOptions.selectedFields ?? [],
        rowRestriction: readOptions.rowRestriction ?? '',
      },
      streams: sessions.streamNames(session).map((name) => ({ name })),
      estimatedTotalBytesScanned: String(snapshot.bytes),
      estimatedRowCount: String(snapshot.rows),
      traceId: requested.traceId ?? '',
    };
  }

  async function readRows(call: ServerWritableStream<ReadRowsRequest, ReadRowsResponse>): Promise<void> {
    const name = call.request.readStream ?? '';
    const offset = Number(call.request.offset ?? 0);
    const { session, snapshot, range, streamId } = sessions.stream(name);
    const size = range.end - range.start;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`Invalid offset ${offset}`);
    if (offset > size) {
      throw outOfRange(
        `there was an error operating on '${name}': offset ${offset} is past the end of the stream (${size} rows)`,
      );
    }
    let cancelled = false;
    call.on('cancelled', () => {
      cancelled = true;
    });
    let position = offset;
    let first = true;
    for (const batch of batchesIn(snapshot, range.start + offset, range.end)) {
      if (cancelled) return;
      const bytes = serializeRecordBatch(batch, session.schemaBytes);
      const start = position;
      position += batch.numRows;
      const response: ReadRowsResponse = {
        arrowRecordBatch: { serializedRecordBatch: bytes, rowCount: String(batch.numRows) as never },
        rowCount: String(batch.numRows) as never,
        stats: { progress: { atResponseStart: start / size, atResponseEnd: position / size } },
        uncompressedByteSize: String(bytes.length) as never,
        ...(first ? { arrowSchema: { serializedSchema: session.schemaBytes } } : {}),
      };
      first = false;
      sessions.recordRead(session, batch.numRows, bytes.length, streamId, position);
      if (!call.write(response)) {
        await new Promise<void>((resolve) => {
          call.once('drain', resolve);
          call.once('cancelled', resolve);
        });
      }
    }
  }

  return {
    CreateReadSession: unary(createReadSession),
    ReadRows: (call: ServerWritableStream<ReadRowsRequest, ReadRowsResponse>): void => {
      readRows(call).then(
        () => call.end(),
        (err: unknown) => {
          const e = toStorageReadError(err);
          call.emit('error', { code: e.code, details: e.message });
        },
      );
    },
    SplitReadStream: unary(async (request: SplitReadStreamRequest): Promise<SplitReadStreamResponse> => {
      const halves = sessions.split(request.name ?? '', Number(request.fraction ?? 0));
      if (!halves) return {};
      return { primaryStream: { name: halves[0] }, remainderStream: { name: halves[1] } };
    }),
  } as UntypedServiceImplementation;
}
