import { summaryJson } from './checksum.js';
import type { ExcludedColumn } from './canonical.js';
import type { WindowFinding } from './narrow.js';
import type { ReferenceReport } from './references.js';
import type { WindowRepair } from './repair.js';
import { describeWindow } from './windows.js';

/** The status summary of a table's last validation (TableStatus.lastValidation). */
export interface LastValidation {
  at: string;
  /** Windows holding rows on either side, all compared. */
  windows: number;
  /** Small windows whose keys differ. */
  mismatches: number;
  /** Rows written or deleted by the repair. */
  repaired: number;
  missing: number;
  extra: number;
  changed: number;
  bytesBilled: number;
  /** True when both sides agreed everywhere before any repair. */
  clean: boolean;
  /** Why the run did not compare anything (budget, no checkpoint yet, error). */
  skipped?: string;
  /** Distinct values naming no row of the referenced table, over all cross-table checks. */
  orphans?: number;
  /** Per cross-table check: the orphan count and a few orphan values. */
  references?: { column: string; table: string; orphans: number; sample: string[]; incomplete?: string }[];
  /** Bytes billed today (UTC) by this table's validations. */
  bytesBilledToday?: number;
}

/** One small window in the audit record. */
export interface FindingReport {
  window: { start: string; end: string };
  source: { count: number; keyXor: string; rowXor: string };
  target: { count: number; keyXor: string; rowXor: string };
  missing: number;
  extra: number;
  changed: number;
  /** Up to SAMPLE_KEYS keys of each kind. */
  sample: { missing: string[]; extra: string[]; changed: string[] };
  repaired: boolean;
  upserted: number;
  deleted: number;
  failed: { key: string; reason: string }[];
}

/** The full result of one run (the SyncAudit record's details). */
export interface ValidationReport extends LastValidation {
  tableId: string;
  trigger: 'schedule' | 'demand' | 'library';
  range: { from: string; to: string } | null;
  windowMs: number;
  sourceRows: number;
  targetRows: number;
  bytesProcessed: number;
  jobs: number;
  durationMs: number;
  repair: boolean;
  deleteExtra: boolean;
  excludedColumns: ExcludedColumn[];
  findings: FindingReport[];
  /** Cross-table checks (reported, never repaired). */
  referenceChecks: ReferenceReport[];
}

export const SAMPLE_KEYS = 100;
/** Orphan values per reference kept in the status record (the audit keeps more). */
const STATUS_SAMPLE = 5;

export function findingReport(f: WindowFinding, repair: WindowRepair | undefined): FindingReport {
  const [start, end] = describeWindow(f.window).split('..') as [string, string];
  return {
    window: { start, end },
    source: summaryJson(f.source),
    target: summaryJson(f.target),
    missing: f.diff.missing.length,
    extra: f.diff.extra.length,
    changed: f.diff.changed.length,
    sample: {
      missing: f.diff.missing.slice(0, SAMPLE_KEYS),
      extra: f.diff.extra.slice(0, SAMPLE_KEYS),
      changed: f.diff.changed.slice(0, SAMPLE_KEYS),
    },
    repaired: repair !== undefined && repair.failed.length === 0,
    upserted: repair?.upserted ?? 0,
    deleted: repair?.deleted ?? 0,
    failed: repair?.failed.slice(0, SAMPLE_KEYS) ?? [],
  };
}

/** The status fields of a report. */
export function lastValidationOf(r: ValidationReport): LastValidation {
  const out: LastValidation = {
    at: r.at,
    windows: r.windows,
    mismatches: r.mismatches,
    repaired: r.repaired,
    missing: r.missing,
    extra: r.extra,
    changed: r.changed,
    bytesBilled: r.bytesBilled,
    clean: r.clean,
  };
  if (r.skipped !== undefined) out.skipped = r.skipped;
  if (r.bytesBilledToday !== undefined) out.bytesBilledToday = r.bytesBilledToday;
  if (r.referenceChecks.length > 0) {
    out.orphans = r.referenceChecks.reduce((sum, c) => sum + c.orphans, 0);
    out.references = r.referenceChecks.map((c) => ({
      column: c.column,
      table: c.table,
      orphans: c.orphans,
      sample: c.sample.slice(0, STATUS_SAMPLE),
      ...(c.incomplete !== undefined ? { incomplete: c.incomplete } : {}),
    }));
  }
  return out;
}
