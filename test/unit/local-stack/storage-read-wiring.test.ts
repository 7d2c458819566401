import { describe, expect, it } from 'vitest';
import { withLocalStorageRead } from '../../../src/cli/start-command.js';
import { listeningAddresses } from '../../../src/local-stack/bigquery-process.js';

describe('npm start: the local Storage Read endpoint', () => {
  it('reads both addresses bigquery-local prints, and waits for the second', () => {
    const rest = 'bigquery-local listening on http://127.0.0.1:9050 (data file x)\n  client: ...\n';
    expect(listeningAddresses(rest)).toBeUndefined();
    const both = rest + 'bigquery-local storage read (gRPC) listening on 127.0.0.1:40123\n  client: ...\n';
    expect(listeningAddresses(both)).toEqual({ url: 'http://127.0.0.1:9050', storageReadAddress: '127.0.0.1:40123' });
  });

  it("sets bigquery.storageApiEndpoint to the local server's address, without changing the given settings", () => {
    const settings = { bigquery: { projectId: 'p', tables: [] }, sync: { pollInterval: '5s' } };
    const wired = withLocalStorageRead(settings, '127.0.0.1:40123');
    expect(wired).toEqual({
      bigquery: { projectId: 'p', tables: [], storageApiEndpoint: '127.0.0.1:40123' },
      sync: { pollInterval: '5s' },
    });
    expect(settings.bigquery).not.toHaveProperty('storageApiEndpoint');
  });

  it('keeps an endpoint the config names', () => {
    const settings = { bigquery: { projectId: 'p', storageApiEndpoint: '127.0.0.9:1' } };
    expect(withLocalStorageRead(settings, '127.0.0.1:40123')).toBe(settings);
  });
});
