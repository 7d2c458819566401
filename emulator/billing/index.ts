export { billedForQuery, billedForTable, MB, MIN_BILLED_BYTES_PER_TABLE } from './billed.js';
export {
  partitionSpecOf,
  partitionSpan,
  partitionStart,
  partitionEnd,
  type PartitionSpec,
  type ValueRange,
} from './partitioning.js';
export { rangeOf, columnParts } from './prune.js';
export { planScans, paramLookup, requireFilterError, type PlannedTable, type Scan } from './scan-plan.js';
export { partitionBytesSql, spanBytesSql } from './span-sql.js';
export {
  PARTITIONDATE,
  PARTITIONTIME,
  PSEUDO_COLUMNS,
  ingestionColumnDef,
  ingestionUnit,
  isPseudoColumn,
  withPseudoColumns,
} from './ingestion.js';
