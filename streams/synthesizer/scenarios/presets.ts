import { MICROS_PER_HOUR } from '../core/time.js';

export type ScenarioName = 'small' | 'realistic' | 'stress';

export interface ScenarioCounts {
  readonly positions: number;
  readonly events: number;
  readonly metadata: number;
}

export interface ScenarioPreset {
  readonly counts: ScenarioCounts;
  readonly durationUs: number;
}

/** Named sizes: a quick smoke test, a day of a busy region, a week at load-test volume. */
export const SCENARIO_PRESETS: { readonly [N in ScenarioName]: ScenarioPreset } = {
  small: { counts: { positions: 100, events: 10, metadata: 20 }, durationUs: 1 * MICROS_PER_HOUR },
  realistic: { counts: { positions: 10_000, events: 500, metadata: 100 }, durationUs: 24 * MICROS_PER_HOUR },
  stress: { counts: { positions: 100_000, events: 5_000, metadata: 1_000 }, durationUs: 7 * 24 * MICROS_PER_HOUR },
};

export function isScenarioName(x: unknown): x is ScenarioName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(SCENARIO_PRESETS, x);
}
