import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { killOnExit } from '../util/child-cleanup.js';
import { writeAppDir, type AppExtras } from './app-dir.js';
import {
  LEGACY_CREDENTIALS,
  randomPassword,
  readCredentials,
  writeCredentials,
  type HarperCredentials,
} from './credentials.js';
import { harperSetConfig } from './harper-config.js';
import { tailFile } from './log-file.js';
import { findFreePorts, isPortFree } from './ports.js';

export interface HarperPorts {
  http: number;
  operations: number;
  mqtt: number;
  mqttSecure: number;
  replicationSecure: number;
}

export interface HarperProcessOptions {
  /** Root for HOME, Harper's ROOTPATH, the app folder and the log; a new temp dir when absent. */
  rootDir?: string;
  /** The component (this package) to load; defaults to this package's own folder. */
  componentDir?: string;
  /** Settings placed in the app's block for this component (what the plugin reads). */
  syncSettings?: Record<string, unknown>;
  /** Other components of the app beside this one (e.g. a benchmark's schema and resources). */
  app?: AppExtras;
  /** Fixed ports; any not given is taken free on the host. */
  ports?: Partial<HarperPorts>;
  /** Loopback address Harper is reached on (and binds, unless bindHost says otherwise). */
  host?: string;
  /**
   * Address every Harper port binds to; defaults to `host` (127.0.0.1). Anything but a
   * loopback address exposes the APIs to the network: opt in deliberately.
   */
  bindHost?: string;
  /** Origins allowed by CORS on both APIs besides the HTTP server's own (the dashboard). */
  corsOrigins?: string[];
  threads?: number;
  /** A cluster node: replication over the HTTP port, peers authenticated (see HarperCluster). */
  replication?: boolean;
  /**
   * A fixed admin login. Without it the harness uses the login stored in
   * `<rootDir>/credentials.json`, creating a random one on the first start of the root.
   */
  username?: string;
  password?: string;
  /** Environment added to Harper's (e.g. secrets a sync config refers to). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

const PORT_NAMES: (keyof HarperPorts)[] = ['http', 'operations', 'mqtt', 'mqttSecure', 'replicationSecure'];

export class HarperStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- Harper log (tail) ---\n${logTail}` : message);
    this.name = 'HarperStartError';
  }
}

/**
 * A real Harper server with this component, run as a child process with its own HOME,
 * ROOTPATH and ports. Used by the tests, `npm start`, the `dev` CLI and the benchmarks.
 */
export class HarperProcess {
  readonly rootDir: string;
  readonly appDir: string;
  readonly logFile: string;
  readonly host: string;
  private credentialsValue: HarperCredentials;
  /** True when this object generated the root's admin password (its first start). */
  credentialsCreated = false;
  /** A root installed by an older harness with the published password, rotated after start. */
  private legacyRoot = false;
  private portsValue: HarperPorts | undefined;
  private child: ChildProcess | undefined;
  private logStream: WriteStream | undefined;
  private exited: Promise<number | null> | undefined;
  /** Set by stop()/kill(): a start() still choosing ports must not spawn Harper after it. */
  private stopRequested = false;

  constructor(private readonly options: HarperProcessOptions = {}) {
    this.rootDir = resolve(options.rootDir ?? mkdtempSync(join(tmpdir(), 'harper-bq-sync-')));
    this.appDir = join(this.rootDir, 'app');
    this.logFile = join(this.rootDir, 'harper.log');
    this.host = options.host ?? '127.0.0.1';
    this.credentialsValue = this.initialCredentials();
  }

  /** The admin login (stored mode 0600 in `<rootDir>/credentials.json` unless given as options). */
  get credentials(): HarperCredentials {
    return this.credentialsValue;
  }

  get ports(): HarperPorts {
    if (!this.portsValue) throw new Error('Harper has not been started: ports are chosen by start()');
    return this.portsValue;
  }
  get httpUrl(): string {
    return `http://${this.host}:${this.ports.http}`;
  }
  get operationsUrl(): string {
    return `http://${this.host}:${this.ports.operations}`;
  }
  get authorization(): string {
    return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Installs Harper on first start (into rootDir), starts it and waits until it serves this component. */
  async start(): Promise<this> {
    if (this.running) throw new Error(`Harper is already running (pid ${String(this.pid)})`);
    this.stopRequested = false;
    const started = Date.now();
    this.portsValue ??= await this.choosePorts();
    await this.assertPortsFree(this.portsValue);
    mkdirSync(this.rootDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(this.rootDir, 'home'), { recursive: true });
    if (this.credentialsCreated && !readCredentials(this.rootDir)) writeCredentials(this.rootDir, this.credentials);
    writeAppDir(
      this.appDir,
      this.options.componentDir ?? packageRoot(),
      this.options.syncSettings ?? {},
      this.options.app,
    );

    if (this.stopRequested) throw new HarperStartError('Harper start cancelled: stop() was called', '');
    this.logStream = createWriteStream(this.logFile, { flags: 'a' });
    const args = [harperBin(), 'run', this.appDir];
    const child = spawn(process.execPath, args, {
      cwd: this.rootDir,
      env: this.environment(this.portsValue),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal Ctrl-C must not stop Harper behind our back.
      detached: true,
    });
    killOnExit(child);
    this.child = child;
    child.stdout?.pipe(this.logStream, { end: false });
    child.stderr?.pipe(this.logStream, { end: false });
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));

    try {
      await this.waitUntilReady(started + (this.options.startTimeoutMs ?? 90_000));
      if (this.legacyRoot) await this.rotatePassword();
    } catch (error) {
      await this.kill();
      throw new HarperStartError((error as Error).message, this.tailLog());
    }
    return this;
  }

