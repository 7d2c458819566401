/**
 * Read sessions of the local Storage Read service: their snapshot, their streams (row ranges),
 * expiry, and the bytes and rows read from them (what BigQuery bills a Storage Read by).
 * Expired sessions lose their data at once but are remembered for a while so a late reader
 * gets BigQuery's "session expired" error rather than "not found".
 */
import { randomBytes } from 'node:crypto';
import type { TableRef } from '../engine/contract.js';
import { failedPrecondition, invalidArgument, notFound } from './errors.js';
import { parseStreamName, sessionName, streamName } from './names.js';
import type { Snapshot } from './snapshot.js';
import { partition, splitRange, type RowRange } from './streams.js';

export interface Session {
  id: string;
  projectId: string;
  name: string;
  table: TableRef;
  createdAt: number;
  expireAt: number;
  /** The time the data is read as of (the request's snapshot_time, or creation time). */
  snapshotTime: number;
  snapshot: Snapshot | undefined;
  schemaBytes: Uint8Array;
  streams: Map<string, RowRange>;
  bytesRead: number;
  rowsRead: number;
}

/** What the server reports per session (billing: Storage Read bills the bytes read). */
export interface SessionStats {
  name: string;
  table: TableRef;
  createdAt: string;
  expireTime: string;
  expired: boolean;
  streams: number;
  rows: number;
  rowsRead: number;
  bytesRead: number;
}

export interface SessionStoreOptions {
  ttlMs: number;
  now: () => number;
  /** How long an expired session is remembered (to answer "expired"). Default 24 h. */
  rememberExpiredMs?: number;
}

const newId = (): string => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');

/** BigQuery prints the expiry like `2024-11-23T09:59:13+00:00`. */
function expiryText(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: SessionStoreOptions) {}

  create(input: {
    projectId: string;
    table: TableRef;
    snapshot: Snapshot;
    schemaBytes: Uint8Array;
    snapshotTime: number;
    streamCount: number;
  }): Session {
    this.sweep();
    const now = this.options.now();
    const id = newId();
    const streams = new Map<string, RowRange>();
    for (const range of partition(input.snapshot.rows, input.streamCount)) streams.set(newId(), range);
    const session: Session = {
      id,
      projectId: input.projectId,
      name: sessionName(input.projectId, id),
      table: input.table,
      createdAt: now,
      expireAt: now + this.options.ttlMs,
      snapshotTime: input.snapshotTime,
      snapshot: input.snapshot,
      schemaBytes: input.schemaBytes,
      streams,
      bytesRead: 0,
      rowsRead: 0,
    };
    this.sessions.set(id, session);
    return session;
  }

  streamNames(session: Session): string[] {
    return [...session.streams.keys()].map((s) => streamName(session.projectId, session.id, s));
  }

  /** The live session and range of a stream name; NOT_FOUND / FAILED_PRECONDITION (expired) otherwise. */
  stream(name: string): { session: Session; snapshot: Snapshot; range: RowRange } {
    const parts = parseStreamName(name);
    if (!parts) throw invalidArgument(`Invalid stream name: '${name}'`);
    const session = this.sessions.get(parts.sessionId);
    const range = session?.streams.get(parts.streamId);
    if (!session || !range || session.projectId !== parts.projectId) {
      throw notFound(`there was an error operating on '${name}': stream not found`);
    }
    if (this.options.now() >= session.expireAt) {
      this.expire(session);
      throw failedPrecondition(
        `there was an error operating on '${name}': session expired at ${expiryText(session.expireAt)}`,
      );
    }
    return { session, snapshot: session.snapshot as Snapshot, range };
  }

  /** SplitReadStream; undefined when the stream cannot be split. */
  split(name: string, fraction: number): [string, string] | undefined {
    if (!(fraction > 0 && fraction < 1)) throw invalidArgument(`fraction must be in (0, 1), got ${fraction}`);
    const { session, range } = this.stream(name);
    const halves = splitRange(range, fraction);
    if (!halves) return undefined;
    const ids = halves.map((r) => {
      const id = newId();
      session.streams.set(id, r);
      return streamName(session.projectId, session.id, id);
    });
    return [ids[0] as string, ids[1] as string];
  }

  recordRead(session: Session, rows: number, bytes: number): void {
    session.rowsRead += rows;
    session.bytesRead += bytes;
  }

  stats(): SessionStats[] {
    const now = this.options.now();
    return [...this.sessions.values()].map((s) => ({
      name: s.name,
      table: s.table,
      createdAt: new Date(s.createdAt).toISOString(),
      expireTime: new Date(s.expireAt).toISOString(),
      expired: now >= s.expireAt,
      streams: s.streams.size,
      rows: s.snapshot?.rows ?? 0,
      rowsRead: s.rowsRead,
      bytesRead: s.bytesRead,
    }));
  }

  /** Drops the data of expired sessions and forgets long-expired ones. */
  sweep(): void {
    const now = this.options.now();
    const remember = this.options.rememberExpiredMs ?? 24 * 3600_000;
    for (const s of this.sessions.values()) {
      if (now >= s.expireAt) this.expire(s);
      if (now >= s.expireAt + remember) this.sessions.delete(s.id);
    }
  }

  /** Ends every live session now (tests: a session expiring mid-read). Returns how many. */
  expireAll(): number {
    const now = this.options.now();
    let n = 0;
    for (const s of this.sessions.values()) {
      if (now < s.expireAt) {
        s.expireAt = now;
        this.expire(s);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.sessions.clear();
  }

  private expire(session: Session): void {
    session.snapshot = undefined;
  }
}
