/**
 * A relative credentials key-file path counts from the config file that names it: in the
 * library's loader, in the CLI's preflight, in the settings the CLI hands to Harper, and in
 * the plugin inside Harper (whose working folder is somewhere else entirely).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { absoluteCredentialsSetting, loadSyncConfigFile } from '../../../config/index.js';
import { readSettingsFile } from '../../../src/cli/dev-command.js';
import { configDirectory, readConfig } from '../../../src/harper/plugin-config.js';
import { preflightSyncConfig } from '../../../src/preflight/preflight.js';
import { componentSchemaFiles } from '../../../src/preflight/schema-files.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';
import { validConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'credentials-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configDir = join(dir, 'deploy', 'conf');
mkdirSync(join(configDir, 'keys'), { recursive: true });
const keyFile = join(configDir, 'keys', 'sa.json');
writeFileSync(keyFile, JSON.stringify({ type: 'service_account', client_email: 'sync@p.iam', private_key: 'k' }));

function configFile(name: string, credentials: unknown): string {
  const file = join(configDir, name);
  writeFileSync(file, stringify(validConfig({ bigquery: { credentials } })));
  return file;
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('a relative credentials path', () => {
  it('resolves against the config file in the loader, whatever the working folder', async () => {
    expect(process.cwd()).not.toBe(configDir);
    const config = await loadSyncConfigFile(configFile('relative.yaml', 'keys/sa.json'), {});
    expect(config.bigquery.credentials).toBe(keyFile);
    const dotted = await loadSyncConfigFile(configFile('dotted.yaml', './keys/../keys/sa.json'), {});
    expect(dotted.bigquery.credentials).toBe(keyFile);
  });

  it('leaves absolute paths and inline keys alone', async () => {
    expect((await loadSyncConfigFile(configFile('absolute.yaml', keyFile), {})).bigquery.credentials).toBe(keyFile);
    const inline = { type: 'service_account', client_email: 'a@b', private_key: 'k' };
    const config = await loadSyncConfigFile(configFile('inline.yaml', inline), {});
    expect(config.bigquery.credentials).toEqual(inline);
  });

  it('is found by the preflight beside the config, and reported there when missing', async () => {
    const schemaFiles = componentSchemaFiles(REPO_ROOT);
    const ok = await preflightSyncConfig(configFile('preflight-ok.yaml', 'keys/sa.json'), { schemaFiles, env: {} });
    expect(ok.issues).toEqual([]);
    expect(ok.config?.bigquery.credentials).toBe(keyFile);
    const missing = await preflightSyncConfig(configFile('preflight-missing.yaml', 'keys/gone.json'), {
      schemaFiles,
      env: {},
    });
    expect(missing.issues.map((i) => [i.path, i.message])).toEqual([
      ['bigquery.credentials', `credentials file ${join(configDir, 'keys', 'gone.json')} does not exist`],
    ]);
  });

  it('is made absolute in the settings the CLI copies into the app folder Harper runs', async () => {
    const settings = await readSettingsFile(configFile('dev.yaml', 'keys/sa.json'));
    expect((settings.bigquery as { credentials: string }).credentials).toBe(keyFile);
    // Harper loads the copy from another folder and still finds the same file.
    const inHarper = readConfig(settings, join(dir, 'harper-app'), silent);
    expect(inHarper?.bigquery.credentials).toBe(keyFile);
  });

  it('coming from ${VAR} is made absolute too; JSON keys and unset variables are left for the config check', () => {
    const raw = (credentials: unknown) => ({ bigquery: { projectId: 'p', credentials } });
    const env = { KEY_FILE: 'keys/sa.json', KEY_JSON: '{"type":"service_account"}' };
    const credentialsOf = (settings: Record<string, unknown>) =>
      (settings.bigquery as { credentials: unknown }).credentials;
    expect(credentialsOf(absoluteCredentialsSetting(raw('${KEY_FILE}'), configDir, env))).toBe(keyFile);
    expect(credentialsOf(absoluteCredentialsSetting(raw('${KEY_JSON}'), configDir, env))).toBe('${KEY_JSON}');
    expect(credentialsOf(absoluteCredentialsSetting(raw('${UNSET}'), configDir, env))).toBe('${UNSET}');
    expect(credentialsOf(absoluteCredentialsSetting(raw(keyFile), configDir, env))).toBe(keyFile);
    const folder = join(configDir, 'odd${dir}');
    expect(credentialsOf(absoluteCredentialsSetting(raw('odd$${dir}/k.json'), configDir, env))).toBe(
      join(folder, 'k.json').replaceAll('${', '$${'),
    );
  });

  it('inside Harper resolves against the folder of the config file that holds the block', () => {
    const appDir = join(dir, 'harper-app');
    expect(configDirectory({ directory: '/elsewhere', configFilePath: join(appDir, 'config.yaml') })).toBe(appDir);
    expect(configDirectory({ directory: appDir })).toBe(appDir);
    const config = readConfig(validConfig({ bigquery: { credentials: 'secrets/sa.json' } }), appDir, silent);
    expect(config?.bigquery.credentials).toBe(join(appDir, 'secrets', 'sa.json'));
  });
});
