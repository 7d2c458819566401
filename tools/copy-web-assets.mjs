// Copies uPlot (a dependency) next to the dashboard page, so Harper's static handler serves
// it from the component itself and the page works offline. Run by `npm run build`.
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
  const from = join(dist, file);
  if (!existsSync(from)) throw new Error(`uplot: ${from} is missing (npm install?)`);
  copyFileSync(from, join(root, 'web', file));
}
