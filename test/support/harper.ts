import { afterAll, afterEach, beforeAll } from 'vitest';
import { HarperProcess, type HarperProcessOptions } from '../../src/harper-process/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyHarperRoot, harperTemplate } from './harper-template.js';

/**
 * Starts a real Harper with this component for the tests of one file, stops it afterwards
 * and removes its temp root, and prints the tail of its log when a test fails.
 *
 * Without a rootDir, the root is a copy of this run's installed template root (see
 * harper-template.ts) when the options allow it: same install settings (loopback host
 * 127.0.0.1, no fixed login, no replication). Harper is still its own process per file.
 */
export function useHarper(
  options: HarperProcessOptions | (() => HarperProcessOptions | Promise<HarperProcessOptions>) = {},
): {
  readonly harper: HarperProcess;
} {
  const holder = { harper: undefined as HarperProcess | undefined };
  let resolved: HarperProcessOptions = {};
  let ownRoot: string | undefined;
  beforeAll(async () => {
    // A function lets the options depend on what earlier hooks started (e.g. a server URL).
    resolved = typeof options === 'function' ? await options() : options;
    const template = templateFits(resolved) ? await harperTemplate() : undefined;
    if (template) {
      ownRoot = mkdtempSync(join(tmpdir(), 'harper-bq-sync-'));
      copyHarperRoot(template, ownRoot);
      holder.harper = await new HarperProcess({ ...resolved, rootDir: ownRoot }).start();
      await holder.harper.rotatePassword();
    } else {
      holder.harper = await new HarperProcess(resolved).start();
      if (!resolved.rootDir) ownRoot = holder.harper.rootDir;
    }
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && holder.harper) {
      console.error(`--- Harper log tail (${holder.harper.logFile}) ---\n${holder.harper.tailLog(80)}`);
    }
  });
  afterAll(async () => {
    if (holder.harper) await holder.harper.stop();
    if (ownRoot) rmSync(ownRoot, { recursive: true, force: true });
  });
  return {
    get harper() {
      if (!holder.harper) throw new Error('Harper is not started (beforeAll failed?)');
      return holder.harper;
    },
  };
}

function templateFits(options: HarperProcessOptions): boolean {
  return (
    options.rootDir === undefined &&
    options.username === undefined &&
    options.password === undefined &&
    (options.host === undefined || options.host === '127.0.0.1') &&
    !options.replication
  );
}
