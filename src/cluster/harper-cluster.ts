import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HarperProcess, type HarperProcessOptions } from '../harper-process/harper-process.js';
import { randomPassword } from '../harper-process/credentials.js';

/** Options every node of a test cluster shares; host, root and login are chosen per cluster. */
export type ClusterNodeOptions = Omit<
  HarperProcessOptions,
  'host' | 'bindHost' | 'rootDir' | 'username' | 'password' | 'replication'
>;

export interface HarperClusterOptions {
  /** Parent folder of the nodes' roots (`node-0`, `node-1`, ...); a new temp dir when absent. */
  rootDir?: string;
  /** Options of each node, by index (sync settings, app extras, env, threads, ...). */
  node?: (index: number) => ClusterNodeOptions;
  /** How long to wait for a new peer's replication connection; default 60 s. */
  connectTimeoutMs?: number;
}

/**
 * The loopback address of the node with this index: 127.0.0.2, 127.0.0.3, ... Replication
 * finds its peer by the client's address, so every node needs an address of its own (all
 * of 127.0.0.0/8 is loopback on Linux; nothing here ever leaves the machine).
 */
export function clusterHost(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 250) throw new Error(`node index out of range: ${index}`);
  return `127.0.0.${index + 2}`;
}

/** A peer connection as `cluster_status` reports it (the fields the harness reads). */
interface ClusterStatusConnection {
  name?: string;
  url?: string;
  database_sockets?: { database?: string; connected?: boolean }[];
}

/**
 * Real Harper nodes on distinct loopback addresses, each with its own root and ports,
 * joined into one replicated cluster with `add_node`. Replication runs over WebSocket on
 * each node's HTTP port: there Harper authenticates the joining peer's login, and later
 * connections are matched to nodes by their loopback address (see harperSetConfig for why
 * not WSS on a port of its own in 4.7.29). Every node uses one admin login so that
 * replicated system tables agree. For tests and benchmarks; binds loopback addresses only.
 */
export class HarperCluster {
  readonly rootDir: string;
  readonly nodes: HarperProcess[] = [];
  private readonly username = 'admin';
  private readonly password = randomPassword();

  constructor(private readonly options: HarperClusterOptions = {}) {
    this.rootDir = resolve(options.rootDir ?? mkdtempSync(join(tmpdir(), 'harper-bq-cluster-')));
  }

  /** Starts `size` nodes and connects them all to node 0. */
  async start(size: number): Promise<this> {
    if (this.nodes.length > 0) throw new Error('cluster already started');
    // One at a time: first installs are CPU-heavy and the machine may have 2 cores.
    for (let i = 0; i < size; i++) await this.startNode();
    for (let i = 1; i < size; i++) await this.connect(this.nodes[0]!, this.nodes[i]!);
    return this;
  }

  /** Starts one more node and connects it to node 0 (a node joining a running cluster). */
  async join(): Promise<HarperProcess> {
    const node = await this.startNode();
    if (this.nodes.length > 1) await this.connect(this.nodes[0]!, node);
    return node;
  }

  /** The replication URL other nodes reach this node at. */
  replicationUrl(node: HarperProcess): string {
    return `ws://${node.host}:${node.ports.http}`;
  }

  /**
   * `add_node` on `from` for `to`, then waits until `from` reports an open replication
   * socket to `to` for the `data` database (where the sync's rows and checkpoints live).
   */
  async connect(from: HarperProcess, to: HarperProcess): Promise<void> {
    await from.operation({
      operation: 'add_node',
      url: this.replicationUrl(to),
      authorization: { username: this.username, password: this.password },
    });
    const deadline = Date.now() + (this.options.connectTimeoutMs ?? 60_000);
    let last = 'no status yet';
    while (Date.now() < deadline) {
      const status = await from.operation<{ connections?: ClusterStatusConnection[] }>({
        operation: 'cluster_status',
      });
      const peer = (status.connections ?? []).find((c) => c.url === this.replicationUrl(to) || c.name === to.host);
      if (peer?.database_sockets?.some((s) => s.database === 'data' && s.connected)) return;
      last = JSON.stringify(status.connections ?? []);
      await delay(250);
    }
    throw new Error(`node ${to.host} did not connect to ${from.host} in time: ${last}`);
  }

  /** Freezes a node (SIGSTOP): it keeps its sockets but does nothing, like a long GC pause. */
  pause(node: HarperProcess): void {
    process.kill(requirePid(node), 'SIGSTOP');
  }

  /** Lets a paused node run again (SIGCONT). */
  resume(node: HarperProcess): void {
    process.kill(requirePid(node), 'SIGCONT');
  }

  /** Stops every node (a paused node is resumed first so that SIGTERM can reach it). */
  async stop(): Promise<void> {
    for (const node of this.nodes) {
      if (node.running) {
        try {
          this.resume(node);
        } catch {
          // Already gone.
        }
      }
    }
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  private async startNode(): Promise<HarperProcess> {
    const index = this.nodes.length;
    const host = clusterHost(index);
    const node = new HarperProcess({
      ...this.options.node?.(index),
      host,
      rootDir: join(this.rootDir, `node-${index}`),
      username: this.username,
      password: this.password,
      replication: true,
    });
    this.nodes.push(node);
    await node.start();
    return node;
  }
}

function requirePid(node: HarperProcess): number {
  if (!node.running || node.pid === undefined) throw new Error(`node ${node.host} is not running`);
  return node.pid;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
