/**
 * Errors in the JSON shape Google APIs use, so that the official client's ApiError carries
 * the same `code`, `errors[].reason` and message it would get from BigQuery.
 */
import { BigQueryError, type ErrorProto } from '../engine/contract.js';

export { BigQueryError };

/** google.rpc.Code names that Google puts in `error.status` for each HTTP status. */
const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  409: 'ALREADY_EXISTS',
  411: 'INVALID_ARGUMENT',
  412: 'FAILED_PRECONDITION',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function rpcStatus(httpStatus: number): string {
  return RPC_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
}

export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: { reason: string; message: string; domain: string; location?: string; locationType?: string }[];
    status: string;
  };
}

export function errorBody(httpStatus: number, reason: string, message: string, location?: string): GoogleErrorBody {
  const inner: GoogleErrorBody['error']['errors'][number] = { message, domain: 'global', reason };
  if (location !== undefined) {
    inner.location = location;
    inner.locationType = 'parameter';
  }
  return { error: { code: httpStatus, message, errors: [inner], status: rpcStatus(httpStatus) } };
}

/**
 * Anything thrown by a handler becomes an HTTP error. Non-BigQueryError exceptions are
 * reported as 500 internalError with their message, deliberately not disguised as a
 * user error, so engine bugs stay visible.
 */
export function toBigQueryError(err: unknown): BigQueryError {
  if (err instanceof BigQueryError) return err;
  if (isBigQueryErrorLike(err)) return new BigQueryError(err.httpStatus, err.reason, err.message, err.location);
  const message = err instanceof Error ? err.message : String(err);
  return new BigQueryError(500, 'internalError', message || 'Internal error');
}

/** A second copy of the contract module (e.g. dist vs. source) would defeat instanceof. */
function isBigQueryErrorLike(err: unknown): err is BigQueryError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { name?: unknown }).name === 'BigQueryError' &&
    typeof (err as { httpStatus?: unknown }).httpStatus === 'number' &&
    typeof (err as { reason?: unknown }).reason === 'string'
  );
}

export function toErrorProto(err: BigQueryError): ErrorProto {
  const proto: ErrorProto = { reason: err.reason, message: err.message };
  if (err.location !== undefined) proto.location = err.location;
  return proto;
}

export const notFound = (message: string): BigQueryError => new BigQueryError(404, 'notFound', message);
export const duplicate = (message: string): BigQueryError => new BigQueryError(409, 'duplicate', message);
export const invalid = (message: string, location?: string): BigQueryError =>
  new BigQueryError(400, 'invalid', message, location);
export const invalidQuery = (message: string, location?: string): BigQueryError =>
  new BigQueryError(400, 'invalidQuery', message, location);

export const datasetName = (projectId: string, datasetId: string): string => `${projectId}:${datasetId}`;
export const tableName = (projectId: string, datasetId: string, tableId: string): string =>
  `${projectId}:${datasetId}.${tableId}`;
