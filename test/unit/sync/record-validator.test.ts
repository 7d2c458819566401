import { describe, expect, it } from 'vitest';
import { toPlainJson } from '../../../streams/sink/harper-sink.js';
import { recordProblem } from '../../../streams/sink/record-validator.js';

const attributes = [
  { name: 'id', type: 'ID' },
  { name: 'year', type: 'Long' },
  { name: 'small', type: 'Int' },
  { name: 'speed', type: 'Float' },
  { name: 'name', type: 'String', nullable: false },
  { name: 'when', type: 'Date' },
  { name: 'free', type: 'Any' },
];

describe('record check against Harper attribute types', () => {
  it('accepts what Harper accepts, including absent and null optional values', () => {
    expect(
      recordProblem(
        { id: 'a', year: 2001, small: 7, speed: 1.5, name: 'x', when: new Date(), free: { a: 1n } },
        attributes,
      ),
    ).toBeUndefined();
    expect(recordProblem({ id: 'a', year: null, name: 'x' }, attributes)).toBeUndefined();
  });

  it('names the property and the value Harper would refuse', () => {
    expect(recordProblem({ id: 'a', year: 9007199254740993n, name: 'x' }, attributes)).toBe(
      'value 9007199254740993 in property year must be an integer (from -9007199254740992 to 9007199254740992)',
    );
    expect(recordProblem({ id: 'a', small: 2 ** 31, name: 'x' }, attributes)).toMatch(
      /property small must be an integer/,
    );
    expect(recordProblem({ id: 'a', speed: '1.5', name: 'x' }, attributes)).toBe(
      'value "1.5" in property speed must be a number',
    );
    expect(recordProblem({ id: 'a', name: null }, attributes)).toBe('property name must not be null');
  });

  it('copies rows to plain JSON without relying on toJSON (Harper makes BigInt.toJSON throw)', () => {
    const original = Object.getOwnPropertyDescriptor(BigInt.prototype, 'toJSON');
    Object.defineProperty(BigInt.prototype, 'toJSON', {
      configurable: true,
      value: () => {
        throw new Error('no');
      },
    });
    try {
      expect(toPlainJson({ a: 1n, b: [Buffer.from([1, 2])], c: new Date(0), d: null })).toEqual({
        a: '1',
        b: ['AQI='],
        c: '1970-01-01T00:00:00.000Z',
        d: null,
      });
    } finally {
      if (original) Object.defineProperty(BigInt.prototype, 'toJSON', original);
      else delete (BigInt.prototype as { toJSON?: unknown }).toJSON;
    }
  });
});
