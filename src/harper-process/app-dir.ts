import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { stringify } from 'yaml';

/** The key (and node_modules folder name) under which an app names this package. */
export const COMPONENT_KEY = 'harper-bigquery-sync';

/**
 * What an app adds beside this component, e.g. a benchmark's own schema and resources.
 * Harper loads `graphqlSchema`/`jsResource` files relative to the app folder, so the files
 * are linked into it and the config names them by those relative paths.
 */
export interface AppExtras {
  /** More top-level entries of the app's config.yaml (other components of the app). */
  config?: Record<string, unknown>;
  /** Files or folders linked into the app folder: path relative to the app -> absolute target. */
  links?: Record<string, string>;
}

/**
 * Writes the small application folder that Harper runs. Harper only calls a plugin's
 * handleApplication for an app whose own config.yaml names the plugin, and it resolves the
 * package as `node_modules/<key>` next to that app, so the app links to the component.
 */
export function writeAppDir(
  appDir: string,
  componentDir: string,
  syncSettings: Record<string, unknown>,
  extras: AppExtras = {},
): void {
  if (extras.config && COMPONENT_KEY in extras.config) {
    throw new Error(`app config: ${COMPONENT_KEY} is this component's block; pass its settings as syncSettings`);
  }
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  const link = join(appDir, 'node_modules', COMPONENT_KEY);
  rmSync(link, { force: true, recursive: true });
  symlinkSync(componentDir, link, 'dir');
  for (const [path, target] of Object.entries(extras.links ?? {})) linkInto(appDir, path, target);
  const config = {
    rest: true,
    ...extras.config,
    [COMPONENT_KEY]: { package: COMPONENT_KEY, ...syncSettings },
  };
  // The sync settings can carry an inline service-account key: owner-only, also when the
  // file already existed with a wider mode.
  const configFile = join(appDir, 'config.yaml');
  writeFileSync(
    configFile,
    `# Written by harper-bigquery-sync's Harper harness; regenerated on every start.\n${stringify(config)}`,
    { mode: 0o600 },
  );
  chmodSync(configFile, 0o600);
  writeFileSync(
    join(appDir, 'package.json'),
    JSON.stringify({ name: 'harper-bigquery-sync-app', private: true, type: 'module' }, null, 2),
  );
}

function linkInto(appDir: string, path: string, target: string): void {
  const relative = normalize(path);
  // Links stay inside the app folder; node_modules belongs to the component link above.
  if (isAbsolute(relative) || relative === '.' || relative.split(sep).some((p) => p === '..' || p === 'node_modules')) {
    throw new Error(`app link ${JSON.stringify(path)}: expected a relative path inside the app folder`);
  }
  if (!isAbsolute(target)) throw new Error(`app link ${path}: target ${JSON.stringify(target)} must be absolute`);
  const at = join(appDir, relative);
  mkdirSync(dirname(at), { recursive: true });
  rmSync(at, { force: true, recursive: true });
  symlinkSync(target, at);
}
