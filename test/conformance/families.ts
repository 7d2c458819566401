/** Every conformance family, in the order of the coverage table in emulator/README.md. */
import type { Family } from './case.js';
import { aggregates } from './cases/aggregates.js';
import { arrays } from './cases/arrays.js';
import { datetime } from './cases/datetime.js';
import { json } from './cases/json.js';
import { math } from './cases/math.js';
import { statements } from './cases/statements.js';
import { strings } from './cases/strings.js';
import { structs } from './cases/structs.js';
import { types } from './cases/types.js';
import { gate, geography, ranges } from './cases/unsupported.js';

export const FAMILIES: Family[] = [
  types,
  datetime,
  strings,
  json,
  arrays,
  structs,
  aggregates,
  math,
  statements,
  geography,
  ranges,
  gate,
];
