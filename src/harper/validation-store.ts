import type { HarperRuntime, HarperTable } from '../../streams/sink/harper-sink.js';
import { totalsOf, totalsRecord } from '../../streams/sink/harper-checkpoint-store.js';
import { plainRecord, requireTable } from '../../streams/sink/harper-tables.js';
import type { StoredValidation, ValidationStore } from '../../streams/validate/ledger.js';
import type { LastValidation } from '../../streams/validate/report.js';

/** Harper table of the validation records, one per table id (schema/sync.graphql). */
export const VALIDATION_TABLE = 'SyncValidation';

/**
 * Validation records in Harper (`bigquery_sync.SyncValidation`, id = table id): the last
 * run's status figures and the running cost totals, so both survive a restart. A record of
 * its own: SyncCheckpoint is rewritten whole by every row commit, and SyncTableStatus by
 * every status publish, so neither can hold what another writer adds.
 */
export class HarperValidationStore implements ValidationStore {
  constructor(
    private readonly runtime: HarperRuntime,
    private readonly database = 'bigquery_sync',
  ) {}

  async read(tableId: string): Promise<StoredValidation | undefined> {
    const record = await this.table().get(tableId);
    if (!record) return undefined;
    const r = plainRecord(record);
    if (r.statsDay === undefined || r.statsDay === null) return undefined;
    return { last: (r.last as LastValidation | null | undefined) ?? null, totals: totalsOf(r) };
  }

  async write(tableId: string, record: StoredValidation): Promise<void> {
    // Validations write no rows: the totals' rowsWritten (always 0 here) is not stored.
    const { rowsWritten: _unused, ...totals } = totalsRecord(record.totals);
    await this.table().put({ id: tableId, last: record.last, ...totals });
  }

  private table(): HarperTable {
    return requireTable(this.runtime.databases, this.database, VALIDATION_TABLE, "is this component's schema loaded?");
  }
}
