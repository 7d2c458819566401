import { describe, expect, it } from 'vitest';
import { clusterHost } from '../../../src/cluster/harper-cluster.js';
import { harperSetConfig } from '../../../src/harper-process/harper-config.js';

const ports = { http: 1001, operations: 1002, mqtt: 1003, mqttSecure: 1004, replicationSecure: 1005 };

describe('test cluster addresses and settings', () => {
  it('gives node i the loopback address 127.0.0.(i+2)', () => {
    expect([0, 1, 2].map(clusterHost)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(() => clusterHost(-1)).toThrow(/out of range/);
    expect(() => clusterHost(251)).toThrow(/out of range/);
  });

  it('moves replication onto the authenticated HTTP port only for cluster nodes', () => {
    const single = harperSetConfig(ports, { bindHost: '127.0.0.1', corsOrigins: [] });
    expect(single.replication).toEqual({ securePort: '127.0.0.1:1005' });
    const node = harperSetConfig(ports, { bindHost: '127.0.0.3', corsOrigins: [], replication: true });
    expect(node.replication).toEqual({ port: '127.0.0.3:1001', securePort: null });
    // Authentication stays on the HTTP port (the replication port now), never on `all`.
    expect(node.authentication).toEqual({ port: '127.0.0.3:1001' });
  });
});
