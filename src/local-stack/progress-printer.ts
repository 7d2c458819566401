import type { HarperProcess } from '../harper-process/index.js';
import { renderStatus, type ViewStatus } from './status-view.js';
import { renderCluster, type ViewCluster } from './cluster-view.js';

/**
 * Shows the sync's progress in the terminal: redrawn in place every second on a TTY, a
 * plain block every `plainEveryMs` otherwise (CI logs, pipes).
 */
export function printProgress(harper: HarperProcess, out: NodeJS.WriteStream, plainEveryMs = 10_000): () => void {
  let drawn = 0;
  let lastPlain = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const response = await harper.rest('/SyncStatus/');
      if (!response.ok) return;
      const body = (await response.json()) as { tables?: ViewStatus[]; cluster?: ViewCluster };
      const lines = renderStatus(body.tables ?? []);
      // Cluster mode: every unit, whichever node runs it.
      if (body.cluster) lines.push('', ...renderCluster(body.cluster));
      if (out.isTTY) {
        // Move up over the previous block and redraw it line by line.
        if (drawn > 0) out.write(`\x1b[${drawn}A`);
        for (const line of lines) out.write(`\x1b[2K${line}\n`);
        for (let i = lines.length; i < drawn; i++) out.write('\x1b[2K\n');
        drawn = Math.max(drawn, lines.length);
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        out.write(`${lines.join('\n')}\n\n`);
      }
    } catch {
      // Harper is stopping or restarting; the next tick tries again.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 1000);
  void tick();
  return () => clearInterval(timer);
}
