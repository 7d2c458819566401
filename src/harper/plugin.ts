/**
 * Harper plugin entry (config.yaml `pluginModule`). Harper imports this module on the main
 * thread too, where `import ... from 'harperdb'` fails, so only types come from harperdb
 * and runtime access goes through Harper's globals.
 */
import type { Scope } from 'harperdb';
import { workerIndex as currentWorkerIndex } from './worker.js';

export const LOG_TAG = 'bq-sync';

/**
 * Called by Harper once per worker thread for every application that names this package.
 * The sync runs on one worker per node: every node has its own worker 0, and a second
 * writer thread would not add throughput (Harper writes through a single writer).
 */
export function handleApplication(scope: Scope): void {
  const log = scope.logger.withTag ? scope.logger.withTag(LOG_TAG) : scope.logger;
  const workerIndex = currentWorkerIndex();
  if (workerIndex !== 0) {
    log.debug?.(`worker ${String(workerIndex)} leaves the sync to worker 0`);
    return;
  }
  const keys = Object.keys(scope.options.getAll() ?? {}).filter((k) => k !== 'package');
  log.notify?.(`harper-bigquery-sync loaded on worker 0 (config keys: ${keys.join(', ') || 'none'})`);
  scope.on('close', () => {
    log.notify?.('harper-bigquery-sync closing');
  });
}
