import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import type { Cleanup } from './cleanup.js';

/** One request as the local server's own `--log` line reports it. */
export interface ServerRequest {
  method: string;
  path: string;
  route: string;
  status: number;
  /** The server's time from request to the last byte of its reply written. */
  ms: number;
}

export interface LocalServerOptions {
  /** DuckDB file; in memory when absent. */
  dataFile?: string;
  cleanup: Cleanup;
}

const LOG_LINE = /^\[bigquery-local\] (\S+) (\S+) (\S+) -> (\d+) ([\d.]+)ms$/;

/**
 * The local BigQuery server (`bigquery-local`) as its own process, so its memory can be
 * read from /proc and its CPU is not the benchmark's. It runs with `--log`, whose
 * per-request timings give the server's own share of each client call.
 */
export class LocalServerProcess {
  readonly requests: ServerRequest[] = [];
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly exited: Promise<void>,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(o: LocalServerOptions): Promise<LocalServerProcess> {
    const cli = join(packageRoot(), 'dist', 'emulator', 'cli.js');
    const args = [cli, '--port', '0', '--host', '127.0.0.1', '--log'];
    if (o.dataFile) args.push('--data', o.dataFile);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bigquery-local did not start:\n${stdout}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bigquery-local exited (${String(code)}) before listening:\n${stdout}`));
      });
    });
    const server = new LocalServerProcess(child, url, exited);
    server.watchStorageRead(() => stdout, child);
    o.cleanup.add('stop bigquery-local', () => server.stop());
    server.readLog(child);
    return server;
  }

  private storageAddress: string | undefined;

  /** The Storage Read gRPC address the server prints right after its REST address. */
  private watchStorageRead(stdoutSoFar: () => string, child: ChildProcess): void {
    let text = stdoutSoFar();
    const find = () => {
      const m = /storage read \(gRPC\) listening on (\S+)/.exec(text);
      if (m) this.storageAddress = m[1]!;
    };
    find();
    child.stdout!.on('data', (d: Buffer) => {
      if (this.storageAddress) return;
      text += d.toString();
      find();
    });
  }

  /** `host:port` of the server's Storage Read service (waits for its start line). */
  async storageReadAddress(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.storageAddress) {
      if (Date.now() > deadline) throw new Error('bigquery-local printed no Storage Read address');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.storageAddress;
  }

  /** Requests of one route logged from index `from` on. */
  since(from: number, route?: string): ServerRequest[] {
    return this.requests.slice(from).filter((r) => route === undefined || r.route === route);
  }

  /** Waits until at least `count` requests were logged (the line can trail the reply). */
  async waitForRequests(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`bigquery-local logged ${this.requests.length} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  private readLog(child: ChildProcess): void {
    let pending = '';
    child.stderr!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = LOG_LINE.exec(line);
        if (m) {
          this.requests.push({ method: m[1]!, path: m[2]!, route: m[3]!, status: Number(m[4]), ms: Number(m[5]) });
        } else {
          this.stderrTail = (this.stderrTail + line + '\n').slice(-4000);
        }
      }
    });
    child.stdout!.resume();
  }

  /** Whatever the server wrote to stderr that was not a request line (errors). */
  get errors(): string {
    return this.stderrTail;
  }
}
