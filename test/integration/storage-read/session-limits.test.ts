/**
 * The local Storage Read server's session cap through the official raw v1 client: past the
 * cap CreateReadSession answers RESOURCE_EXHAUSTED (as Google's service does for a quota);
 * a session read to its end makes room; an expired one frees its data.
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../../emulator/engine/contract.js';
import { createSession, grpcError, readStream, startLocal, tablePath, type Local } from './helpers.js';

const FIELDS: FieldSchema[] = [
  { name: 'id', type: 'INT64', mode: 'REQUIRED' },
  { name: 'name', type: 'STRING' },
];
const table = tablePath('ds', 'limited');
let local: Local;

beforeAll(async () => {
  local = await startLocal({ maxSessions: 2, sessionTtlMs: 60_000 });
  const [dataset] = await local.bq.createDataset('ds');
  const [t] = await dataset.createTable('limited', { schema: { fields: FIELDS } });
  await t.insert(Array.from({ length: 500 }, (_, i) => ({ id: i, name: `n${i}` })));
});

afterAll(async () => {
  await local?.stop();
});

describe('Storage Read session limits (local server)', () => {
  it('refuses a session past the cap with RESOURCE_EXHAUSTED, until a session is read to the end or expires', async () => {
    const a = await createSession(local.read, { table, maxStreamCount: 1 });
    await createSession(local.read, { table, maxStreamCount: 1 });
    const refused = await grpcError(createSession(local.read, { table, maxStreamCount: 1 }));
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(/live read session/);

    const schemaBytes = a.arrowSchema!.serializedSchema as Uint8Array;
    const read = await readStream(local.read, schemaBytes, a.streams![0]!.name!);
    expect(read.rowCounts.reduce((x, y) => x + y, 0)).toBe(500);
    const c = await createSession(local.read, { table, maxStreamCount: 1 });
    expect(local.server.storageRead!.retained().sessions).toBe(2);
    // The released session answers like an expired one.
    const gone = await grpcError(readStream(local.read, schemaBytes, a.streams![0]!.name!, 0));
    expect(gone.code).toBe(status.FAILED_PRECONDITION);

    local.clock.now += 60_000;
    expect((await grpcError(readStream(local.read, schemaBytes, c.streams![0]!.name!))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    await createSession(local.read, { table, maxStreamCount: 1 });
    expect(local.server.storageRead!.retained().sessions).toBe(1);
  });
});
