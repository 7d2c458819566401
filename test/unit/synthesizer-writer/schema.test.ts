import { describe, expect, it } from 'vitest';
import { SYNTHESIZER_TABLES } from '../../../streams/synthesizer/index.js';
import { schemaDifferences } from '../../../streams/synthesizer/writer/index.js';

const expected = SYNTHESIZER_TABLES.port_events.schema.fields;
// What the API answers: legacy type names, mode sometimes omitted for NULLABLE.
const asReturned = expected.map((f) => ({
  name: f.name,
  type: f.type === 'INT64' ? 'INTEGER' : f.type === 'FLOAT64' ? 'FLOAT' : f.type,
  ...(f.mode === 'REQUIRED' ? { mode: 'REQUIRED' } : {}),
}));

describe('schemaDifferences', () => {
  it('accepts the same schema under legacy type names and default modes', () => {
    expect(schemaDifferences(expected, asReturned)).toEqual([]);
  });

  it('names every differing column', () => {
    const actual = asReturned
      .filter((f) => f.name !== 'port_name')
      .map((f) => (f.name === 'vessel_mmsi' ? { ...f, type: 'STRING' } : f))
      .map((f) => (f.name === 'latitude' ? { ...f, mode: 'REQUIRED' } : f))
      .concat([{ name: 'note', type: 'STRING' }]);
    expect(schemaDifferences(expected, actual)).toEqual([
      'missing column port_name STRING NULLABLE',
      'column vessel_mmsi is STRING, expected INT64',
      'column latitude is REQUIRED, expected NULLABLE',
      'unexpected column note STRING',
    ]);
  });
});
