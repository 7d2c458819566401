/** Harper sets `server.workerIndex` (0..n-1) in worker threads; its typings omit it. */
export function workerIndex(): number | undefined {
  return (server as unknown as { workerIndex?: number }).workerIndex;
}
