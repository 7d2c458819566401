import type { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../../emulator/client.js';
import { bigQueryRowConverter } from '../../streams/convert/bigquery-row-converter.js';
import type { SchemaField } from '../../streams/convert/wire-row.js';
import type { Cursor } from '../../streams/cursor/cursor.js';
import type { KeySpec } from '../../streams/query/key-spec.js';
import type { TargetRecord } from '../../streams/sink/batch-sink.js';
import { HarperSink, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { BigQueryPageSource } from '../../streams/source/bigquery-page-source.js';
import type { Job } from './jobs.js';

export interface BreakdownRequest {
  apiEndpoint: string;
  projectId: string;
  dataset: string;
  table: string;
  timestampColumn: string;
  primaryKey: string[];
  targetTable: string;
  batchSize: number;
  /** Passed to the page source as the sync passes `queryTimeoutMs` (it picks the client's query path). */
  queryTimeoutMs: number;
}

/** One page of the staged run: each stage timed alone, none overlapping. */
export interface StagePage {
  rows: number;
  /** client.query() as the page source calls it: HTTP round trips incl. the server's work. */
  queryMs: number;
  /** Rest of readPage: REST rows to named wire rows, cursor extraction. */
  mapMs: number;
  /** The sync's type converter over the page. */
  convertMs: number;
  /** HarperSink.commit: rows + checkpoint in one transaction, awaited. */
  commitMs: number;
}

export interface BreakdownResult {
  pages: StagePage[];
  wallMs: number;
}

/**
 * The sync's stages run one after another inside Harper, with the production parts (official
 * client, BigQueryPageSource, converter, HarperSink) and a stopwatch around each. The real
 * pipeline overlaps the next read with the current write; this run does not, so each stage's
 * cost is seen alone. The local server's own time per request comes from its log.
 */
export async function stagedSync(
  runtime: HarperRuntime,
  r: BreakdownRequest,
  job: Job<BreakdownResult>,
): Promise<BreakdownResult> {
  const client = createLocalBigQueryClient({ url: r.apiEndpoint, projectId: r.projectId });
  const [metadata] = await client.dataset(r.dataset).table(r.table).getMetadata();
  const fields = ((metadata as { schema?: { fields?: SchemaField[] } }).schema?.fields ?? []) as SchemaField[];
  const key: KeySpec = {
    kind: 'columns',
    columns: r.primaryKey.map((name) => ({ name, type: fields.find((f) => f.name === name)?.type ?? 'STRING' })),
  };
  let queryMs = 0;
  // The page source sees the real client; only `query` is wrapped to time it.
  const timed = Object.create(client) as BigQuery;
  timed.query = (async (...args: Parameters<BigQuery['query']>) => {
    const t0 = performance.now();
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      queryMs += performance.now() - t0;
    }
  }) as BigQuery['query'];
  const source = new BigQueryPageSource(
    timed,
    {
      projectId: r.projectId,
      dataset: r.dataset,
      table: r.table,
      timestampColumn: r.timestampColumn,
      columns: '*',
      key,
    },
    { timeoutMs: r.queryTimeoutMs },
  );
  const convert = bigQueryRowConverter({ fields, key, numericMode: 'string', geographyFormat: 'wkt' });
  const sink = new HarperSink(runtime);
  const started = performance.now();
  const pages: StagePage[] = [];
  let cursor: Cursor | null = null;
  let total = 0;
  for (;;) {
    queryMs = 0;
    const t0 = performance.now();
    const page = await source.readPage({
      after: cursor,
      upperMicros: BigInt(Date.now() - 1000) * 1000n,
      limit: r.batchSize,
    });
    const t1 = performance.now();
    const records: TargetRecord[] = [];
    for (const { row } of page.rows) {
      const converted = convert(row);
      if (!('record' in converted)) throw new Error(converted.error);
      records.push(converted.record);
    }
    const t2 = performance.now();
    const last = page.rows[page.rows.length - 1];
    if (last) {
      total += page.rows.length;
      await sink.commit({
        tableId: 'breakdown',
        unit: 'all',
        targetTable: r.targetTable,
        records,
        skipped: [],
        checkpoint: {
          tableId: 'breakdown',
          unit: 'all',
          cursor: last.cursor,
          rowsIngested: total,
          phase: 'initial',
          batchSize: r.batchSize,
          lastSyncTime: new Date(),
        },
      });
      cursor = last.cursor;
    }
    const t3 = performance.now();
    pages.push({
      rows: page.rows.length,
      queryMs: queryMs,
      mapMs: t1 - t0 - queryMs,
      convertMs: t2 - t1,
      commitMs: t3 - t2,
    });
    job.progress = { rows: total, pages: pages.length };
    if (page.rows.length < r.batchSize) break;
  }
  return { pages, wallMs: performance.now() - started };
}
