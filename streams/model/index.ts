/**
 * The sync's shared vocabulary: types only (no runtime code), so every stage (source,
 * operators, pipeline, sink, actors) depends on this module instead of on each other.
 */
export type { Cursor, KeyKind, KeyValue, StoredCursor } from './cursor.js';
export type { Phase } from './phase.js';
export type { PageRequest, WindowRequest, SourceRow, PageStats, StorageReadStats, SourcePage, Page } from './page.js';
export type { TargetRecord, SkippedRow, Conversion, RowConverter, ConvertedPage } from './records.js';
export type { SyncTotals } from './totals.js';
export type { Checkpoint } from './checkpoint.js';
export type { BatchTarget, BatchCommit, CommitResult, PendingBatch, CommittedBatch } from './commit.js';
export type { Progress } from './progress.js';
export type { PageSource, CheckpointStore, Sink, BatchSink, SinkAndStore } from './ports.js';
export type { TableState, UsageCounts, TableStatus, PauseReason, StorageReadUsage, ValidationUsage } from './status.js';
export type { CostEstimate, BudgetState, CostReport, CostReporter } from './cost.js';
