import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryConnection, TableConfig, TableReference } from '../../config/types.js';
import { bigQueryRowConverter } from '../convert/bigquery-row-converter.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { Cursor } from '../cursor/cursor.js';
import { keySpecFor } from '../pipeline/bigquery-table-pipeline.js';
import type { HarperRuntime, HarperTable } from '../sink/harper-sink.js';
import { requireTable } from '../sink/harper-tables.js';
import { BigQueryPageSource } from '../source/bigquery-page-source.js';
import { BigQuerySide } from './bigquery-side.js';
import { budgetSkipReason, hasBudget } from './budget.js';
import { contentPlan } from './canonical.js';
import { compareSides } from './compare-sides.js';
import { HarperSide, type ScannableTable } from './harper-side.js';
import {
  referenceReport,
  scanReference,
  skippedReference,
  type ReferenceReport,
  type ValueScannableTable,
} from './references.js';
import { applyRepair, readWindow, type WindowRepair } from './repair.js';
import {
  emptyEntry,
  recordRun,
  usageOf,
  type LedgerEntry,
  type ValidationStore,
  type ValidationUsage,
} from './ledger.js';
import { findingReport, lastValidationOf, type LastValidation, type ValidationReport } from './report.js';
import { resolveValidationSettings, type ValidationSettings } from './settings.js';
import { planWindows, windowWidthMs, type TimePartitioning } from './windows.js';

/** A run asked for: optional time range (ms, [from, to)) and who asked. */
export interface ValidationRequest {
  fromMs?: number;
  toMs?: number;
  trigger?: ValidationReport['trigger'];
  /** Overrides of the table's settings for this run (e.g. repair: false). */
  settings?: Partial<ValidationSettings>;
  /**
   * The committed cursor the run stays below, instead of the one `readCursor` gives (a
   * caller that knows every unit is past the rows it wants checked).
   */
  cursor?: Cursor;
}

export interface ValidatorOptions {
  /** The connection in force (it can change with the config). */
  connection: () => BigQueryConnection;
  /** The BigQuery client (created lazily by the caller, shared with the sync). */
  client: () => BigQuery;
  runtime: HarperRuntime;
  /** Database of the target tables (and of the checkpoints). */
  targetDatabase?: string;
  /** The committed cursor of a table; validation never looks at or above it. */
  readCursor(tableId: string): Promise<Cursor | undefined>;
  /** Another table of the config by id (the target of a cross-table reference). */
  tableById?(tableId: string): TableConfig | undefined;
  /** Bytes the table's own reads billed today (UTC), counted against sync.maxBytesBilledPerDay. */
  readsBilledToday?(tableId: string): number;
  /** Keeps each table's last run and validation cost across restarts (in memory without it). */
  store?: ValidationStore;
  now?: () => number;
  /** Every finished run (audit, logs). */
  onReport?(report: ValidationReport): void;
  onError?(tableId: string, error: Error): void;
}

/**
 * Proves a Harper table equals its BigQuery source below the committed cursor, names the
 * keys that differ, and repairs them. Runs on demand (`validate`) and on a per-table
 * schedule (`schedule`); a table's runs never overlap.
 */
export class Validator {
  /** Each table's last run and validation cost, once read from the store. */
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly loading = new Map<string, Promise<LedgerEntry>>();
  private readonly running = new Map<string, Promise<ValidationReport>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly o: ValidatorOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The last run's status figures of a table, if any (null until its record is read). */
  lastValidation(tableId: string): LastValidation | null {
    return this.entries.get(tableId)?.last ?? null;
  }

  /** What the table's validations cost on BigQuery; null until its record is read. */
  usage(tableId: string): ValidationUsage | null {
    const entry = this.entries.get(tableId);
    return entry ? usageOf(entry, this.now()) : null;
  }

  /** Reads the tables' stored records (a failed read leaves a table empty, logged through onError). */
  async load(tableIds: readonly string[]): Promise<void> {
    await Promise.all(tableIds.map((id) => this.entry(id)));
  }

  /** A table's entry, read from the store once. */
  private entry(tableId: string): Promise<LedgerEntry> {
    const known = this.entries.get(tableId);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(tableId);
    if (!pending) {
      pending = (this.o.store ? this.o.store.read(tableId) : Promise.resolve(undefined))
        .catch((error: unknown) => {
          this.o.onError?.(tableId, new Error(`could not read the stored validation: ${(error as Error).message}`));
          return undefined;
        })
        .then((stored) => {
          // A run that finished meanwhile already holds the newer entry.
          const entry = this.entries.get(tableId) ?? emptyEntry(this.now(), stored);
          this.entries.set(tableId, entry);
          return entry;
        });
      this.loading.set(tableId, pending);
    }
    return pending;
  }

  /** Validates one table now (after its run in progress, if any). */
  validate(table: TableConfig, request: ValidationRequest = {}): Promise<ValidationReport> {
    const previous = this.running.get(table.id) ?? Promise.resolve(undefined);
    const run = previous
      .catch(() => undefined)
      .then(() => this.entry(table.id))
      .then(() => this.run(table, request))
      .then(async (report) => {
        await this.remember(table.id, report);
        this.o.onReport?.(report);
        return report;
      });
    this.running.set(table.id, run);
    void run.finally(() => {
      if (this.running.get(table.id) === run) this.running.delete(table.id);
    });
    return run;
  }

