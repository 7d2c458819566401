import { describe, expect, it } from 'vitest';
import type { TableReference } from '../../../config/types.js';
import {
  referenceReport,
  scanReference,
  skippedReference,
  valueText,
  type ValueScannableTable,
} from '../../../streams/validate/references.js';

const REF: TableReference = { column: 'vessel_mmsi', table: 'vessel_metadata', referencedColumn: 'mmsi' };

/** A table stand-in that answers the two searches the check makes, like Harper would. */
function table(rows: Record<string, unknown>[]): ValueScannableTable & { queries: unknown[] } {
  const queries: unknown[] = [];
  return {
    queries,
    search(query) {
      queries.push(query);
      const [c] = query.conditions ?? [];
      return rows
        .filter((r) => !c || (r[c.attribute] as number) < (c.value as number))
        .map((r) => Object.fromEntries((query.select ?? Object.keys(r)).map((k) => [k, r[k]])));
    },
  };
}

describe('cross-table reference check', () => {
  it('counts distinct orphan values and their rows, sorted numerically, sample capped', () => {
    const counts = new Map([
      ['1000', 2],
      ['20', 1],
      ['3', 4],
      ['5', 1],
    ]);
    const report = referenceReport(REF, 0, { rowsChecked: 8, counts, present: new Set(['5']) }, 2);
    expect(report).toEqual({
      column: 'vessel_mmsi',
      table: 'vessel_metadata',
      referencedColumn: 'mmsi',
      before: '1970-01-01T00:00:00.000Z',
      rowsChecked: 8,
      distinctValues: 4,
      orphans: 3,
      orphanRows: 7,
      sample: ['3', '20'],
    });
  });

  it('checks only rows below the time limit, ignores nulls, reads only the needed column', async () => {
    const events = table([
      { t: 1, vessel_mmsi: 7, other: 'x' },
      { t: 2, vessel_mmsi: 8 },
      { t: 3, vessel_mmsi: null },
      { t: 9, vessel_mmsi: 99 }, // above the limit: its vessel may not be synced yet
    ]);
    const vessels = table([{ mmsi: 7 }, { mmsi: 12 }]);
    const scan = await scanReference(events, 'vessel_mmsi', 't', 5, vessels, 'mmsi');
    expect(referenceReport(REF, 5, scan)).toMatchObject({ rowsChecked: 2, orphans: 1, orphanRows: 1, sample: ['8'] });
    expect(events.queries[0]).toEqual({
      conditions: [{ attribute: 't', comparator: 'less_than', value: 5 }],
      select: ['vessel_mmsi'],
    });
    expect(vessels.queries[0]).toEqual({ select: ['mmsi'] });
  });

  it('stops at the distinct-value bound and says so', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ t: 0, v: i }));
    const scan = await scanReference(table(rows), 'v', 't', 1, table([]), 'v', { maxDistinct: 4 });
    expect(referenceReport(REF, 1, scan)).toMatchObject({
      distinctValues: 4,
      incomplete: 'stopped after 4 distinct values of v',
    });
  });

  it('compares values by text (numbers, bigints, strings) and reports a check that could not run', () => {
    expect([5, 5n, '5', null, undefined, ''].map(valueText)).toEqual(['5', '5', '5', undefined, undefined, undefined]);
    expect(skippedReference(REF, 'vessel_metadata has nothing committed yet')).toMatchObject({
      orphans: 0,
      before: null,
      incomplete: 'vessel_metadata has nothing committed yet',
    });
  });
});
