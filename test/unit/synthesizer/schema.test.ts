import { describe, expect, it } from 'vitest';
import {
  createScenario,
  OPTIONAL_COLUMNS,
  SYNTHESIZER_TABLES,
  TIME_COLUMN,
  VESSEL_COLUMN,
} from '../../../streams/synthesizer/index.js';
import type { TableName } from '../../../streams/synthesizer/rows.js';

const sampleRows = () => {
  const s = createScenario('small', 9);
  return {
    vessel_positions: [...s.rows.vesselPositions()],
    port_events: [...s.rows.portEvents()],
    vessel_metadata: [...s.rows.vesselMetadata()],
  } as unknown as Record<TableName, Record<string, unknown>[]>;
};

describe('BigQuery table definitions', () => {
  const rows = sampleRows();

  for (const table of Object.keys(SYNTHESIZER_TABLES) as TableName[]) {
    it(`${table}: schema matches the rows, partitioned by day on its time column, clustered by vessel`, () => {
      const def = SYNTHESIZER_TABLES[table];
      expect(def.tableReference.tableId).toBe(table);
      const fields = def.schema.fields;
      expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
      expect(def.timePartitioning).toEqual({ type: 'DAY', field: TIME_COLUMN[table] });
      expect(fields.find((f) => f.name === TIME_COLUMN[table])?.type).toBe('TIMESTAMP');
      expect(def.clustering.fields).toEqual([VESSEL_COLUMN[table]]);
      const optional = new Set<string>(OPTIONAL_COLUMNS[table]);
      for (const f of fields) expect(f.mode, f.name).toBe(optional.has(f.name) ? 'NULLABLE' : 'REQUIRED');
      expect(rows[table].length).toBeGreaterThan(0);
      for (const row of rows[table]) {
        expect(Object.keys(row).sort()).toEqual(fields.map((f) => f.name).sort());
        for (const f of fields) {
          const v = row[f.name];
          if (v === null) {
            expect(f.mode).toBe('NULLABLE');
            continue;
          }
          if (f.type === 'TIMESTAMP') expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
          if (f.type === 'INT64') expect(Number.isSafeInteger(v)).toBe(true);
          if (f.type === 'FLOAT64') expect(typeof v === 'number' && Number.isFinite(v)).toBe(true);
          if (f.type === 'STRING') expect(typeof v).toBe('string');
        }
      }
    });
  }

  it('rows survive a JSON round trip unchanged (what NDJSON load jobs carry)', () => {
    for (const table of Object.keys(rows) as TableName[]) {
      for (const row of rows[table]) expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    }
  });
});
