import { describe, expect, it } from 'vitest';
import { identifierProblem, isValidIdentifier, type IdentifierKind } from '../../../config/index.js';

const cases: Record<IdentifierKind, { valid: string[]; invalid: string[] }> = {
  projectId: {
    valid: ['local-project', 'my-project-123', 'abcdef', 'example.com:my-project', 'a'.repeat(30)],
    invalid: [
      'short',
      'My-Project',
      '1project',
      'project-',
      'my_project',
      'a'.repeat(31),
      'proj`ect',
      'p;drop table x',
    ],
  },
  datasetId: {
    valid: ['maritime_tracking', 'DS1', '_x', '123', 'a'.repeat(1024)],
    invalid: ['maritime-tracking', 'a.b', 'a b', 'a'.repeat(1025), 'x`; DROP', 'é'],
  },
  tableName: {
    valid: ['vessel_positions', 'Vessel-Positions 2024', 'données', '表', 'a'.repeat(1024)],
    invalid: ['a.b', 'a`b', "a'b", 'a;b', 'a*', 'a/b', 'a'.repeat(1025), 'é'.repeat(513), 'tab\tname'],
  },
  columnName: {
    valid: ['mmsi', 'timestamp', '_private', 'Col_9', 'a'.repeat(300)],
    invalid: ['9col', 'col-name', 'col name', 'a.b', 'a'.repeat(301), '_TABLE_x', '_partitiontime', '__ROOT__x'],
  },
  tableId: {
    valid: ['vessel_positions', 'default', '_x', 'A1'],
    invalid: ['vessel-positions', '1abc', '__typename', 'a b', 'a'.repeat(256)],
  },
  targetTable: {
    valid: ['VesselPositions', 'BigQueryData', '_Private'],
    invalid: ['Vessel.Positions', '__Schema', 'Vessel Positions', '9Lives'],
  },
};

describe('identifiers', () => {
  for (const [kind, { valid, invalid }] of Object.entries(cases) as Array<
    [IdentifierKind, (typeof cases)[IdentifierKind]]
  >) {
    it(`${kind}: accepts valid names`, () => {
      for (const name of valid) expect(identifierProblem(kind, name), name).toBeUndefined();
    });
    it(`${kind}: rejects invalid names`, () => {
      for (const name of invalid) expect(isValidIdentifier(kind, name), name).toBe(false);
    });
  }

  it('explains what is wrong', () => {
    expect(identifierProblem('datasetId', '')).toBe('must not be empty');
    expect(identifierProblem('datasetId', 'a-b')).toBe(
      '"a-b" is not valid: a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
    );
    expect(identifierProblem('columnName', '_TABLE_SUFFIX')).toBe(
      '"_TABLE_SUFFIX" is not allowed: the column name prefix "_TABLE_" is reserved by BigQuery',
    );
  });
});