  /** SIGTERM, then SIGKILL if Harper has not exited in time. Keeps rootDir and its data. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    const child = this.child;
    if (!child || !this.running) return this.finish();
    child.kill('SIGTERM');
    const timeout = this.options.stopTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeout))),
    ]);
    clearTimeout(timer);
    if (stopped === 'timeout') {
      child.kill('SIGKILL');
      await this.exited;
    }
    await this.finish();
  }

  /** Simulates a crash: SIGKILL with no chance to flush or clean up. */
  async kill(): Promise<void> {
    this.stopRequested = true;
    if (this.child && this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    await this.finish();
  }

  /**
   * Gives the admin user a new random password (ops `alter_user`) and stores it in the
   * root's credentials file. Harper must be running.
   */
  async rotatePassword(): Promise<HarperCredentials> {
    const next = { username: this.credentials.username, password: randomPassword() };
    await this.operation({ operation: 'alter_user', username: next.username, password: next.password });
    this.credentialsValue = next;
    this.legacyRoot = false;
    if (this.options.password === undefined) writeCredentials(this.rootDir, next);
    return next;
  }

  tailLog(lines = 60): string {
    return tailFile(this.logFile, lines);
  }

  /** Calls Harper's operations API as the admin user. */
  async operation<T = unknown>(body: Record<string, unknown>): Promise<T> {
    const response = await fetch(this.operationsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: this.authorization },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`Harper operation ${String(body.operation)} failed with ${response.status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A request to Harper's HTTP (REST) port; authenticated as admin unless `auth: false`. */
  async rest(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.auth !== false) headers.set('authorization', this.authorization);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    headers.set('accept', headers.get('accept') ?? 'application/json');
    return fetch(`${this.httpUrl}${path}`, { ...init, headers });
  }

  private environment(ports: HarperPorts): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.options.env,
      HOME: join(this.rootDir, 'home'),
      ROOTPATH: join(this.rootDir, 'hdb'),
      TC_AGREEMENT: 'yes',
      HDB_ADMIN_USERNAME: this.credentials.username,
      HDB_ADMIN_PASSWORD: this.credentials.password,
      // Dev mode trusts every loopback request as the super user whatever
      // authentication.authorizeLocal says, which would hide missing auth checks.
      DEFAULTS_MODE: 'prod',
      REPLICATION_HOSTNAME: this.host === '127.0.0.1' ? 'localhost' : this.host,
      // Ports, bind address, CORS and the inspector; re-applied on every start.
      HARPER_SET_CONFIG: JSON.stringify(
        harperSetConfig(ports, {
          bindHost: this.options.bindHost ?? this.host,
          corsOrigins: [this.httpOrigin(ports), ...(this.options.corsOrigins ?? [])],
          ...(this.options.replication ? { replication: true } : {}),
        }),
      ),
      THREADS_COUNT: String(this.options.threads ?? 1),
      LOCALSTUDIO_ENABLED: 'false',
      LOGGING_STDSTREAMS: 'true',
    };
  }

  private httpOrigin(ports: HarperPorts): string {
    return `http://${this.host}:${ports.http}`;
  }

  private initialCredentials(): HarperCredentials {
    if (this.options.password !== undefined) {
      return { username: this.options.username ?? 'admin', password: this.options.password };
    }
    const stored = readCredentials(this.rootDir);
    if (stored) return stored;
    if (existsSync(join(this.rootDir, 'hdb', 'harperdb-config.yaml'))) {
      // Installed before passwords were generated: start with the old login, then rotate.
      this.legacyRoot = true;
      return { ...LEGACY_CREDENTIALS };
    }
    this.credentialsCreated = true;
    return { username: this.options.username ?? 'admin', password: randomPassword() };
  }

  private async choosePorts(): Promise<HarperPorts> {
    const given = this.options.ports ?? {};
    const free = await findFreePorts(PORT_NAMES.length, this.host);
    const ports = {} as HarperPorts;
    PORT_NAMES.forEach((name, i) => {
      ports[name] = given[name] ?? free[i]!;
    });
    return ports;
  }

  private async assertPortsFree(ports: HarperPorts): Promise<void> {
    const taken: string[] = [];
    for (const name of PORT_NAMES) {
      if (!(await isPortFree(ports[name], this.host))) taken.push(`${name} port ${ports[name]}`);
    }
    if (taken.length > 0) {
      throw new Error(`Cannot start Harper on ${this.host}: ${taken.join(', ')} already in use`);
    }
  }

  private async waitUntilReady(deadline: number): Promise<void> {
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`Harper exited before it was ready (exit code ${String(this.child?.exitCode)})`);
      }
      try {
        // Ready means the operations API answers AND this component's resource is served.
        await this.operation({ operation: 'describe_all' });
        const status = await this.rest('/SyncStatus/');
        if (status.ok) return;
        lastProblem = `GET /SyncStatus/ answered ${status.status}`;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      await delay(100);
    }
    throw new Error(`Harper was not ready in time (${lastProblem})`);
  }

  private async finish(): Promise<void> {
    const stream = this.logStream;
    this.logStream = undefined;
    if (stream) await new Promise<void>((r) => stream.end(() => r()));
  }
}

function harperBin(): string {
  // harperdb's exports map hides package.json; its main entry sits at the package root.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('harperdb')), 'bin', 'harperdb.js');
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a Harper process with this component and waits until it is ready. */
export async function startHarper(options: HarperProcessOptions = {}): Promise<HarperProcess> {
  return new HarperProcess(options).start();
}
