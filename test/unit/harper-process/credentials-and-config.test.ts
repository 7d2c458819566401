import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  credentialsPath,
  randomPassword,
  readCredentials,
  writeCredentials,
} from '../../../src/harper-process/credentials.js';
import { harperSetConfig, listenAddress } from '../../../src/harper-process/harper-config.js';

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'bq-sync-creds-'));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('credentials file', () => {
  it('round-trips and is readable by the owner only, also over a wider existing file', () => {
    const root = tempRoot();
    expect(readCredentials(root)).toBeUndefined();
    writeFileSync(credentialsPath(root), '{}', { mode: 0o644 });
    writeCredentials(root, { username: 'admin', password: 'pw-1' });
    expect(statSync(credentialsPath(root)).mode & 0o777).toBe(0o600);
    expect(readCredentials(root)).toEqual({ username: 'admin', password: 'pw-1' });
  });

  it('rejects a damaged file instead of guessing a login', () => {
    const root = tempRoot();
    writeFileSync(credentialsPath(root), 'not json');
    expect(() => readCredentials(root)).toThrow(/not valid JSON/);
    writeFileSync(credentialsPath(root), '{"username":"admin"}');
    expect(() => readCredentials(root)).toThrow(/expected/);
  });

  it('generates distinct long passwords', () => {
    const a = randomPassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomPassword()).not.toBe(a);
  });
});

describe('Harper settings of the harness', () => {
  const ports = { http: 1001, operations: 1002, mqtt: 1003, mqttSecure: 1004, replicationSecure: 1005 };

  it('binds every port to the given host, turns the inspector off and limits CORS', () => {
    const config = harperSetConfig(ports, { bindHost: '127.0.0.1', corsOrigins: ['http://127.0.0.1:1001'] });
    expect(config).toEqual({
      http: { port: '127.0.0.1:1001', securePort: null, cors: true, corsAccessList: ['http://127.0.0.1:1001'] },
      operationsApi: {
        network: { port: '127.0.0.1:1002', securePort: null, cors: true, corsAccessList: ['http://127.0.0.1:1001'] },
      },
      mqtt: { network: { port: '127.0.0.1:1003', securePort: '127.0.0.1:1004' } },
      replication: { securePort: '127.0.0.1:1005' },
      authentication: { port: '127.0.0.1:1001' },
      threads: { debug: false },
    });
  });

  it('leaves IPv6 addresses unbracketed (Harper splits at the last colon)', () => {
    expect(listenAddress('::1', 80)).toBe('::1:80');
  });
});
