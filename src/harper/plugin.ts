/**
 * Harper plugin entry (config.yaml `pluginModule`). Harper imports this module on the main
 * thread too, where `import ... from 'harperdb'` fails, so only types come from harperdb
 * and runtime access goes through Harper's globals.
 */
import type { Scope } from 'harperdb';
import { configDirectory, readConfig } from './plugin-config.js';
// The sync and cluster services (BigQuery client, gRPC, Arrow: ~900 modules, ~1 s of CPU) are
// imported when a config needs them: Harper also imports this module on its main thread,
// where handleApplication never runs, and on worker 1.. which leave the sync to worker 0.
import type { SyncService, ServiceLogger } from './sync-service.js';
import { workerIndex as currentWorkerIndex } from './worker.js';
import type { ClusterSync } from '../cluster/cluster-sync.js';
import { parseClusterSettings, type ClusterSettings } from '../cluster/cluster-config.js';
import { installShardedResidency } from '../cluster/sharded.js';
import { harperGlobals } from '../../streams/sink/harper-sink.js';

export const LOG_TAG = 'bq-sync';

/**
 * Called by Harper once per worker thread for every application that names this package.
 * The sync runs on one worker per node: every node has its own worker 0, and a second
 * writer thread would not add throughput (Harper writes through a single writer).
 */
export function handleApplication(scope: Scope): void {
  const logger = scope.logger.withTag ? scope.logger.withTag(LOG_TAG) : scope.logger;
  const log: ServiceLogger = {
    info: (m) => logger.notify?.(m),
    warn: (m) => logger.warn?.(m),
    error: (m) => logger.error?.(m),
  };
  // Sharded cluster placement: every worker keeps the sync's rows where they were placed.
  const shardResidency = () =>
    installShardedResidency(scope.options.getAll(), harperGlobals().databases, (missing) =>
      log.warn(`sharded placement: no residency function on ${missing.join(', ')}`),
    );
  shardResidency();
  scope.options.on('change', shardResidency);
  const workerIndex = currentWorkerIndex();
  if (workerIndex !== 0) {
    logger.debug?.(`worker ${String(workerIndex)} leaves the sync to worker 0`);
    return;
  }
  const keys = Object.keys(scope.options.getAll() ?? {}).filter((k) => k !== 'package');
  log.info(`harper-bigquery-sync loaded on worker 0 (config keys: ${keys.join(', ') || 'none'})`);

  let service: SyncService | undefined;
  // Cluster mode (preview) only with `cluster: { enabled: true }`; one node never gets here.
  let clusterSync: ClusterSync | undefined;
  let queue: Promise<void> = Promise.resolve();
  // Config changes and close are applied one at a time, in order.
  const enqueue = (step: () => Promise<void>) => {
    queue = queue.then(step).catch((error: unknown) => log.error(`sync: ${(error as Error).message}`));
  };

  const apply = async () => {
    const { cluster: clusterBlock, ...options } = (scope.options.getAll() ?? {}) as Record<string, unknown>;
    const config = readConfig(options, configDirectory(scope), log);
    await clusterSync?.stop();
    clusterSync = undefined;
    let cluster: ClusterSettings | undefined;
    try {
      cluster = parseClusterSettings(clusterBlock);
    } catch (error) {
      // Not silently one node per node (each would copy everything): nothing until fixed.
      log.error(`invalid cluster settings, not syncing: ${(error as Error).message}`);
      await service?.stop();
      service = undefined;
      return;
    }
    if (config && cluster) {
      await service?.stop();
      service = undefined;
      const self = (server as unknown as { hostname: string }).hostname;
      const { ClusterSync } = await import('../cluster/cluster-sync.js');
      clusterSync = new ClusterSync(config, cluster, self, harperGlobals(), log);
      clusterSync.start();
      return;
    }
    if (!config) {
      await service?.stop();
      service = undefined;
      return;
    }
    if (service) {
      await service.reconfigure(config);
    } else {
      const { SyncService } = await import('./sync-service.js');
      service = new SyncService(config, log);
      service.start();
    }
    log.info(
      `syncing ${config.tables.length} table(s): ${config.tables.map((t) => `${t.dataset}.${t.table} -> ${t.targetTable}`).join(', ')}`,
    );
  };

  enqueue(apply);
  scope.options.on('change', () => enqueue(apply));
  scope.on('close', () => {
    log.info('harper-bigquery-sync closing: draining table pipelines');
    enqueue(async () => {
      await service?.stop();
      service = undefined;
      await clusterSync?.stop();
      clusterSync = undefined;
    });
  });
}
