import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryConnection, SyncConfig } from '../../config/types.js';
import { HarperSink, SYNC_DATABASE, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import type { ValidationUsage } from '../../streams/validate/ledger.js';
import type { LastValidation, ValidationReport } from '../../streams/validate/report.js';
import { Validator } from '../../streams/validate/validator.js';
import { HarperValidationStore } from './validation-store.js';
import { WHOLE_TABLE_UNIT } from '../../actors/orchestrator.js';
import type { Cursor } from '../../streams/cursor/cursor.js';

interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface WritableTable {
  put(record: Record<string, unknown>, context?: unknown): unknown;
}

/**
 * Validation as the Harper component runs it: the Validator on each table's schedule and
 * on `validate` control requests, reports to SyncAudit, figures for the status record, and
 * each table's last run and validation cost kept in SyncValidation across restarts.
 */
export class ValidationService {
  private readonly validator: Validator;
  private client: BigQuery | undefined;

  constructor(
    private config: SyncConfig,
    private readonly runtime: HarperRuntime,
    private readonly log: Log,
    private readonly makeClient: (connection: BigQueryConnection) => BigQuery,
    /** Bytes a table's own reads billed today (its status), shared with validation under the daily budget. */
    readsBilledToday: (tableId: string) => number = () => 0,
    /** The committed cursor validation stays below; cluster mode passes the least unit's. */
    readCursor?: (tableId: string) => Promise<Cursor | undefined>,
  ) {
    const sink = new HarperSink(runtime);
    this.validator = new Validator({
      connection: () => this.config.bigquery,
      client: () => (this.client ??= this.makeClient(this.config.bigquery)),
      runtime,
      readCursor: readCursor ?? (async (tableId) => (await sink.readCheckpoint(tableId, WHOLE_TABLE_UNIT))?.cursor),
      tableById: (tableId) => this.config.tables.find((t) => t.id === tableId),
      readsBilledToday,
      store: new HarperValidationStore(runtime),
      onReport: (report) => this.audit(report),
      onError: (tableId, error) => this.log.warn(`validation of ${tableId} failed: ${error.message}`),
    });
  }

  /** Starts the schedule; resolves once the stored records of the tables are read. */
  start(): Promise<void> {
    this.validator.schedule(this.config.tables);
    return this.validator.load(this.config.tables.map((t) => t.id));
  }

  reconfigure(config: SyncConfig): void {
    if (JSON.stringify(config.bigquery) !== JSON.stringify(this.config.bigquery)) this.client = undefined;
    this.config = config;
    this.validator.schedule(config.tables);
    void this.validator.load(config.tables.map((t) => t.id));
  }

  /** Scheduled runs for these tables only (cluster mode: the tables whose unit 0 runs here). */
  scheduleOnly(tableIds: readonly string[]): void {
    this.validator.schedule(this.config.tables.filter((t) => tableIds.includes(t.id)));
  }

  stop(): void {
    this.validator.stop();
  }

  lastValidation(tableId: string): LastValidation | null {
    return this.validator.lastValidation(tableId);
  }

  /** What the table's validations cost (null until its record is read). */
  usage(tableId: string): ValidationUsage | null {
    return this.validator.usage(tableId);
  }

  /** Bytes billed today (UTC) by the table's validations, shared with its reads under the daily budget. */
  billedToday(tableId: string): number {
    return this.validator.billedToday(tableId);
  }

  /** Carries out a `validate` control request in the background, tracking it in its record. */
  take(command: Record<string, unknown>, commands: WritableTable): void {
    const tableId = String(command.tableId);
    commands.put({ ...command, state: 'running', message: `validate ${tableId}: running` });
    void this.runCommand(command)
      .then((report) => {
        const message = `validate ${tableId}: ${summaryLine(report)}`;
        commands.put({ ...command, state: 'done', message, result: { ...this.validator.lastValidation(tableId) } });
        this.log.info(message);
      })
      .catch((error: unknown) => {
        const message = `validate ${tableId}: ${(error as Error).message}`;
        commands.put({ ...command, state: 'error', message });
        this.log.warn(message);
      });
  }

  /**
   * Validates a table now with repair on (whatever its settings say about repair), for a
   * caller that knows rows may be missing here (cluster mode after a membership change, member-change-repair.ts).
   */
  repairNow(tableId: string, range: { fromMs?: number; cursor?: Cursor } = {}): Promise<ValidationReport> {
    const table = this.config.tables.find((t) => t.id === tableId);
    if (!table) return Promise.reject(new Error(`no table with id ${tableId} in the config`));
    return this.validator.validate(table, { trigger: 'demand', settings: { repair: true }, ...range });
  }

  private async runCommand(command: Record<string, unknown>): Promise<ValidationReport> {
    const table = this.config.tables.find((t) => t.id === command.tableId);
    if (!table) throw new Error(`no table with id ${String(command.tableId)} in the config`);
    return this.validator.validate(table, {
      trigger: 'demand',
      fromMs: timeOf(command.from, 'from'),
      toMs: timeOf(command.to, 'to'),
    });
  }

  private audit(report: ValidationReport): void {
    const line = `table ${report.tableId}: validation ${summaryLine(report)}`;
    const orphans = report.referenceChecks.some((c) => c.orphans > 0);
    if ((report.clean || report.skipped) && !orphans) this.log.info(line);
    else this.log.warn(line);
    try {
      requireTable<WritableTable>(
        this.runtime.databases,
        SYNC_DATABASE,
        'SyncAudit',
        "is this component's schema loaded?",
      ).put({
        id: `${report.tableId}-validation-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        tableId: report.tableId,
        event: 'validation',
        message: line,
        details: report,
      });
    } catch (error) {
      this.log.warn(`could not write the validation audit record: ${(error as Error).message}`);
    }
  }
}

function summaryLine(r: ValidationReport): string {
  const references = r.referenceChecks
    .map(
      (c) =>
        `; ${c.column} -> ${c.table}.${c.referencedColumn}: ${c.incomplete ? `not checked (${c.incomplete})` : `${c.orphans} orphan values in ${c.orphanRows} rows${c.sample.length ? ` (${c.sample.slice(0, 5).join(', ')})` : ''}`}`,
    )
    .join('');
  if (r.skipped) return `skipped: ${r.skipped}${references}`;
  const figures = `${r.windows} windows, ${r.sourceRows} source rows, ${r.targetRows} Harper rows, ${r.bytesBilled} bytes billed`;
  if (r.clean) return `clean (${figures})${references}`;
  return `${r.mismatches} mismatching windows: ${r.missing} missing, ${r.extra} extra, ${r.changed} changed; ${r.repaired} rows repaired (${figures})${references}`;
}

function timeOf(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new Error(`${name}: expected an ISO time, got ${JSON.stringify(value)}`);
  return ms;
}
