import { configFromComponentOptions } from '../../config/index.js';
import type { BatchCommit } from '../../streams/sink/batch-sink.js';
import type { HarperRuntime } from '../../streams/sink/harper-runtime.js';
import { parseClusterSettings } from './cluster-config.js';
import { leaseId } from './lease.js';
import { unitPlacement } from './placement.js';
import { installResidency, tagPlacement, type ResidencyTable } from './residency.js';

/** A commit's first step; what it returns is stamped on the checkpoint (e.g. the fence). */
type CommitStep<T> = (batch: BatchCommit, txn: unknown) => Promise<T>;

/**
 * The first step of every commit in sharded placement: the fence check, then the batch's
 * rows are tagged to live on this node (the unit's lease holder, who writes them) plus
 * the `replicas` live members that rank next for the unit. Members are read at commit
 * time, so a unit that moved places its new rows on its new owner; rows written before
 * stay where they were placed (Harper keeps each record's residency with the record).
 */
export function shardedCommitStep<T>(
  fenced: CommitStep<T>,
  databases: HarperRuntime['databases'],
  self: string,
  members: () => readonly string[],
  replicas: number,
): CommitStep<T> {
  return async (batch, txn) => {
    const stamp = await fenced(batch, txn);
    // The writer's own thread must place the rows, whatever the other workers managed.
    const table = databases.data?.[batch.targetTable] as ResidencyTable | undefined;
    if (!table || !installResidency(table)) {
      throw new Error(`sharded placement: table data.${batch.targetTable} takes no residency function`);
    }
    tagPlacement(txn, unitPlacement(leaseId(batch.tableId, batch.unit), self, members(), replicas));
    return stamp;
  };
}

/** The target tables of a component block in sharded cluster mode; [] otherwise or when invalid. */
export function shardedTargetTables(options: unknown): string[] {
  try {
    const { cluster, ...rest } = (options ?? {}) as Record<string, unknown>;
    if (parseClusterSettings(cluster)?.placement.mode !== 'sharded') return [];
    return [...new Set(configFromComponentOptions(rest).tables.map((t) => t.targetTable))];
  } catch {
    // The worker that runs the sync reports bad settings; here they mean "nothing to shard".
    return [];
  }
}

/**
 * Installs the residency function on the target tables of a sharded block in this worker
 * thread, retrying for a while for tables whose schema has not loaded yet. Every worker
 * needs it, not only the one that writes (see residency.ts).
 */
export function installShardedResidency(
  options: unknown,
  databases: HarperRuntime['databases'],
  onMissing: (tables: string[]) => void = () => undefined,
  attempts = 60,
): void {
  const wanted = shardedTargetTables(options);
  const missing = wanted.filter((name) => {
    const table = databases.data?.[name] as ResidencyTable | undefined;
    return !table || !installResidency(table);
  });
  if (missing.length === 0) return;
  if (attempts <= 1) {
    onMissing(missing);
    return;
  }
  setTimeout(() => installShardedResidency(options, databases, onMissing, attempts - 1), 1_000).unref();
}
