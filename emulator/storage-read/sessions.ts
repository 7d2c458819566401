/**
 * Read sessions of the local Storage Read service: their snapshot, their streams (row ranges),
 * expiry, and the bytes and rows read from them (what BigQuery bills a Storage Read by).
 * Expired sessions lose their data at once but are remembered for a while so a late reader
 * gets BigQuery's "session expired" error rather than "not found".
 *
 * Memory is bounded: snapshots live in this process, so live sessions are capped in number
 * (`maxSessions`) and in snapshot bytes (`maxRetainedBytes`). A new session that would pass a
 * cap first releases the data of sessions read to the end (oldest first; a later read of
 * them answers "expired", which readers already handle by reopening); if that is not enough
 * it is refused with RESOURCE_EXHAUSTED, the code Google's service answers for a quota.
 */
import { randomBytes } from 'node:crypto';
import type { TableRef } from '../engine/contract.js';
import { failedPrecondition, invalidArgument, notFound, resourceExhausted } from './errors.js';
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
  /** Per stream, the furthest row (relative to its range) any ReadRows served. */
  readTo: Map<string, number>;
  bytesRead: number;
  rowsRead: number;
  /** Milliseconds CreateReadSession took (materialising the snapshot included). */
  createMs: number;
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
  createMs: number;
}

export interface SessionStoreOptions {
  ttlMs: number;
  now: () => number;
  /** How long an expired session is remembered (to answer "expired"). Default 24 h. */
  rememberExpiredMs?: number;
  /** Live sessions at most. Default DEFAULT_MAX_SESSIONS. */
  maxSessions?: number;
  /** Snapshot bytes (Arrow buffers) of live sessions at most. Default DEFAULT_MAX_RETAINED_BYTES. */
  maxRetainedBytes?: number;
}

export const DEFAULT_MAX_SESSIONS = 64;
export const DEFAULT_MAX_RETAINED_BYTES = 1024 ** 3;

/** What live sessions hold now. */
export interface Retained {
  sessions: number;
  bytes: number;
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
    /** When the request arrived (performance.now()), to report how long creating took. */
    requestedAt?: number;
  }): Session {
    this.sweep();
    this.makeRoom(1, input.snapshot.bytes);
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
      readTo: new Map(),
      bytesRead: 0,
      rowsRead: 0,
      createMs: input.requestedAt === undefined ? 0 : Math.round(performance.now() - input.requestedAt),
    };
    this.sessions.set(id, session);
    return session;
  }

  /**
   * Room for `sessions` more live sessions holding `bytes` more: releases fully read sessions
   * (oldest first) when a cap would be passed, else RESOURCE_EXHAUSTED. CreateReadSession
   * calls it with 0 bytes before materialising (a quick refusal), `create` with the size.
   */
  makeRoom(sessions: number, bytes: number): void {
    const maxSessions = this.options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    const maxBytes = this.options.maxRetainedBytes ?? DEFAULT_MAX_RETAINED_BYTES;
    const fits = () => {
      const r = this.retained();
      return r.sessions + sessions <= maxSessions && r.bytes + bytes <= maxBytes;
    };
    if (fits()) return;
    const finished = [...this.sessions.values()]
      .filter((s) => s.snapshot !== undefined && this.fullyRead(s))
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const s of finished) {
      this.release(s);
      if (fits()) return;
    }
    const r = this.retained();
    throw resourceExhausted(
      `Quota exceeded: the local Storage Read server holds ${r.sessions} live read session(s) with ` +
        `${r.bytes} bytes of snapshots (limits: ${maxSessions} sessions, ${maxBytes} bytes); a new session ` +
        `needs ${bytes} bytes. Read or let sessions expire (--storage-read-session-ttl), or raise the limits.`,
    );
  }

  /** Live sessions and the snapshot bytes they hold. */
  retained(): Retained {
    let sessions = 0;
    let bytes = 0;
    for (const s of this.sessions.values()) {
      if (!s.snapshot) continue;
      sessions++;
      bytes += s.snapshot.bytes;
    }
    return { sessions, bytes };
  }

  streamNames(session: Session): string[] {
    return [...session.streams.keys()].map((s) => streamName(session.projectId, session.id, s));
  }

  /** The live session and range of a stream name; NOT_FOUND / FAILED_PRECONDITION (expired) otherwise. */
  stream(name: string): { session: Session; snapshot: Snapshot; range: RowRange; streamId: string } {
    const parts = parseStreamName(name);
    if (!parts) throw invalidArgument(`Invalid stream name: '${name}'`);
    const session = this.sessions.get(parts.sessionId);
    const range = session?.streams.get(parts.streamId);
    if (!session || !range || session.projectId !== parts.projectId) {
      throw notFound(`there was an error operating on '${name}': stream not found`);
    }
    if (this.options.now() >= session.expireAt || !session.snapshot) {
      this.expire(session);
      throw failedPrecondition(
        `there was an error operating on '${name}': session expired at ${expiryText(Math.min(session.expireAt, this.options.now()))}`,
      );
    }
    return { session, snapshot: session.snapshot, range, streamId: parts.streamId };
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

  /** A ReadRows response of `rows` rows and `bytes` bytes served `streamId` up to row `position` (relative). */
  recordRead(session: Session, rows: number, bytes: number, streamId?: string, position?: number): void {
    session.rowsRead += rows;
    session.bytesRead += bytes;
    if (streamId !== undefined && position !== undefined) {
      session.readTo.set(streamId, Math.max(session.readTo.get(streamId) ?? 0, position));
    }
  }

  /** Every stream served to its end (a split's halves replace nothing: all ranges count). */
  private fullyRead(session: Session): boolean {
    for (const [id, range] of session.streams) {
      if ((session.readTo.get(id) ?? 0) < range.end - range.start) return false;
    }
    return true;
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
      createMs: s.createMs,
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

  /** Frees a fully read session's data early; it then answers like an expired one. */
  private release(session: Session): void {
    session.expireAt = Math.min(session.expireAt, this.options.now());
    this.expire(session);
  }
}
