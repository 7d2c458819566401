/**
 * Errors of the local Storage Read service, carrying the gRPC status code Google's service
 * answers for the same situation (the official client surfaces `code` and `details`).
 */
import { status } from '@grpc/grpc-js';
import { BigQueryError } from '../engine/contract.js';

export { status as GrpcStatus };

export class StorageReadError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'StorageReadError';
  }
}

export const invalidArgument = (message: string): StorageReadError =>
  new StorageReadError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string): StorageReadError => new StorageReadError(status.NOT_FOUND, message);
export const failedPrecondition = (message: string): StorageReadError =>
  new StorageReadError(status.FAILED_PRECONDITION, message);
export const outOfRange = (message: string): StorageReadError => new StorageReadError(status.OUT_OF_RANGE, message);
export const resourceExhausted = (message: string): StorageReadError =>
  new StorageReadError(status.RESOURCE_EXHAUSTED, message);
export const unimplemented = (message: string): StorageReadError => new StorageReadError(status.UNIMPLEMENTED, message);

/** HTTP statuses of the engine's BigQueryError -> the gRPC code the Storage API uses for them. */
function codeForHttp(httpStatus: number): status {
  if (httpStatus === 404) return status.NOT_FOUND;
  if (httpStatus === 403) return status.PERMISSION_DENIED;
  if (httpStatus === 409) return status.ALREADY_EXISTS;
  if (httpStatus === 429) return status.RESOURCE_EXHAUSTED;
  if (httpStatus >= 500) return status.INTERNAL;
  return status.INVALID_ARGUMENT;
}

/** Anything thrown by a handler -> a StorageReadError; unknown failures stay INTERNAL so bugs show. */
export function toStorageReadError(err: unknown): StorageReadError {
  if (err instanceof StorageReadError) return err;
  if (err instanceof BigQueryError) return new StorageReadError(codeForHttp(err.httpStatus), err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new StorageReadError(status.INTERNAL, message || 'Internal error');
}
