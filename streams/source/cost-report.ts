// The cost vocabulary lives in the shared model; re-exported here for existing imports.
export type { CostEstimate, CostReport, CostReporter } from '../model/index.js';