  /** Bytes billed today (UTC) by a table's validations. */
  billedToday(tableId: string): number {
    return this.usage(tableId)?.bytesBilled.today ?? 0;
  }

  /** Adds a finished run to the table's entry and stores it (a failed write is reported, not thrown). */
  private async remember(tableId: string, report: ValidationReport): Promise<void> {
    const entry = recordRun(
      await this.entry(tableId),
      lastValidationOf(report),
      { jobs: report.jobs, bytesProcessed: report.bytesProcessed, bytesBilled: report.bytesBilled },
      this.now(),
    );
    this.entries.set(tableId, entry);
    try {
      await this.o.store?.write(tableId, { last: entry.last, totals: entry.totals });
    } catch (error) {
      this.o.onError?.(tableId, new Error(`could not store the validation result: ${(error as Error).message}`));
    }
  }

  /** (Re)starts the schedule: every table whose `validation.intervalMs` is above 0. */
  schedule(tables: readonly TableConfig[]): void {
    this.stop();
    for (const table of tables) {
      const { intervalMs } = resolveValidationSettings(table.validation);
      if (intervalMs <= 0) continue;
      const tick = () => {
        this.validate(table, { trigger: 'schedule' })
          .catch((error: unknown) => this.o.onError?.(table.id, error as Error))
          .finally(() => {
            if (this.timers.has(table.id)) this.timers.set(table.id, setTimeout(tick, intervalMs));
          });
      };
      this.timers.set(table.id, setTimeout(tick, intervalMs));
    }
  }

