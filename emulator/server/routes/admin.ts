/**
 * `/_admin/faults`: fault rules over HTTP, for tests in another process (e.g. the sync
 * engine under Harper). Only served on a loopback-bound server to loopback peers.
 */
import type { IncomingMessage } from 'node:http';
import { FaultError, type FaultController, type FaultRuleInput } from '../../faults/controller.js';
import { invalid, notFound } from '../errors.js';
import { json, readBody, type Reply } from '../http.js';

export async function handleAdmin(faults: FaultController, req: IncomingMessage, path: string): Promise<Reply> {
  if (path !== '/_admin/faults') throw notFound(`Not found: ${path} (the admin API has /_admin/faults)`);
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
