/** The scenario table in the synthesizer's README states real numbers: counts and fleet sizes. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScenario, isScenarioName, SCENARIO_PRESETS } from '../../../streams/synthesizer/index.js';

const README = fileURLToPath(new URL('../../../streams/synthesizer/README.md', import.meta.url));
const number = (cell: string): number => Number(cell.replace(/,/g, ''));

/** Rows of the markdown table whose header starts with `| scenario`, keyed by scenario. */
function scenarioTable(markdown: string): Map<string, Record<string, string>> {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^\|\s*scenario\s*\|/.test(l));
  if (start < 0) throw new Error('no scenario table in the README');
  const cells = (line: string): string[] =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replace(/`/g, ''));
  const header = cells(lines[start] as string);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const values = cells(line);
    rows.set(values[0] as string, Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  }
  return rows;
}

describe('synthesizer README numbers', () => {
  const table = scenarioTable(readFileSync(README, 'utf8'));

  it('lists every preset', () => {
    expect([...table.keys()].sort()).toEqual(Object.keys(SCENARIO_PRESETS).sort());
  });

  for (const name of Object.keys(SCENARIO_PRESETS)) {
    it(`${name}: row counts, window and fleet size (default seed) match the README`, () => {
      if (!isScenarioName(name)) throw new Error(name);
      const row = table.get(name) as Record<string, string>;
      const s = createScenario(name);
      expect(s.counts).toEqual({
        positions: number(row.positions as string),
        events: number(row['port events'] as string),
        metadata: number(row.metadata as string),
      });
      expect(s.fleetSize).toBe(number(row.vessels as string));
      const hours =
        (Date.parse(s.end.replace(/(\.\d{3})\d{3}Z$/, '$1Z')) -
          Date.parse(s.start.replace(/(\.\d{3})\d{3}Z$/, '$1Z'))) /
        3.6e6;
      const window = row.window as string;
      expect(
        window.endsWith('days') ? number(window.split(' ')[0] as string) * 24 : number(window.split(' ')[0] as string),
      ).toBe(hours);
      // The planner's promise: the fleet leaves room for updates among the metadata rows.
      expect(s.fleetSize).toBeLessThanOrEqual(Math.floor(s.counts.metadata * 0.8));
    });
  }
});
