import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { randomPassword, writeCredentials, type HarperCredentials } from '../../src/harper-process/credentials.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An empty folder of this run where the first file that needs Harper installs a template root. */
    harperTemplateDir: string;
  }
}

/**
 * A Harper root installed once per test run and copied for each file that starts Harper.
 *
 * `harperdb install` (users, keys, certificates, the system database) is about a third of a
 * fresh root's start (measured: ~14 s CPU for install + boot, ~9 s for boot of a copy). Every
 * file still runs its own Harper process on its own copy of the root, with its own HOME,
 * ROOTPATH, ports and admin password; only the install is shared. The first worker that needs
 * it installs it (an mkdir lock), the others wait for the `ready` marker.
 */
const READY = 'ready';
const FAILED = 'failed';
const LOCK = 'lock';
const ROOT = 'root';

/** Where the template root of this run is, installing it on first use; undefined when there is none. */
export async function harperTemplate(): Promise<string | undefined> {
  let base: string | undefined;
  try {
    base = inject('harperTemplateDir');
  } catch {
    return undefined;
  }
  if (!base) return undefined;
  const root = join(base, ROOT);
  if (existsSync(join(base, READY))) return root;
  try {
    mkdirSync(join(base, LOCK));
  } catch {
    return waitForTemplate(base);
  }
  try {
    await installRoot(root, { username: 'admin', password: randomPassword() });
    writeFileSync(join(base, READY), '');
    return root;
  } catch (error) {
    writeFileSync(join(base, FAILED), String((error as Error).message));
    throw error;
  }
}

async function waitForTemplate(base: string): Promise<string> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (existsSync(join(base, READY))) return join(base, ROOT);
    if (existsSync(join(base, FAILED))) {
      throw new Error(`the Harper template root failed to install: ${readFileSync(join(base, FAILED), 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for the Harper template root in ${base}`);
}

/** Installs Harper into `root` (HOME and ROOTPATH beside each other, as HarperProcess lays them out). */
async function installRoot(root: string, credentials: HarperCredentials): Promise<void> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'home'), { recursive: true, mode: 0o700 });
  writeCredentials(root, credentials);
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('harperdb')), 'bin', 'harperdb.js');
  // The same install settings HarperProcess passes when `harperdb run` installs a new root;
  // ports, bind address and threads are set again by HarperProcess on every start.
  const child = spawn(process.execPath, [bin, 'install'], {
    cwd: root,
    env: {
      ...process.env,
      HOME: join(root, 'home'),
      ROOTPATH: join(root, 'hdb'),
      TC_AGREEMENT: 'yes',
      HDB_ADMIN_USERNAME: credentials.username,
      HDB_ADMIN_PASSWORD: credentials.password,
      DEFAULTS_MODE: 'prod',
      REPLICATION_HOSTNAME: 'localhost',
      THREADS_COUNT: '1',
      LOCALSTUDIO_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0 || !existsSync(join(root, 'hdb', 'harperdb-config.yaml'))) {
    throw new Error(`harperdb install exited with ${String(code)}: ${output.slice(-2000)}`);
  }
}

/**
 * A new root for one Harper process, copied from the template: Harper's files name their
 * root by absolute path (its config and the boot properties in HOME), so those are moved
 * to the copy. `useHarper` gives the copy its own admin password once it runs
 * (`rotatePassword`), so no two files share a login.
 */
export function copyHarperRoot(template: string, rootDir: string): void {
  mkdirSync(rootDir, { recursive: true, mode: 0o700 });
  cpSync(join(template, 'hdb'), join(rootDir, 'hdb'), { recursive: true });
  cpSync(join(template, 'home'), join(rootDir, 'home'), { recursive: true });
  for (const file of [join('hdb', 'harperdb-config.yaml'), join('home', '.harperdb', 'hdb_boot_properties.file')]) {
    const path = join(rootDir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll(template, rootDir));
  }
  cpSync(join(template, 'credentials.json'), join(rootDir, 'credentials.json'));
}
