import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The key (and node_modules folder name) under which an app names this package. */
export const COMPONENT_KEY = 'harper-bigquery-sync';

/**
 * Writes the small application folder that Harper runs. Harper only calls a plugin's
 * handleApplication for an app whose own config.yaml names the plugin, and it resolves the
 * package as `node_modules/<key>` next to that app, so the app links to the component.
 */
export function writeAppDir(appDir: string, componentDir: string, syncSettings: Record<string, unknown>): void {
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  const link = join(appDir, 'node_modules', COMPONENT_KEY);
  rmSync(link, { force: true, recursive: true });
  symlinkSync(componentDir, link, 'dir');
  const config = {
    rest: true,
    [COMPONENT_KEY]: { package: COMPONENT_KEY, ...syncSettings },
  };
  writeFileSync(
    join(appDir, 'config.yaml'),
    `# Written by harper-bigquery-sync's Harper harness; regenerated on every start.\n${stringify(config)}`,
  );
  writeFileSync(
    join(appDir, 'package.json'),
    JSON.stringify({ name: 'harper-bigquery-sync-app', private: true, type: 'module' }, null, 2),
  );
}
