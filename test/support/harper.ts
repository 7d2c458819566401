import { afterAll, afterEach, beforeAll } from 'vitest';
import { HarperProcess, type HarperProcessOptions } from '../../src/harper-process/index.js';
import { rmSync } from 'node:fs';

/**
 * Starts a real Harper with this component for the tests of one file, stops it afterwards
 * and removes its temp root, and prints the tail of its log when a test fails.
 */
export function useHarper(
  options: HarperProcessOptions | (() => HarperProcessOptions | Promise<HarperProcessOptions>) = {},
): {
  readonly harper: HarperProcess;
} {
  const holder = { harper: undefined as HarperProcess | undefined };
  let resolved: HarperProcessOptions = {};
  beforeAll(async () => {
    // A function lets the options depend on what earlier hooks started (e.g. a server URL).
    resolved = typeof options === 'function' ? await options() : options;
    holder.harper = await new HarperProcess(resolved).start();
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && holder.harper) {
      console.error(`--- Harper log tail (${holder.harper.logFile}) ---\n${holder.harper.tailLog(80)}`);
    }
  });
  afterAll(async () => {
    if (!holder.harper) return;
    await holder.harper.stop();
    if (!resolved.rootDir) rmSync(holder.harper.rootDir, { recursive: true, force: true });
  });
  return {
    get harper() {
      if (!holder.harper) throw new Error('Harper is not started (beforeAll failed?)');
      return holder.harper;
    },
  };
}
