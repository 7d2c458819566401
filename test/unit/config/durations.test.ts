import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_TIMER_MS, parseDuration } from '../../../config/index.js';

describe('parseDuration', () => {
  it.each([
    [30_000, 30_000],
    ['30000', 30_000],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5s', 1_500],
    ['1.1s', 1_100],
    ['1h30m', 5_400_000],
    ['1m 30s', 90_000],
    [0, 0],
    ['0s', 0],
  ])('reads %j as %i ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['soon'],
    ['30'.concat('x')],
    ['-5s'],
    ['5 minutes'],
    ['1.5'],
    [''],
    [true],
    [null],
    [-1],
    [Number.NaN],
    [[30]],
  ])('rejects %j', (input) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
  });

  it('says what a duration looks like', () => {
    expect(parseDuration('soon')).toEqual({ ok: false, message: 'expected a duration like "30s", got "soon"' });
    expect(parseDuration(true)).toEqual({ ok: false, message: 'expected a duration like "30s", got true' });
  });

  it('rejects fractions of a millisecond', () => {
    expect(parseDuration('0.5ms')).toEqual({
      ok: false,
      message: 'expected a whole number of milliseconds, got "0.5ms"',
    });
    expect(parseDuration(1.5)).toEqual({ ok: false, message: 'expected a whole number of milliseconds, got 1.5' });
  });

  it('applies limits', () => {
    expect(parseDuration('0s', { min: 1 })).toEqual({ ok: false, message: 'must be greater than 0, got "0s"' });
    expect(parseDuration('30d')).toEqual({ ok: false, message: 'must be at most 24d20h31m23s647ms, got "30d"' });
    expect(parseDuration(MAX_TIMER_MS)).toEqual({ ok: true, value: MAX_TIMER_MS });
  });

  it('formats compactly', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});
