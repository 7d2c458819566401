import { describe, expect, it } from 'vitest';
import { MAX_ID_BYTES, parseControlRequest, parsePathId } from '../../../src/harper/control-request.js';
import { CONTROL_ACTIONS } from '../../../src/harper/sync-service.js';

function problem(body: unknown): string {
  const parsed = parseControlRequest(body);
  if (parsed.ok) throw new Error(`expected a problem with ${JSON.stringify(body)}`);
  return parsed.message;
}

describe('control request', () => {
  it('accepts every allowed action and keeps only tableId and action', () => {
    for (const action of CONTROL_ACTIONS) {
      expect(parseControlRequest({ tableId: 'positions', action, extra: 'x'.repeat(10_000) })).toEqual({
        ok: true,
        value: { tableId: 'positions', action },
      });
    }
  });

  it('names the field that is wrong', () => {
    expect(problem(undefined)).toMatch(/^body: expected a JSON object/);
    expect(problem('pause')).toMatch(/^body: expected a JSON object, got string/);
    expect(problem([{ tableId: 'a', action: 'pause' }])).toMatch(/^body: .*array/);
    expect(problem({ action: 'pause' })).toBe('body.tableId: required');
    expect(problem({ tableId: 7, action: 'pause' })).toBe('body.tableId: expected a string, got number');
    expect(problem({ tableId: '', action: 'pause' })).toBe('body.tableId: must not be empty');
    expect(problem({ tableId: 'a', action: 'drop' })).toMatch(/^body\.action: expected one of pause, resume, resync/);
    expect(problem({ tableId: 'a' })).toMatch(/^body\.action: .*got nothing/);
  });

  it('bounds ids by UTF-8 bytes, not characters', () => {
    expect(parseControlRequest({ tableId: 'a'.repeat(MAX_ID_BYTES), action: 'pause' }).ok).toBe(true);
    expect(problem({ tableId: 'a'.repeat(MAX_ID_BYTES + 1), action: 'pause' })).toMatch(/^body\.tableId: too long/);
    // 'é' is two bytes: 129 of them exceed 256 bytes although they are 129 characters.
    expect(problem({ tableId: 'é'.repeat(129), action: 'pause' })).toMatch(/^body\.tableId: too long/);
    expect(problem({ tableId: 'x'.repeat(2_000_000), action: 'pause' })).toMatch(/too long/);
  });

  it('checks ids from the path the same way', () => {
    expect(parsePathId('positions')).toEqual({ ok: true, value: 'positions' });
    expect(parsePathId('y'.repeat(300))).toMatchObject({ ok: false, message: expect.stringMatching(/^id: too long/) });
  });
});
