import type { Phase } from '../model/index.js';

export interface BatchSizeSettings {
  initialBatchSize: number;
  catchupBatchSize: number;
  steadyBatchSize: number;
  minBatchSize: number;
  maxBatchSize: number;
  /** A page slower than this counts as slow (no growth). */
  queryTimeoutMs: number;
}

/** Configured size for a phase, within the table's bounds. */
export function phaseBatchSize(phase: Phase, s: BatchSizeSettings): number {
  const size = phase === 'initial' ? s.initialBatchSize : phase === 'catchup' ? s.catchupBatchSize : s.steadyBatchSize;
  return clamp(size, s.minBatchSize, s.maxBatchSize);
}

/**
 * Adaptive batch size. A failed or timed-out read halves it (down to the minimum); each
 * fast read grows it by a quarter back toward the phase's configured size, which stays the
 * ceiling because the user chose it for Harper's transaction size. A phase change resets
 * it to the new phase's size.
 */
export class BatchSizer {
  private phase: Phase;
  private size: number;

  constructor(
    private readonly settings: BatchSizeSettings,
    phase: Phase,
  ) {
    this.phase = phase;
    this.size = phaseBatchSize(phase, settings);
  }

  current(phase: Phase): number {
    if (phase !== this.phase) {
      this.phase = phase;
      this.size = phaseBatchSize(phase, this.settings);
    }
    return this.size;
  }

  onSuccess(latencyMs: number): void {
    const ceiling = phaseBatchSize(this.phase, this.settings);
    if (latencyMs < this.settings.queryTimeoutMs / 4 && this.size < ceiling) {
      this.size = Math.min(ceiling, Math.ceil(this.size * 1.25));
    }
  }

  onFailure(): void {
    this.size = Math.max(this.settings.minBatchSize, Math.floor(this.size / 2));
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
