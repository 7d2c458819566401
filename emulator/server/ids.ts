/** Identifier rules from the BigQuery documentation, checked before touching the engine. */
import { invalid } from './errors.js';

const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
/** Table names may use letters, marks, numbers, connectors, dashes and spaces (Unicode categories L, M, N, Pc, Pd, Zs). */
const TABLE_ID = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u;
const JOB_ID = /^[A-Za-z0-9_-]{1,1024}$/;
const PROJECT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function checkProjectId(id: string): void {
  if (!PROJECT_ID.test(id)) throw invalid(`Invalid project ID '${id}'.`, 'projectId');
}

export function checkDatasetId(id: string): void {
  if (!DATASET_ID.test(id)) {
    throw invalid(
      `Invalid dataset ID "${id}". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.`,
      'datasetId',
    );
  }
}

export function checkTableId(id: string): void {
  if (!TABLE_ID.test(id)) {
    throw invalid(
      `Invalid table ID "${id}". Table IDs must use letters, numbers, underscores, dashes or spaces and be at most 1024 characters long.`,
      'tableId',
    );
  }
}

export function checkJobId(id: string): void {
  if (!JOB_ID.test(id)) {
    throw invalid(
      `Invalid job ID "${id}". Job IDs must be alphanumeric (plus underscores and dashes) and must be at most 1024 characters long.`,
      'jobId',
    );
  }
}
