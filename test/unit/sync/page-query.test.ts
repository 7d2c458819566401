import { describe, expect, it } from 'vitest';
import { buildPageQuery, type PageQueryTable } from '../../../streams/query/page-query.js';

const table: PageQueryTable = {
  projectId: 'p',
  dataset: 'd',
  table: 't',
  timestampColumn: 'timestamp',
  columns: ['timestamp', 'mmsi', 'name'],
  key: {
    kind: 'columns',
    columns: [
      { name: 'mmsi', type: 'STRING' },
      { name: 'seq', type: 'INT64' },
    ],
  },
};

describe('page query', () => {
  it('reads the first page with only the upper bound', () => {
    const q = buildPageQuery(table, { after: null, upperMicros: 1_700_000_000_000_000n, limit: 500 });
    expect(q.query).toBe(
      [
        'SELECT `timestamp`, `mmsi`, `name`, UNIX_MICROS(`timestamp`) AS `_bqsync_ts`',
        'FROM `p.d.t` AS _bqsync_row',
        'WHERE `timestamp` <= TIMESTAMP_MICROS(@upper)',
        'ORDER BY `timestamp`, `mmsi`, `seq`',
        'LIMIT @limit',
      ].join('\n'),
    );
    expect(q.params).toEqual({ upper: '1700000000000000', limit: 500 });
    expect(q.types).toEqual({ upper: 'INT64', limit: 'INT64' });
  });

  it('continues after a cursor with the (timestamp, key) tuple, never timestamp alone', () => {
    const q = buildPageQuery(table, { after: { timestampMicros: 5n, key: ['a', '7'] }, upperMicros: 9n, limit: 2 });
    expect(q.query).toContain('`timestamp` >= TIMESTAMP_MICROS(@after_ts)');
    expect(q.query).toContain(
      '(`timestamp` > TIMESTAMP_MICROS(@after_ts) OR (`timestamp` = TIMESTAMP_MICROS(@after_ts) AND ((`mmsi` > @after_k0) OR (`mmsi` = @after_k0 AND `seq` > CAST(@after_k1 AS INT64)))))',
    );
    expect(q.params).toMatchObject({ after_ts: '5', after_k0: 'a', after_k1: '7' });
    expect(q.types).toMatchObject({ after_ts: 'INT64', after_k0: 'STRING', after_k1: 'STRING' });
  });

  it('uses a row fingerprint computed in a subquery when the table has no key', () => {
    const q = buildPageQuery(
      { ...table, columns: '*', key: { kind: 'fingerprint' } },
      { after: { timestampMicros: 1n, key: ['-42'] }, upperMicros: 9n, limit: 10 },
    );
    expect(q.query).toContain(
      'FROM (SELECT _bqsync_row.*, FARM_FINGERPRINT(TO_JSON_STRING(_bqsync_row)) AS `_bqsync_fp` FROM `p.d.t` AS _bqsync_row WHERE `timestamp` <= TIMESTAMP_MICROS(@upper) AND `timestamp` >= TIMESTAMP_MICROS(@after_ts)) AS _bqsync_row',
    );
    expect(q.query).toContain('`_bqsync_fp` > CAST(@after_k0 AS INT64)');
    expect(q.query).toContain('ORDER BY `timestamp`, `_bqsync_fp`');
  });

  it('compares timestamp and bytes key columns from their wire forms', () => {
    const q = buildPageQuery(
      {
        ...table,
        key: {
          kind: 'columns',
          columns: [
            { name: 'at', type: 'TIMESTAMP' },
            { name: 'b', type: 'BYTES' },
          ],
        },
      },
      { after: { timestampMicros: 1n, key: ['123', 'AAE='] }, upperMicros: 9n, limit: 10 },
    );
    expect(q.query).toContain('`at` > TIMESTAMP_MICROS(CAST(@after_k0 AS INT64))');
    expect(q.query).toContain('`b` > FROM_BASE64(@after_k1)');
  });

  it('builds a window query without LIMIT (paged with page tokens)', () => {
    const q = buildPageQuery(table, { after: null, lowerMicros: 3n, upperMicros: 9n });
    expect(q.query).not.toContain('LIMIT');
    expect(q.params).not.toHaveProperty('limit');
    expect(q.query).toContain('`timestamp` >= TIMESTAMP_MICROS(@lower)');
  });

  it('refuses identifiers that could carry SQL', () => {
    expect(() =>
      buildPageQuery({ ...table, table: 't` WHERE 1=1 --' }, { after: null, upperMicros: 1n, limit: 1 }),
    ).toThrow(/identifier/);
  });

  it('rejects a page limit that is not a positive integer', () => {
    expect(() => buildPageQuery(table, { after: null, upperMicros: 1n, limit: 0 })).toThrow(/positive integer/);
  });
});
