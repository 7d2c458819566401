import { describe, expect, it } from 'vitest';
import type { HarperTable } from '../../../streams/sink/harper-runtime.js';
import { keyExists } from '../../../streams/sink/key-exists.js';

const records = new Map<string, Record<string, unknown> | null>([
  ['a', { id: 'a' }],
  ['deleted', null],
]);

function table(extra: Partial<Record<'primaryStore', unknown>> = {}, asyncGet = true): HarperTable {
  return {
    get: (id: string) => (asyncGet ? Promise.resolve(records.get(id) ?? undefined) : (records.get(id) ?? undefined)),
    put: () => undefined,
    delete: () => undefined,
    ...extra,
  } as HarperTable;
}

describe('keyExists', () => {
  it("answers at once from the table's primary store; an entry without a value is absent", () => {
    const store = { getEntry: (id: string) => (records.has(id) ? { value: records.get(id) } : undefined) };
    const t = table({ primaryStore: store });
    expect(keyExists(t, 'a', {})).toBe(true);
    expect(keyExists(t, 'deleted', {})).toBe(false);
    expect(keyExists(t, 'missing', {})).toBe(false);
  });

  it('asks get() when the table has no primary store, awaiting only a promise', async () => {
    expect(keyExists(table(), 'a', {})).toBeInstanceOf(Promise);
    expect(await keyExists(table(), 'a', {})).toBe(true);
    expect(await keyExists(table(), 'missing', {})).toBe(false);
    expect(keyExists(table({}, false), 'a', {})).toBe(true);
    expect(keyExists(table({}, false), 'deleted', {})).toBe(false);
  });
});
