import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';

// Files of "another component" of the app: a schema and a resource (plain JS: Harper loads JS).
const dir = mkdtempSync(join(tmpdir(), 'app-extras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'extra.graphql'), 'type ExtraThing @table @export {\n  id: ID @primaryKey\n  n: Int\n}\n');
writeFileSync(
  join(dir, 'extra.js'),
  [
    'export class ExtraHello extends Resource {',
    '  static loadAsInstance = false;',
    "  async get() { return { hello: 'from an extra resource', tables: Object.keys(databases.data) }; }",
    '}',
    '',
  ].join('\n'),
);

const ctx = useHarper({
  app: {
    links: { 'extra/schema.graphql': join(dir, 'extra.graphql'), 'extra/resource.js': join(dir, 'extra.js') },
    config: { graphqlSchema: { files: 'extra/schema.graphql' }, jsResource: { files: 'extra/resource.js' } },
  },
});

describe('app extras: other components beside this one in the harness app', () => {
  it('loads a linked schema and resource next to the component', async () => {
    const hello = await ctx.harper.rest('/ExtraHello/');
    expect(hello.status).toBe(200);
    const body = (await hello.json()) as { hello: string; tables: string[] };
    expect(body.hello).toBe('from an extra resource');
    expect(body.tables).toEqual(expect.arrayContaining(['ExtraThing', 'VesselPositions']));

    expect((await ctx.harper.rest('/ExtraThing/a', { method: 'PUT', body: JSON.stringify({ n: 1 }) })).ok).toBe(true);
    expect(await (await ctx.harper.rest('/ExtraThing/a')).json()).toMatchObject({ id: 'a', n: 1 });
    // The component itself still serves its status.
    expect((await ctx.harper.rest('/SyncStatus/')).status).toBe(200);
  });
});
