import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The admin login of a local Harper. */
export interface HarperCredentials {
  username: string;
  password: string;
}

/** File beside the data that holds the admin login of that data root (mode 0600). */
export const CREDENTIALS_FILE = 'credentials.json';

/** What older harness versions installed every root with; only used to migrate such a root. */
export const LEGACY_CREDENTIALS: Readonly<HarperCredentials> = Object.freeze({
  username: 'admin',
  password: 'admin-password',
});

export function credentialsPath(rootDir: string): string {
  return join(rootDir, CREDENTIALS_FILE);
}

/** A new random password: 24 random bytes, URL-safe base64 (32 characters). */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The stored login of a data root, or undefined when the root has none yet. */
export function readCredentials(rootDir: string): HarperCredentials | undefined {
  const path = credentialsPath(rootDir);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
  const { username, password } = (parsed ?? {}) as Partial<HarperCredentials>;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
    throw new Error(`${path}: expected { "username": "...", "password": "..." }`);
  }
  return { username, password };
}

/**
 * Writes the login of a data root, readable by its owner only. chmod after writing because
 * an existing file keeps its old mode and the umask may widen a new one.
 */
export function writeCredentials(rootDir: string, credentials: HarperCredentials): void {
  mkdirSync(rootDir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(rootDir);
  writeFileSync(
    path,
    `${JSON.stringify({ ...credentials, note: 'Harper admin login of this data root' }, null, 2)}\n`,
    { mode: 0o600 },
  );
  chmodSync(path, 0o600);
}
