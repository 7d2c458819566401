import type { TableEvent } from '../../actors/table-actor.js';
import { SYNC_DATABASE, type HarperRuntime, type HarperTable } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import type { ClusterLogger } from './cluster-sync.js';
import type { UnitStatusRecord } from './cluster-status.js';

/** Where unit statuses are published: beside the leases, replicated to every node. */
export const UNIT_STATUS_TABLE = 'SyncUnitStatus';

/** Publishes a unit's live status (one record per unit, replaced on each report). */
export function publishUnitStatus(runtime: HarperRuntime, record: UnitStatusRecord): void {
  requireTable<HarperTable>(runtime.databases, 'data', UNIT_STATUS_TABLE, "is this component's schema loaded?").put({
    ...record,
  });
}

/** One line for the log, as the single-node service writes it, naming the unit and node. */
export function unitEventLine(node: string, event: TableEvent & { unit: string }): string {
  const details = [
    'error' in event ? ` (${event.error})` : '',
    'delayMs' in event ? `, retry in ${event.delayMs} ms` : '',
    'message' in event && event.message ? `: ${event.message}` : '',
  ].join('');
  return `table ${event.tableId} unit ${event.unit} on ${node}: ${event.type}${details}`;
}

/** Logs a unit's lifecycle event and records it in SyncAudit (as one node does per table). */
export function auditUnitEvent(
  runtime: HarperRuntime,
  log: ClusterLogger,
  node: string,
  event: TableEvent & { unit: string },
): void {
  const line = unitEventLine(node, event);
  if (event.type === 'failed') log.error(line);
  else if (event.type === 'restarting' || event.type === 'warning') log.warn(line);
  else log.info(line);
  try {
    const { tableId, type, ...details } = event;
    requireTable<HarperTable>(runtime.databases, SYNC_DATABASE, 'SyncAudit', "is this component's schema loaded?").put({
      id: `${tableId}-${event.unit}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      tableId,
      event: type,
      message: line,
      details: { ...details, node },
    });
  } catch (error) {
    log.warn(`could not write audit event: ${(error as Error).message}`);
  }
}
