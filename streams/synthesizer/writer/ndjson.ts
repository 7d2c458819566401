import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Pulls at most `size` items at a time from `source`: the generator never reads ahead of
 * the chunk being handed out, so a lazy row stream stays lazy (memory ~ one chunk).
 */
export function* chunked<T>(source: Iterable<T>, size: number): Generator<T[], void, undefined> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  let chunk: T[] = [];
  for (const item of source) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** One JSON object per line, newline-terminated (JSON.stringify escapes newlines inside strings). */
export function toNdjson(rows: readonly unknown[]): string {
  let text = '';
  for (const row of rows) text += JSON.stringify(row) + '\n';
  return text;
}

export const TEMP_DIR_PREFIX = 'maritime-synth-';

/**
 * Runs `fn` with a fresh private folder for NDJSON files and removes the folder afterwards,
 * whether `fn` succeeded, threw or was aborted.
 */
export async function withTempDir<T>(parent: string | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(parent ?? tmpdir(), TEMP_DIR_PREFIX));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes `rows` as NDJSON to `file`, runs `fn`, and deletes the file however `fn` ends. */
export async function withNdjsonFile<T>(file: string, rows: readonly unknown[], fn: () => Promise<T>): Promise<T> {
  try {
    await writeFile(file, toNdjson(rows));
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
