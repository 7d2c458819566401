import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, msgpackKeepsExactly } from '../../../streams/offload/record-codec.js';
import { reviveError, serializeError } from '../../../streams/offload/protocol.js';
import { classifyError } from '../../../actors/errors.js';
import { BudgetExceededError, isBudgetExceeded } from '../../../streams/source/daily-budget.js';
import { TableShapeError } from '../../../streams/pipeline/bigquery-table-pipeline.js';
import { firstDifference } from '../../support/same-value.js';

const roundTrip = (value: unknown) => decodePayload(structuredClone(encodePayload(value).payload));

describe('record codec', () => {
  it('sends plain records as transferred msgpack and gets every type back', () => {
    const records = [
      {
        id: 'a|1',
        at: new Date(-62135596800000),
        big: 2n ** 63n - 1n,
        small: 5n,
        huge: 2n ** 70n,
        bytes: Buffer.from([0, 1, 255]),
        nan: Number.NaN,
        inf: -Infinity,
        nested: { list: [1, 'x', null, { ok: true }], at: new Date(1767225600123) },
        none: null,
      },
    ];
    const { payload, transfer } = encodePayload(records);
    expect(payload.form).toBe('msgpack');
    expect(transfer).toHaveLength(1);
    const back = roundTrip(records) as typeof records;
    expect(firstDifference(back, records)).toBeUndefined();
    expect(Buffer.isBuffer(back[0]!.bytes)).toBe(true);
  });

  it('falls back to structured clone for -0 and a __proto__ key, keeping both and Buffers', () => {
    const withProto = JSON.parse('{"__proto__": {"x": 1}}') as object;
    for (const value of [[{ f: -0, b: Buffer.from('hi') }], [{ j: withProto, b: [Buffer.from('a')] }]]) {
      expect(msgpackKeepsExactly(value)).toBe(false);
      expect(encodePayload(value).payload.form).toBe('clone');
      const back = roundTrip(value);
      expect(firstDifference(back, value)).toBeUndefined();
    }
    expect(Object.getPrototypeOf((roundTrip([{ j: withProto }]) as [{ j: object }])[0].j)).toBe(Object.prototype);
  });
});

describe('errors across the thread boundary', () => {
  const cases: [string, Error][] = [
    [
      'a dropped table (404, notFound)',
      Object.assign(new Error('Not found: Table p:d.t'), {
        code: 404,
        errors: [{ reason: 'notFound', message: 'Not found: Table p:d.t' }],
      }),
    ],
    ['a backend error (503)', Object.assign(new Error('backend'), { code: 503, errors: [{ reason: 'backendError' }] })],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a credentials file', Object.assign(new Error('nope'), { code: 'ENOENT', path: '/k.json', syscall: 'open' })],
    ['a table shape error', new TableShapeError('timestampColumn ts is not a column of d.t')],
  ];
  it.each(cases)('%s keeps its classification', (_, error) => {
    const revived = reviveError(structuredClone(serializeError(error)));
    expect(classifyError(revived)).toEqual(classifyError(error));
    expect(revived.message).toBe(error.message);
    expect(revived.name).toBe(error.name);
  });

  it('a budget refusal is still recognised as one', () => {
    const revived = reviveError(structuredClone(serializeError(new BudgetExceededError('over', 1234))));
    expect(isBudgetExceeded(revived)).toBe(true);
    expect((revived as BudgetExceededError).resumesAtMs).toBe(1234);
  });
});
