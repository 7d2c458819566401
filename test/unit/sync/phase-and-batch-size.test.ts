import { describe, expect, it } from 'vitest';
import { BatchSizer, phaseBatchSize } from '../../../streams/pipeline/batch-size.js';
import { nextPhase } from '../../../streams/pipeline/phase.js';

const thresholds = { catchupThresholdMs: 60_000, steadyThresholdMs: 5_000 };
const sizes = {
  initialBatchSize: 1000,
  catchupBatchSize: 500,
  steadyBatchSize: 100,
  minBatchSize: 10,
  maxBatchSize: 800,
  queryTimeoutMs: 4000,
};

describe('phase', () => {
  it('stays initial until the table first catches up', () => {
    expect(nextPhase('initial', 10 * 60_000, thresholds)).toBe('initial');
    expect(nextPhase('initial', 4_000, thresholds)).toBe('steady');
  });

  it('holds steady inside the hysteresis band and falls to catch-up beyond it', () => {
    expect(nextPhase('steady', 30_000, thresholds)).toBe('steady');
    expect(nextPhase('steady', 61_000, thresholds)).toBe('catchup');
    expect(nextPhase('catchup', 30_000, thresholds)).toBe('catchup');
    expect(nextPhase('catchup', 5_000, thresholds)).toBe('steady');
  });
});

describe('batch size', () => {
  it('uses each phase’s size within the table’s bounds', () => {
    expect(phaseBatchSize('initial', sizes)).toBe(800);
    expect(phaseBatchSize('catchup', sizes)).toBe(500);
    expect(phaseBatchSize('steady', sizes)).toBe(100);
  });

  it('halves on failure down to the minimum and grows back while reads are fast, up to the phase size', () => {
    const sizer = new BatchSizer(sizes, 'catchup');
    sizer.onFailure();
    expect(sizer.current('catchup')).toBe(250);
    for (let i = 0; i < 10; i++) sizer.onFailure();
    expect(sizer.current('catchup')).toBe(10);
    sizer.onSuccess(3000); // slow: no growth
    expect(sizer.current('catchup')).toBe(10);
    for (let i = 0; i < 30; i++) sizer.onSuccess(10);
    expect(sizer.current('catchup')).toBe(500);
  });

  it('resets to the new phase’s size on a phase change', () => {
    const sizer = new BatchSizer(sizes, 'catchup');
    sizer.onFailure();
    expect(sizer.current('steady')).toBe(100);
  });
});