  /** Stops the schedule; a run in progress finishes. */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(table: TableConfig, request: ValidationRequest): Promise<ValidationReport> {
    const started = Date.now();
    const settings = resolveValidationSettings({ ...table.validation, ...request.settings });
    const report: ValidationReport = {
      tableId: table.id,
      trigger: request.trigger ?? 'library',
      at: new Date(started).toISOString(),
      range: null,
      windowMs: 0,
      windows: 0,
      mismatches: 0,
      repaired: 0,
      missing: 0,
      extra: 0,
      changed: 0,
      bytesBilled: 0,
      bytesProcessed: 0,
      jobs: 0,
      clean: false,
      sourceRows: 0,
      targetRows: 0,
      durationMs: 0,
      repair: settings.repair,
      deleteExtra: settings.deleteExtra,
      excludedColumns: [],
      findings: [],
      referenceChecks: [],
    };
    const finish = (skipped?: string) => {
      if (skipped !== undefined) report.skipped = skipped;
      report.durationMs = Date.now() - started;
      // This run's bytes reach the ledger after it; the report shows the day with them.
      report.bytesBilledToday = this.billedToday(table.id) + report.bytesBilled;
      return report;
    };

    const connection = this.o.connection();
    const cursor = request.cursor ?? (await this.o.readCursor(table.id));
    if (!cursor) return finish('nothing committed yet: no checkpoint');

    const client = this.o.client();
    const [metadata] = (await client
      .dataset(table.dataset, { projectId: connection.projectId })
      .table(table.table)
      .getMetadata()) as unknown as [{ schema?: { fields?: SchemaField[] }; timePartitioning?: TimePartitioning }];
    const fields = metadata.schema?.fields ?? [];
    const key = keySpecFor(table, fields);
    const content = contentPlan(fields, table.columns, key);
    report.excludedColumns = content.excluded;
    const keyIsId = key.kind === 'columns' && key.columns.length === 1 && key.columns[0]!.name === 'id';
    const timestampAttribute = table.timestampColumn === 'id' && !keyIsId ? '_source_id' : table.timestampColumn;
    const targetTable = requireTable<HarperTable & ScannableTable & ValueScannableTable>(
      this.o.runtime.databases,
      this.o.targetDatabase ?? 'data',
      table.targetTable,
      'the target table of the sync must exist to be validated',
    );
    // Harper-only (nothing billed), so it runs even when the budget stops the comparison.
    for (const reference of settings.references)
      report.referenceChecks.push(await this.checkReference(reference, targetTable, timestampAttribute, cursor));

    const widthMs = windowWidthMs(metadata.timePartitioning, table.timestampColumn, settings.windowMs);
    const plan = planWindows({
      cursorMicros: cursor.timestampMicros,
      widthMs,
      fromMs: request.fromMs,
      toMs: request.toMs,
    });
    report.windowMs = widthMs;
    report.range = { from: new Date(plan.fromMs).toISOString(), to: new Date(plan.toMs).toISOString() };

    const cap = minBytes(settings.maxBytesBilled, connection.maximumBytesBilled);
    const source = new BigQuerySide(
      client,
      {
        projectId: connection.projectId,
        dataset: table.dataset,
        table: table.table,
        timestampColumn: table.timestampColumn,
        key,
        content: content.columns,
      },
      { location: connection.location, maximumBytesBilled: cap, timeoutMs: table.sync.queryTimeoutMs },
    );
    const budget = {
      maxBytesBilled: settings.maxBytesBilled,
      maxBytesBilledPerDay: table.sync.maxBytesBilledPerDay,
      billedToday: (this.o.readsBilledToday?.(table.id) ?? 0) + this.billedToday(table.id),
    };
    if (hasBudget(budget) && plan.fromMs < plan.toMs) {
      // A dry run bills nothing: the run stops before its first billed query.
      const reason = budgetSkipReason(await source.estimateBytes(plan), budget);
      if (reason !== undefined) return finish(reason);
    }

    const target = new HarperSide(targetTable, { timestampAttribute, content: content.columns });

    const comparison = await compareSides(plan, source, target, {
      minWindowMs: settings.minWindowMs,
      maxKeyRows: settings.maxKeyRows,
    });
    report.windows = comparison.windows;
    report.sourceRows = comparison.sourceRows;
    report.targetRows = comparison.targetRows;

    const findings = comparison.findings.filter(
      (f) => f.diff.missing.length + f.diff.extra.length + f.diff.changed.length > 0,
    );
    const pageSource = new BigQueryPageSource(
      client,
      {
        projectId: connection.projectId,
        dataset: table.dataset,
        table: table.table,
        timestampColumn: table.timestampColumn,
        columns: table.columns,
        key,
      },
      {
        location: connection.location,
        maximumBytesBilled: connection.maximumBytesBilled,
        timeoutMs: table.sync.queryTimeoutMs,
      },
    );
    const convert = bigQueryRowConverter({
      fields,
      key,
      numericMode: table.numericMode,
      geographyFormat: table.geographyFormat,
    });
    // Repairs re-read their windows: those jobs are the validation's cost too.
    const repairReads = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };
    for (const finding of findings) {
      let repair: WindowRepair | undefined;
      const needsRead = finding.diff.missing.length + finding.diff.changed.length > 0;
      if (settings.repair && (needsRead || settings.deleteExtra)) {
        const { records, stats } = needsRead
          ? await readWindow(pageSource, convert, finding.window, Math.min(10_000, settings.maxKeyRows + 1))
          : { records: [], stats: undefined };
        repairReads.jobs += stats?.jobs ?? 0;
        repairReads.bytesProcessed += stats?.bytesProcessed ?? 0;
        repairReads.bytesBilled += stats?.bytesBilled ?? 0;
        repair = await applyRepair(this.o.runtime, targetTable, finding.diff, records, settings.deleteExtra);
        report.repaired += repair.upserted + repair.deleted;
      }
      report.missing += finding.diff.missing.length;
      report.extra += finding.diff.extra.length;
      report.changed += finding.diff.changed.length;
      report.findings.push(findingReport(finding, repair));
    }
    report.mismatches = findings.length;
    // A window whose figures differed but whose keys then agreed was caught mid-write: not a mismatch.
    report.clean = findings.length === 0;
    report.bytesBilled = source.cost.bytesBilled + repairReads.bytesBilled;
    report.bytesProcessed = source.cost.bytesProcessed + repairReads.bytesProcessed;
    report.jobs = source.cost.jobs + repairReads.jobs;
    return finish();
  }

  /**
   * One cross-table check, over rows both tables' cursors have passed: a referenced row is
   * assumed to be no newer than the rows naming it (a vessel's metadata row is written at its
   * first sighting), so a row the referenced table's sync has not reached yet is not judged.
   */
  private async checkReference(
    reference: TableReference,
    targetTable: ValueScannableTable,
    timestampAttribute: string,
    cursor: Cursor,
  ): Promise<ReferenceReport> {
    const other = this.o.tableById?.(reference.table);
    if (!other) return skippedReference(reference, `no table with id ${reference.table} in the config`);
    try {
      const otherCursor = await this.o.readCursor(other.id);
      if (!otherCursor) return skippedReference(reference, `${other.id} has nothing committed yet`);
      const referenced = requireTable<ValueScannableTable>(
        this.o.runtime.databases,
        this.o.targetDatabase ?? 'data',
        other.targetTable,
        'the referenced table must exist',
      );
      const beforeMs = Math.min(cursorMs(cursor), cursorMs(otherCursor));
      const scan = await scanReference(
        targetTable,
        reference.column,
        timestampAttribute,
        beforeMs,
        referenced,
        reference.referencedColumn,
      );
      return referenceReport(reference, beforeMs, scan);
    } catch (error) {
      return skippedReference(reference, `failed: ${(error as Error).message}`);
    }
  }
}

/** Millisecond of a cursor; rows at it may be only partly committed, so checks stay below it. */
function cursorMs(cursor: Cursor): number {
  const micros = cursor.timestampMicros;
  const ms = micros / 1000n;
  return Number(micros % 1000n !== 0n && micros < 0n ? ms - 1n : ms);
}

function minBytes(...caps: (string | undefined)[]): string | undefined {
  const given = caps.filter((c): c is string => c !== undefined).map((c) => BigInt(c));
  if (given.length === 0) return undefined;
  return given.reduce((a, b) => (a < b ? a : b)).toString();
}
