import net from 'node:net';

/** Asks the kernel for `count` distinct free TCP ports on `host` by binding port 0. */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    // Keep every probe socket open until all are chosen so the kernel cannot hand out
    // the same port twice.
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, host, () => resolve());
      });
      ports.push((srv.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** True when nothing listens on host:port and we may bind it. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  const srv = net.createServer();
  return new Promise<boolean>((resolve) => {
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}
