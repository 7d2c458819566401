import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsFileProblem } from '../../../src/preflight/credentials-file.js';
import { tablesInSchema } from '../../../src/preflight/graphql-tables.js';
import { componentSchemaFiles } from '../../../src/preflight/schema-files.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'preflight-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tablesInSchema', () => {
  it('reads @table types with their database and line, ignoring comments and plain types', () => {
    const text = [
      '# type Commented @table {',
      'type Plain { id: ID }',
      'type A @table @export {',
      '  id: ID @primaryKey',
      '}',
      'type B @export @table(database: "other", expiration: 60) {',
      '  id: ID',
      '}',
    ].join('\n');
    expect(tablesInSchema(text, 'f.graphql')).toEqual([
      { name: 'A', database: 'data', file: 'f.graphql', line: 3 },
      { name: 'B', database: 'other', file: 'f.graphql', line: 6 },
    ]);
  });

  it("finds this component's tables through its config.yaml", () => {
    const files = componentSchemaFiles(REPO_ROOT);
    expect(files.map((f) => f.slice(REPO_ROOT.length))).toEqual(['/schema/maritime.graphql', '/schema/sync.graphql']);
  });
});

describe('credentialsFileProblem', () => {
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('accepts a service-account key', () => {
    const path = write('ok.json', JSON.stringify({ type: 'service_account', client_email: 'a@b', private_key: 'k' }));
    expect(credentialsFileProblem(path)).toBeUndefined();
  });

  it('names the file and what is wrong, never its content', () => {
    expect(credentialsFileProblem(join(dir, 'nope.json'))).toMatch(/nope\.json does not exist/);
    expect(credentialsFileProblem(write('bad.json', 'SECRET-KEY'))).toMatch(/is not valid JSON/);
    expect(credentialsFileProblem(write('bad.json', 'SECRET-KEY'))).not.toContain('SECRET');
    expect(credentialsFileProblem(write('t.json', '{"type":"weird"}'))).toMatch(/has type "weird"/);
    expect(credentialsFileProblem(write('m.json', '{"type":"service_account"}'))).toMatch(
      /lacks "client_email", "private_key"/,
    );
    expect(credentialsFileProblem(dir)).toMatch(/is a directory/);
  });
});
