import type { Cursor } from '../cursor/cursor.js';
import type { WindowRequest } from '../query/page-query.js';
import { billedBytes } from './bigquery-page-source.js';
import type { CostEstimate } from './cost-report.js';
import { partitionStartAfter, type PartitionUnit } from './window-plan.js';

const DAY_MS = 86_400_000;

/** The parts of a table resource the cost checks look at. */
export interface PartitionedTableMetadata {
  timePartitioning?: { type?: string; field?: string; requirePartitionFilter?: boolean };
  rangePartitioning?: unknown;
  requirePartitionFilter?: boolean;
}

export interface EstimateInput {
  /** The committed cursor (null before the first commit). */
  cursor: Cursor | null;
  nowMicros: bigint;
  /** Partitioning on the timestamp column, if any. */
  partitionUnit: PartitionUnit | undefined;
  pollIntervalMs: number;
}

/**
 * Estimates a table's read cost with dry runs (free on BigQuery, not jobs): the backlog from
 * the cursor to now, and a steady day of polls. A steady poll reads from the cursor, which
 * then sits in the newest partition, so it is priced as a scan of the current partition
 * (the whole table when the table is not partitioned on the timestamp), billed at least
 * 10 MB, once per poll interval.
 */
export async function estimateCost(
  dryRun: (window: WindowRequest) => Promise<number>,
  input: EstimateInput,
): Promise<CostEstimate> {
  const backfillBytes = await dryRun({ after: input.cursor, upperMicros: input.nowMicros });
  const pollFrom = partitionStartAfter(input.partitionUnit ?? 'DAY', input.nowMicros, 0);
  const perPoll = await dryRun({ after: null, lowerMicros: pollFrom, upperMicros: input.nowMicros });
  return {
    backfillBytes,
    steadyBytesPerDay: steadyBytesPerDay(perPoll, input.pollIntervalMs),
    pollIntervalMs: input.pollIntervalMs,
  };
}

/** Bytes billed by a day of polls that each process `bytesPerPoll`. */
export function steadyBytesPerDay(bytesPerPoll: number, pollIntervalMs: number): number {
  return Math.ceil(DAY_MS / Math.max(1, pollIntervalMs)) * billedBytes(bytesPerPoll);
}

/** 1.5 GiB, 12 MiB: binary units, as BigQuery bills by MiB. */
export function bytesText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]!}`;
}

export interface WarningInput {
  /** `dataset.table`, for the message. */
  source: string;
  metadata: PartitionedTableMetadata;
  timestampColumn: string;
  estimate: CostEstimate | null;
  /** sync.maxBytesBilledPerDay (0: none). */
  maxBytesBilledPerDay: number;
}

function perDay(estimate: CostEstimate | null): string {
  if (!estimate) return '';
  const seconds = estimate.pollIntervalMs / 1000;
  return ` (about ${bytesText(estimate.steadyBytesPerDay)} billed per day at one poll every ${seconds} s)`;
}

/**
 * Warnings about a source table that make the sync's reads cost more than they need to, or
 * fail: one sentence each, saying what happens and what would fix it.
 */
export function sourceWarnings(w: WarningInput): string[] {
  const out: string[] = [];
  const tp = w.metadata.timePartitioning;
  const ts = w.timestampColumn;
  const requireFilter = w.metadata.requirePartitionFilter === true || tp?.requirePartitionFilter === true;
  if (!tp) {
    const what = w.metadata.rangePartitioning ? 'integer-range partitioned' : 'not partitioned';
    out.push(
      `${w.source} is ${what} on the timestamp column ${ts}: every poll scans the whole table${perDay(w.estimate)}; partition it by ${ts} (e.g. DAY) so polls read only the newest partition`,
    );
  } else if (!tp.field) {
    out.push(
      `${w.source} is partitioned by ingestion time (_PARTITIONTIME), which says nothing about ${ts}: the sync cannot prune, every poll scans the whole table${perDay(w.estimate)}; partition it by ${ts} instead`,
    );
    if (requireFilter)
      out.push(
        `${w.source} requires a filter on _PARTITIONTIME, which the sync's queries do not carry: BigQuery refuses them`,
      );
  } else if (tp.field !== ts) {
    out.push(
      `${w.source} is partitioned on ${tp.field}, not on the timestamp column ${ts}: every poll scans the whole table${perDay(w.estimate)}`,
    );
    if (requireFilter)
      out.push(
        `${w.source} requires a filter on its partitioning column ${tp.field}, which the sync's queries do not carry: BigQuery refuses them; partition it by ${ts} or drop requirePartitionFilter`,
      );
  }
  if (w.estimate && w.maxBytesBilledPerDay > 0 && w.estimate.steadyBytesPerDay > w.maxBytesBilledPerDay) {
    out.push(
      `steady polls alone would bill about ${bytesText(w.estimate.steadyBytesPerDay)} a day, more than sync.maxBytesBilledPerDay (${bytesText(w.maxBytesBilledPerDay)}): the table will pause for the budget every day; poll less often or raise the budget`,
    );
  }
  return out;
}
