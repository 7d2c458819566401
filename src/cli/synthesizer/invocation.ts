import type { TableName } from '../../../streams/synthesizer/rows.js';
import type { ScenarioCounts, ScenarioName } from '../../../streams/synthesizer/scenarios/presets.js';
import type { TableRates } from '../../../streams/synthesizer/writer/index.js';

/** Options every command takes. */
export interface CommonOptions {
  readonly endpoint: string;
  readonly project?: string;
  readonly dataset: string;
  readonly location?: string;
  readonly seed?: number;
  readonly tables?: readonly TableName[];
  readonly streaming: boolean;
  readonly credentials?: string;
  readonly quiet: boolean;
  readonly json: boolean;
}

/** What the command line asked for, fully parsed and validated; executing it is main.ts's job. */
export type Invocation =
  | {
      readonly command: 'initialize';
      readonly common: CommonOptions;
      readonly scenario: ScenarioName;
      readonly counts: Partial<ScenarioCounts>;
      readonly start?: string;
      readonly durationMs?: number;
      readonly append: boolean;
    }
  | {
      readonly command: 'start';
      readonly common: CommonOptions;
      readonly rates: TableRates;
      readonly flushMs: number;
      readonly vessels?: number;
      readonly retentionDays?: number;
      readonly retentionIntervalMs: number;
      /** Stop by itself after this long (otherwise Ctrl-C). */
      readonly forMs?: number;
    }
  | { readonly command: 'clear'; readonly common: CommonOptions; readonly drop: boolean }
  | { readonly command: 'stats'; readonly common: CommonOptions }
  | {
      readonly command: 'verify';
      readonly common: CommonOptions;
      readonly scenario?: ScenarioName;
      readonly counts: Partial<ScenarioCounts>;
    };

export const DEFAULT_RATES: TableRates = { vessel_positions: 50, port_events: 2, vessel_metadata: 0.1 };
