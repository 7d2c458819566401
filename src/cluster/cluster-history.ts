import type { Subscription } from 'rxjs';
import { historySamples, type HistorySample, type SampledStatus } from '../harper/history.js';
import { SYNC_DATABASE, type HarperRuntime, type HarperTable } from '../../streams/sink/harper-sink.js';
import { requireTable, type HarperDatabases } from '../../streams/sink/harper-tables.js';
import { readClusterStatus } from './cluster-status-reader.js';

/**
 * The dashboard's history (SyncHistorySample) in cluster mode: every few seconds, the node
 * that runs a table's unit 0 samples the table's status aggregated over all its units, so
 * each table is sampled by one node.
 */
export class ClusterHistory {
  private latest: SampledStatus[] = [];
  private subscription: Subscription | undefined;

  constructor(
    private readonly runtime: HarperRuntime,
    /** The tables this node samples now. */
    private readonly tablesHere: () => readonly string[],
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    this.subscription = historySamples(() => this.latest).subscribe((samples) => this.record(samples));
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  /** Reads the aggregated statuses of this node's tables (called on each cluster tick). */
  async refresh(): Promise<void> {
    const mine = this.tablesHere();
    if (mine.length === 0) {
      this.latest = [];
      return;
    }
    const status = await readClusterStatus(this.runtime.databases as HarperDatabases);
    this.latest = (status?.tables ?? []).filter((t) => mine.includes(t.tableId));
  }

  private record(samples: HistorySample[]): void {
    try {
      const table = requireTable<HarperTable>(
        this.runtime.databases,
        SYNC_DATABASE,
        'SyncHistorySample',
        "is this component's schema loaded?",
      );
      for (const sample of samples) table.put({ ...sample });
    } catch (error) {
      this.warn(`could not record history: ${(error as Error).message}`);
    }
  }
}
