/**
 * Sharded placement through Harper's per-record residency (Harper 4.7, read in its source
 * and checked on real nodes; see README "Cluster (preview)"):
 * - A table's static `setResidency(fn)` replaces how Harper computes a written record's
 *   residency: `fn(record, context)` returns the node names that hold the record, or
 *   undefined for Harper's default (every node, unless `replication.replicateTo` is set).
 * - The residency list is stored with the record and sent with it: nodes in the list get
 *   the full record; other nodes get only an invalidation carrying the indexed attributes
 *   (a stub that knows where the record lives), and a `get` of the record there fetches it
 *   from a node that holds it.
 * The sync tags each commit's transaction context with the placement of the batch's unit
 * (tagPlacement, in the commit's first step) and the target tables' residency function
 * returns it. Other tables in the same transaction (checkpoints, leases, skipped rows) have
 * no such function and stay fully replicated.
 */

/** The key of the placement on a Harper transaction context (shared across module copies). */
const PLACEMENT = Symbol.for('harper-bigquery-sync.placement');

type Context = Record<PropertyKey, unknown>;
export type ResidencyFunction = (record: Record<string, unknown>, context: Context | undefined) => unknown;

/** The part of a Harper table class residency needs. */
export interface ResidencyTable {
  setResidency?(fn: ResidencyFunction | undefined): void;
  getResidency?: ResidencyFunction;
}

/** The context of a transaction as Harper hands it to the callback (or the context itself). */
function contextOf(txn: unknown): Context | undefined {
  if (txn === null || typeof txn !== 'object') return undefined;
  const withContext = txn as { getContext?: () => unknown };
  const context = typeof withContext.getContext === 'function' ? withContext.getContext() : txn;
  return context !== null && typeof context === 'object' ? (context as Context) : undefined;
}

/** Marks every target row put in this transaction to live on `nodes` (writer first). */
export function tagPlacement(txn: unknown, nodes: readonly string[]): void {
  const context = contextOf(txn);
  if (!context) throw new Error('sharded placement: the commit has no Harper transaction context to tag');
  context[PLACEMENT] = [...nodes];
}

/**
 * The residency of a record written with `context`: the sync's placement when the write is
 * the sync's; where the record already lives when Harper asks after fetching it from
 * another node (a relocation: Harper would otherwise copy a read record onto the reading
 * node); else what Harper would have done (`fallback`).
 */
export function residencyFor(
  record: Record<string, unknown>,
  context: Context | undefined,
  fallback: ResidencyFunction | undefined,
): unknown {
  const placed = context?.[PLACEMENT];
  if (Array.isArray(placed)) return placed;
  if (context?.isRelocation === true && Array.isArray(context.previousResidency)) return context.previousResidency;
  return fallback?.(record, context);
}

const installed = new WeakSet<object>();

/**
 * Installs the sync's residency function on a target table (once per table class and
 * thread). Every worker thread needs it: reads on any worker may fetch a record from
 * another node and ask for its residency. Returns false when the table cannot take one.
 */
export function installResidency(table: ResidencyTable): boolean {
  if (installed.has(table)) return true;
  if (typeof table.setResidency !== 'function') return false;
  const fallback = typeof table.getResidency === 'function' ? table.getResidency.bind(table) : undefined;
  table.setResidency((record, context) => residencyFor(record, context, fallback));
  installed.add(table);
  return true;
}
