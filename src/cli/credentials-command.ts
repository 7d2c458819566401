import { resolve } from 'node:path';
import { credentialsPath, readCredentials, type HarperCredentials } from '../harper-process/index.js';
import { join } from 'node:path';

export interface CredentialsOptions {
  root: string;
}

/**
 * Where a data root keeps its Harper login: `dev` uses the root itself, `npm start` its
 * `harper` folder. The first that has a credentials file wins.
 */
export function findCredentials(root: string): { path: string; credentials: HarperCredentials } | undefined {
  for (const dir of [resolve(root), join(resolve(root), 'harper')]) {
    const credentials = readCredentials(dir);
    if (credentials) return { path: credentialsPath(dir), credentials };
  }
  return undefined;
}

/** `harper-bigquery-sync credentials [--root]`: shows the admin login of a local data root. */
export function runCredentials(options: CredentialsOptions, out: NodeJS.WritableStream = process.stdout): void {
  const found = findCredentials(options.root);
  if (!found) {
    throw new Error(
      `No Harper credentials under ${resolve(options.root)} (looked for ${credentialsPath(resolve(options.root))} and ${credentialsPath(join(resolve(options.root), 'harper'))}). They are created on the first start of that root.`,
    );
  }
  out.write(
    [
      `Harper admin login (${found.path}, readable by its owner only):`,
      `Credentials:     ${found.credentials.username} / ${found.credentials.password}`,
      '',
    ].join('\n'),
  );
}

/** The credentials line of `start` and `dev`: the password only on the start that created it. */
export function credentialsLine(credentials: HarperCredentials, created: boolean, root: string): string {
  const show = `harper-bigquery-sync credentials --root ${root}`;
  return created
    ? `${credentials.username} / ${credentials.password}  (new for this data root, shown once; later: ${show})`
    : `${credentials.username} / (stored for this data root; show it with: ${show})`;
}
