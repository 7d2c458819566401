import type { HarperTable } from './harper-runtime.js';

/** The lmdb store behind a Harper table (`Table.primaryStore`), as far as `keyExists` reads it. */
interface PrimaryStore {
  getEntry(id: string): { value?: unknown } | undefined;
}

/**
 * Whether the target already holds a record with this id, for counting new keys. Harper's
 * `get(id, txn)` resolves asynchronously, and awaiting it for every row of a batch cost about
 * 14% more CPU on Harper's worker thread than the puts alone (benchmarks/README.md
 * "storage-read"); the table's primary store answers synchronously from committed data at
 * about no cost. A deleted record may stay as an entry without a value: it counts as absent,
 * like `get` says. Tables without a primary store (stand-ins) are asked through `get`.
 *
 * Returns a boolean when it could answer at once, so callers await only a promise.
 */
export function keyExists(table: HarperTable, id: string, txn: unknown): boolean | Promise<boolean> {
  const store = (table as { primaryStore?: Partial<PrimaryStore> }).primaryStore;
  if (typeof store?.getEntry === 'function') {
    const value = store.getEntry(id)?.value;
    return value !== undefined && value !== null;
  }
  const found = table.get(id, txn);
  return isPromise(found) ? found.then(Boolean) : Boolean(found);
}

function isPromise<T>(value: unknown): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
