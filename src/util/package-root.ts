import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's folder, found by walking up from this module: the same code runs from
 * `src/` (vitest) and from `dist/src/` (compiled), at different depths.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'harper-bigquery-sync'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find the harper-bigquery-sync package folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
