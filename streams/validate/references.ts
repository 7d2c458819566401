import type { TableReference } from '../../config/types.js';

/** The part of a Harper table class the reference check reads. */
export interface ValueScannableTable {
  search(query: {
    conditions?: { attribute: string; comparator: string; value: unknown }[];
    select?: string[];
  }): AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
}

/** What one reference check found (in the audit record; a short form goes to status). */
export interface ReferenceReport {
  column: string;
  table: string;
  referencedColumn: string;
  /** Rows older than this (ISO) were checked: both tables' committed cursors have passed them. */
  before: string | null;
  rowsChecked: number;
  distinctValues: number;
  /** Distinct values with no row in the referenced table. */
  orphans: number;
  /** Rows holding one of those values. */
  orphanRows: number;
  /** Up to SAMPLE_ORPHANS orphan values, smallest first. */
  sample: string[];
  /** Why the check did not run or stopped early (no checkpoint yet, too many values). */
  incomplete?: string;
}

export const SAMPLE_ORPHANS = 20;
/** Distinct values held in memory per side; a bigger table is reported as incomplete. */
export const MAX_DISTINCT_VALUES = 1_000_000;

/** Value counts of the referencing side, the values present on the referenced side. */
export interface ReferenceScan {
  rowsChecked: number;
  counts: Map<string, number>;
  present: Set<string>;
  incomplete?: string;
}

/** Orphans from two scans: pure, so the rule is tested apart from Harper. */
export function referenceReport(
  reference: TableReference,
  beforeMs: number | null,
  scan: ReferenceScan,
  sampleSize = SAMPLE_ORPHANS,
): ReferenceReport {
  const orphans = [...scan.counts.keys()].filter((value) => !scan.present.has(value)).sort(compareValues);
  const report: ReferenceReport = {
    column: reference.column,
    table: reference.table,
    referencedColumn: reference.referencedColumn,
    before: beforeMs === null ? null : new Date(beforeMs).toISOString(),
    rowsChecked: scan.rowsChecked,
    distinctValues: scan.counts.size,
    orphans: orphans.length,
    orphanRows: orphans.reduce((sum, value) => sum + scan.counts.get(value)!, 0),
    sample: orphans.slice(0, sampleSize),
  };
  if (scan.incomplete !== undefined) report.incomplete = scan.incomplete;
  return report;
}

/** A report for a check that could not run. */
export function skippedReference(reference: TableReference, why: string): ReferenceReport {
  return {
    ...referenceReport(reference, null, { rowsChecked: 0, counts: new Map(), present: new Set() }),
    incomplete: why,
  };
}

/** Numbers in numeric order (MMSIs, ids), then text. */
function compareValues(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value as both sides compare it: numbers and bigints by their decimal text. */
export function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return String(value.getTime());
  return String(value);
}

export interface ScanOptions {
  /** Rows between two yields to the event loop, so the sync's writes interleave. */
  chunkRows?: number;
  maxDistinct?: number;
}

/**
 * Reads both sides from Harper in bounded memory (one entry per distinct value): the
 * referencing rows below `beforeMs` through their timestamp index, then the referenced
 * table's column. Nothing is billed on BigQuery.
 */
export async function scanReference(
  referencing: ValueScannableTable,
  referencingColumn: string,
  timestampAttribute: string,
  beforeMs: number,
  referenced: ValueScannableTable,
  referencedColumn: string,
  o: ScanOptions = {},
): Promise<ReferenceScan> {
  const chunk = o.chunkRows ?? 1000;
  const max = o.maxDistinct ?? MAX_DISTINCT_VALUES;
  const scan: ReferenceScan = { rowsChecked: 0, counts: new Map(), present: new Set() };
  let n = 0;
  const rows = referencing.search({
    conditions: [{ attribute: timestampAttribute, comparator: 'less_than', value: beforeMs }],
    select: [referencingColumn],
  });
  for await (const record of rows) {
    if (++n % chunk === 0) await yieldToWrites();
    const value = valueText(record[referencingColumn]);
    if (value === undefined) continue;
    scan.rowsChecked++;
    const seen = scan.counts.get(value);
    if (seen === undefined && scan.counts.size >= max) {
      scan.incomplete = `stopped after ${max} distinct values of ${referencingColumn}`;
      break;
    }
    scan.counts.set(value, (seen ?? 0) + 1);
  }
  for await (const record of referenced.search({ select: [referencedColumn] })) {
    if (++n % chunk === 0) await yieldToWrites();
    const value = valueText(record[referencedColumn]);
    // Only values the other side asked about are kept: memory follows the referencing side.
    if (value !== undefined && scan.counts.has(value)) scan.present.add(value);
  }
  return scan;
}

function yieldToWrites(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
