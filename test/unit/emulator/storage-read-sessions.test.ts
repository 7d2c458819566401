/**
 * The local Storage Read server's memory bound: live sessions are capped in number and in
 * snapshot bytes, fully read sessions are released first, expired ones free their data, and
 * what the process retains after many sessions stays bounded (heap after a full GC).
 */
import { status } from '@grpc/grpc-js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../emulator/storage-read/sessions.js';
import { snapshotFromRows, type Snapshot } from '../../../emulator/storage-read/snapshot.js';
import type { Field } from '../../../emulator/types/schema.js';

const TABLE = { projectId: 'p', datasetId: 'ds', tableId: 't' };
const FIELDS = [
  { name: 'id', type: 'INT64', mode: 'REQUIRED' },
  { name: 'name', type: 'STRING', mode: 'NULLABLE' },
] as unknown as Field[];

/** A real Arrow snapshot of `rows` rows (about 40 bytes a row). */
function snapshotOf(rows: number, seed = 0): Snapshot {
  const restRows = Array.from({ length: rows }, (_, i) => ({
    f: [{ v: String(seed * rows + i) }, { v: `name ${seed}-${i} ${'x'.repeat(24)}` }],
  }));
  return snapshotFromRows(FIELDS, restRows as never, 1000);
}

function storeWith(o: { maxSessions?: number; maxRetainedBytes?: number }, clock = { now: 1_000_000 }) {
  return { clock, store: new SessionStore({ ttlMs: 60_000, now: () => clock.now, ...o }) };
}

function open(store: SessionStore, snapshot: Snapshot, streamCount = 2) {
  return store.create({
    projectId: 'p',
    table: TABLE,
    snapshot,
    schemaBytes: new Uint8Array(),
    snapshotTime: 0,
    streamCount,
  });
}

/** Serves every stream of a session to its end (as ReadRows would record it). */
function readAll(store: SessionStore, session: ReturnType<typeof open>): void {
  for (const [id, range] of session.streams)
    store.recordRead(session, range.end - range.start, 1, id, range.end - range.start);
}

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('Storage Read session memory bound', () => {
  it('refuses a session past maxSessions with RESOURCE_EXHAUSTED while the others are unread', () => {
    const { store } = storeWith({ maxSessions: 2 });
    const snap = snapshotOf(10);
    open(store, snap);
    open(store, snap);
    expect(codeOf(() => open(store, snap))).toBe(status.RESOURCE_EXHAUSTED);
    expect(store.retained().sessions).toBe(2);
  });

  it('releases fully read sessions, oldest first, to make room; a later read of them answers "expired"', () => {
    const { store } = storeWith({ maxSessions: 2 });
    const snap = snapshotOf(10);
    const a = open(store, snap);
    const b = open(store, snap);
    readAll(store, a);
    readAll(store, b);
    open(store, snap);
    expect(store.retained().sessions).toBe(2);
    const [streamOfA] = store.streamNames(a);
    expect(codeOf(() => store.stream(streamOfA!))).toBe(status.FAILED_PRECONDITION);
    expect(() => store.stream(store.streamNames(b)[0]!)).not.toThrow();
  });

  it('a partly read session is kept: only sessions read to the end are released', () => {
    const { store } = storeWith({ maxSessions: 1 });
    const a = open(store, snapshotOf(10), 2);
    const [first] = [...a.streams.keys()];
    const range = a.streams.get(first!)!;
    store.recordRead(a, range.end - range.start, 1, first, range.end - range.start);
    expect(codeOf(() => open(store, snapshotOf(10)))).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('caps the snapshot bytes held by live sessions', () => {
    const one = snapshotOf(1000);
    const { store } = storeWith({ maxRetainedBytes: one.bytes * 2 });
    open(store, one);
    open(store, snapshotOf(1000, 1));
    expect(store.retained().bytes).toBe(one.bytes * 2);
    expect(codeOf(() => open(store, snapshotOf(1000, 2)))).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('expired sessions free their data and no longer count', () => {
    const { store, clock } = storeWith({ maxSessions: 1 });
    open(store, snapshotOf(10));
    clock.now += 60_000;
    store.sweep();
    expect(store.retained()).toEqual({ sessions: 0, bytes: 0 });
    expect(() => open(store, snapshotOf(10))).not.toThrow();
  });

  it('retains bounded memory after many sessions (heap after a full GC)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rowsPerSession = 40_000;
    const probe = snapshotOf(rowsPerSession);
    const { store } = storeWith({ maxRetainedBytes: probe.bytes * 3 });
    gc();
    gc();
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const sessions = 16;
    for (let i = 0; i < sessions; i++) readAll(store, open(store, snapshotOf(rowsPerSession, i)));
    gc();
    gc();
    const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const grown = after - before;
    expect(store.retained().sessions).toBeLessThanOrEqual(3);
    // Unbounded, 16 snapshots would stay; bounded, at most 3 (plus the sessions' small records).
    expect(grown).toBeLessThan(probe.bytes * 8);
    expect(store.stats()).toHaveLength(sessions);
  });
});
