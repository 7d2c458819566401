/**
 * `/_admin/faults`: fault rules over HTTP, for tests in another process (e.g. the sync
 * engine under Harper). Only served on a loopback-bound server to loopback peers.
 */
import type { IncomingMessage } from 'node:http';
import { FaultError, type FaultController, type FaultRuleInput } from '../../faults/controller.js';
import { invalid, notFound } from '../errors.js';
import { json, readBody, type Reply } from '../http.js';

/** What the admin API may see and do of the Storage Read service (emulator/storage-read). */
export interface StorageReadAdmin {
  sessions(): unknown[];
  expireSessions(): number;
}

export async function handleAdmin(
  faults: FaultController,
  req: IncomingMessage,
  path: string,
  storageRead?: StorageReadAdmin,
): Promise<Reply> {
  if (path.startsWith('/_admin/storage-read/')) return storageReadAdmin(storageRead, req, path);
  if (path !== '/_admin/faults')
    throw notFound(`Not found: ${path} (the admin API has /_admin/faults and /_admin/storage-read/...)`);
  switch (req.method) {
    case 'GET':
      return json(200, { faults: faults.list() });
    case 'DELETE':
      return json(200, { cleared: faults.clear() });
    case 'POST': {
      const text = (await readBody(req, 1024 * 1024)).toString('utf8').trim();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch (err) {
        throw invalid(`Invalid JSON payload received. ${(err as Error).message}`);
      }
      // Accepts one rule, an array of rules, or { faults: [...] }.
      const rules =
        parsed !== null &&
        typeof parsed === 'object' &&
        !Array.isArray(parsed) &&
        Array.isArray((parsed as { faults?: unknown }).faults)
          ? (parsed as { faults: FaultRuleInput[] }).faults
          : (parsed as FaultRuleInput | FaultRuleInput[] | undefined);
      if (rules === undefined)
        throw invalid('POST /_admin/faults needs a rule, an array of rules or { "faults": [...] }.');
      try {
        return json(201, { faults: faults.add(rules) });
      } catch (err) {
        if (err instanceof FaultError) throw invalid(err.message);
        throw err;
      }
    }
    default:
      throw invalid(`Method ${req.method ?? ''} is not supported on ${path}.`);
  }
}

/**
 * `GET /_admin/storage-read/sessions`: every read session with rows and bytes read (Storage
 * Read bills bytes read). `POST /_admin/storage-read/expire`: expires every live session now,
 * so a test in another process can make a session expire mid-read.
 */
function storageReadAdmin(storageRead: StorageReadAdmin | undefined, req: IncomingMessage, path: string): Reply {
  if (!storageRead) throw notFound(`Not found: ${path} (the Storage Read service is off)`);
  if (path === '/_admin/storage-read/sessions' && req.method === 'GET') {
    return json(200, { sessions: storageRead.sessions() });
  }
  if (path === '/_admin/storage-read/expire' && req.method === 'POST') {
    return json(200, { expired: storageRead.expireSessions() });
  }
  throw notFound(
    `Not found: ${req.method ?? ''} ${path} (GET /_admin/storage-read/sessions, POST /_admin/storage-read/expire)`,
  );
}
