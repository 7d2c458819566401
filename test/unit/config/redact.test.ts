import { describe, expect, it } from 'vitest';
import { ConfigError, parseSyncConfig, parseSyncConfigText, redactConfig, REDACTED } from '../../../config/index.js';
import { configError, validConfig } from './helpers.js';

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7SECRETBODY\n-----END PRIVATE KEY-----\n';
const SECRETS = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7SECRETBODY',
  'hunter2pw',
  'key-id-0123456789abcdef',
];
const inlineKey = {
  type: 'service_account',
  project_id: 'prod-project',
  private_key_id: 'key-id-0123456789abcdef',
  private_key: PEM,
  client_email: 'sync@prod-project.iam.gserviceaccount.com',
};

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('redactConfig', () => {
  it('replaces credentials and masks URL passwords, leaving everything else unchanged', () => {
    const config = parseSyncConfig(
      validConfig({ bigquery: { credentials: inlineKey, apiEndpoint: 'http://admin:hunter2pw@127.0.0.1:9050/' } }),
      {},
    );
    const redacted = redactConfig(config);
    expectNoSecrets(JSON.stringify(redacted));
    expect(redacted.bigquery.credentials).toBe(REDACTED);
    expect(redacted.bigquery.apiEndpoint).toBe('http://admin:[redacted]@127.0.0.1:9050/');
    expect(redacted.tables).toEqual(config.tables);
    expect(redacted.bigquery.projectId).toBe(config.bigquery.projectId);
    // The original is untouched.
    expect(config.bigquery.credentials).toEqual(inlineKey);
  });

  it('redacts a key file path too (it tells an attacker where to look)', () => {
    const config = parseSyncConfig(validConfig({ bigquery: { credentials: '/etc/keys/sa.json' } }), {});
    expect(redactConfig(config).bigquery.credentials).toBe(REDACTED);
  });

  it('catches secret-looking keys and key material in raw input of any shape', () => {
    const raw = { a: { password: 'hunter2pw', apiKey: 'hunter2pw', nested: [{ text: PEM }] }, primaryKey: ['mmsi'] };
    const redacted = redactConfig(raw);
    expectNoSecrets(JSON.stringify(redacted));
    expect(redacted).toEqual({
      a: { password: REDACTED, apiKey: REDACTED, nested: [{ text: REDACTED }] },
      primaryKey: ['mmsi'],
    });
  });
});

describe('secrets never appear in ConfigError messages', () => {
  const cases: Array<[string, () => ConfigError]> = [
    [
      'incomplete inline key',
      () =>
        configError(
          validConfig({ bigquery: { credentials: { ...inlineKey, client_email: undefined }, projectId: 'X' } }),
        ),
    ],
    ['credentials of the wrong type', () => configError(validConfig({ bigquery: { credentials: ['hunter2pw'] } }))],
    [
      'credentials JSON that does not parse',
      () => configError(validConfig({ bigquery: { credentials: `{"private_key": "${PEM}", hunter2pw` } })),
    ],
    [
      'key JSON substituted into the wrong field',
      () => configError(validConfig({ bigquery: { projectId: '${CREDS}' } }), { CREDS: JSON.stringify(inlineKey) }),
    ],
    ['PEM in a plain field', () => configError(validConfig({ bigquery: { location: PEM } }))],
    ['unknown secret-looking key', () => configError({ ...validConfig(), password: 'hunter2pw', token: 12345 })],
    [
      'URL password in a bad endpoint',
      () => configError(validConfig({ bigquery: { apiEndpoint: 'ftp://u:hunter2pw@h' } })),
    ],
    [
      'JSON syntax error next to a secret',
      () => {
        try {
          parseSyncConfigText('{"bigquery": {"credentials": {"private_key": hunter2pw}}}', { file: 'c.json', env: {} });
        } catch (error) {
          return error as ConfigError;
        }
        throw new Error('expected a ConfigError');
      },
    ],
    [
      'YAML syntax error next to a secret',
      () => {
        try {
          parseSyncConfigText('bigquery:\n  credentials:\n    private_key: "hunter2pw\n  x: [', {
            file: 'c.yaml',
            env: {},
          });
        } catch (error) {
          return error as ConfigError;
        }
        throw new Error('expected a ConfigError');
      },
    ],
  ];

  it.each(cases)('%s', (_name, makeError) => {
    const error = makeError();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.length).toBeGreaterThan(0);
    expectNoSecrets(error.message);
    expectNoSecrets(JSON.stringify(error.issues));
  });
});
