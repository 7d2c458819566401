import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HarperProcess, credentialsPath, findFreePorts, readCredentials } from '../../../src/harper-process/index.js';

const roots: string[] = [];
const running: HarperProcess[] = [];
function newRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'harness-test-'));
  roots.push(dir);
  return dir;
}
async function started(harper: HarperProcess): Promise<HarperProcess> {
  running.push(harper);
  return harper.start();
}

afterAll(async () => {
  await Promise.all(running.map((h) => h.stop()));
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('Harper process harness', () => {
  it('runs two instances side by side on different ports', async () => {
    const [a, b] = await Promise.all([
      started(new HarperProcess({ rootDir: newRoot() })),
      started(new HarperProcess({ rootDir: newRoot() })),
    ]);
    const portsA = Object.values(a.ports);
    const portsB = Object.values(b.ports);
    expect(new Set([...portsA, ...portsB]).size).toBe(portsA.length + portsB.length);
    // Each root has its own random admin password, in an owner-only file beside the data.
    expect(a.credentials.password).not.toBe(b.credentials.password);
    for (const h of [a, b]) {
      expect(statSync(credentialsPath(h.rootDir)).mode & 0o777).toBe(0o600);
      expect(readCredentials(h.rootDir)).toEqual(h.credentials);
    }
    await a.rest('/VesselMetadata/only-in-a', { method: 'PUT', body: JSON.stringify({ mmsi: 1 }) });
    expect((await a.rest('/VesselMetadata/only-in-a')).status).toBe(200);
    expect((await b.rest('/VesselMetadata/only-in-a')).status).toBe(404);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.running).toBe(false);
    expect(b.running).toBe(false);
  });

  it('keeps its root, data and log across stop and start', async () => {
    const harper = await started(new HarperProcess({ rootDir: newRoot() }));
    const firstPorts = { ...harper.ports };
    await harper.rest('/VesselMetadata/kept', { method: 'PUT', body: JSON.stringify({ mmsi: 2 }) });
    await harper.stop();
    expect(existsSync(harper.rootDir)).toBe(true);
    expect(existsSync(harper.logFile)).toBe(true);

    await harper.start();
    expect(harper.ports).toEqual(firstPorts);
    // A new harness object on the same root logs in with the stored password.
    expect(new HarperProcess({ rootDir: harper.rootDir }).credentials).toEqual(harper.credentials);
    const row = await harper.rest('/VesselMetadata/kept');
    expect(row.status).toBe(200);
    expect(await row.json()).toMatchObject({ id: 'kept', mmsi: 2 });
    await harper.stop();
  });

  it('survives kill -9 and restarts with committed data', async () => {
    const harper = await started(new HarperProcess({ rootDir: newRoot() }));
    await harper.rest('/VesselMetadata/before-crash', { method: 'PUT', body: JSON.stringify({ mmsi: 3 }) });
    const pid = harper.pid!;
    await harper.kill();
    expect(harper.running).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    await harper.start();
    expect((await harper.rest('/VesselMetadata/before-crash')).status).toBe(200);
    await harper.stop();
  });

  it('refuses to start on a port that is taken, naming the port', async () => {
    const [port] = await findFreePorts(1);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const harper = new HarperProcess({ rootDir: newRoot(), ports: { http: port! } });
      await expect(harper.start()).rejects.toThrow(`http port ${port} already in use`);
      expect(harper.running).toBe(false);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
