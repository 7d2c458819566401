import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as model from '../../../streams/model/index.js';

const streamsDir = fileURLToPath(new URL('../../../streams/', import.meta.url));

/** The folders under streams/ that a module of `folder` imports (relative imports only). */
function importedFolders(folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of readdirSync(`${streamsDir}${folder}`).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${streamsDir}${folder}/${file}`, 'utf8');
    for (const m of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
      const list = found.get(m[1]!) ?? [];
      list.push(file);
      found.set(m[1]!, list);
    }
  }
  return found;
}

describe('the shared model module', () => {
  it('holds types only: importing it loads no code', () => {
    expect(Object.keys(model)).toEqual([]);
  });

  it('depends on nothing else in streams/', () => {
    expect([...importedFolders('model').keys()]).toEqual([]);
  });

  // The stages talk through the model: none reaches into another stage for a type.
  it.each([
    ['operators', ['pipeline', 'sink', 'source', 'convert']],
    ['sink', ['pipeline', 'operators', 'source', 'convert']],
    ['convert', ['pipeline', 'operators', 'sink', 'source']],
    ['source', ['pipeline', 'operators', 'sink']],
  ])('streams/%s imports none of %j', (folder, forbidden) => {
    const imported = importedFolders(folder);
    const wrong = forbidden.filter((f) => imported.has(f)).map((f) => `${f} (from ${imported.get(f)!.join(', ')})`);
    expect(wrong).toEqual([]);
  });
});
