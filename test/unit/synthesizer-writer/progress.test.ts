import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressMode } from '../../../src/cli/synthesizer/progress.js';
import { RateMeter } from '../../../src/cli/synthesizer/rate-meter.js';

describe('progressMode', () => {
  it('draws bars only on a TTY outside CI', () => {
    expect(progressMode({ isTTY: true }, {}, false)).toBe('bars');
    expect(progressMode({ isTTY: true }, { CI: 'true' }, false)).toBe('lines');
    expect(progressMode({ isTTY: true }, { CI: 'false' }, false)).toBe('bars');
    expect(progressMode({ isTTY: false }, {}, false)).toBe('lines');
    expect(progressMode({ isTTY: true }, {}, true)).toBe('quiet');
  });
});

describe('RateMeter', () => {
  it('measures over a sliding window', () => {
    let now = 0;
    const meter = new RateMeter(10_000, () => now);
    now = 1000;
    expect(meter.update(100)).toBe(100);
    now = 20_000;
    meter.update(100);
    now = 25_000;
    // Measured from the last sample before the window (t=1 s, 100 rows): 500 rows in 24 s.
    expect(meter.update(600)).toBeCloseTo(500 / 24, 3);
    now = 31_000;
    // Now t=20 s is the last sample before the window: 1100 rows in 11 s.
    expect(meter.update(1200)).toBeCloseTo(1100 / 11, 3);
  });
});

describe('plain progress lines', () => {
  it('prints a final line per table with totals', () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _e, cb) {
        text += chunk.toString();
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
    const p = createProgress('lines', stream, 60_000);
    p.track('vessel_positions', 10_000);
    p.track('port_events');
    p.update('vessel_positions', 5_000);
    p.update('port_events', 12);
    p.log('a note');
    p.stop();
    expect(text).toContain('a note\n');
    expect(text).toMatch(/vessel_positions\s+5,000\/10,000 rows \(50%\)/);
    expect(text).toMatch(/port_events\s+12 rows,/);
  });
});
