import type { BigQuery } from '@google-cloud/bigquery';
import type { TableName } from '../rows.js';

/** Where the synthesizer writes: a client (local server or Google) and a dataset. */
export interface SynthesizerTarget {
  readonly bigquery: BigQuery;
  readonly datasetId: string;
  /** Location for a dataset the writer creates; BigQuery's default (US) when absent. */
  readonly location?: string;
}

export const DEFAULT_DATASET = 'maritime_tracking';

/**
 * A table reference for SQL text. Dataset-qualified only, so that the query runs in the
 * client's own project whatever it resolved to (an explicit id or the key file's).
 */
export function sqlTable(target: SynthesizerTarget, table: TableName): string {
  return `\`${target.datasetId}.${table}\``;
}
