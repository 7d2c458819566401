import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BigQuery } from '@google-cloud/bigquery';
import { DATASET } from './positions.js';

export type JsonRow = Record<string, string | number | null>;

export async function ensureDataset(client: BigQuery, dataset = DATASET): Promise<void> {
  const [exists] = await client.dataset(dataset).exists();
  if (!exists) await client.createDataset(dataset);
}

export async function createTable(
  client: BigQuery,
  table: string,
  fields: readonly { name: string; type: string; mode?: string }[],
  dataset = DATASET,
): Promise<void> {
  await ensureDataset(client, dataset);
  await client.dataset(dataset).createTable(table, { schema: { fields: fields.map((f) => ({ ...f })) } });
}

export interface IngestTiming {
  rows: number;
  /** Time spent in the client calls (upload + job, or insertAll requests). */
  ms: number;
  /** Rows per request (insertAll) or per load job. */
  chunkRows: number;
  requests: number;
}

/**
 * Loads rows with NDJSON load jobs through the official client (`table.load(file)`), one
 * job per chunk. Writing each chunk's file is not timed: the figure is the load itself.
 */
export async function loadNdjson(
  client: BigQuery,
  table: string,
  count: number,
  row: (i: number) => JsonRow,
  o: { tempDir: string; chunkRows?: number; dataset?: string; onChunk?: (loaded: number) => void },
): Promise<IngestTiming> {
  const chunkRows = o.chunkRows ?? 200_000;
  const file = join(o.tempDir, `${table}.ndjson`);
  let ms = 0;
  let requests = 0;
  for (let start = 0; start < count; start += chunkRows) {
    const end = Math.min(count, start + chunkRows);
    await writeNdjson(file, start, end, row);
    const t0 = performance.now();
    const [job] = await client
      .dataset(o.dataset ?? DATASET)
      .table(table)
      .load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND' });
    ms += performance.now() - t0;
    requests++;
    const errors = (job.status as { errorResult?: unknown } | undefined)?.errorResult;
    if (errors) throw new Error(`load job into ${table} failed: ${JSON.stringify(errors)}`);
    o.onChunk?.(end);
  }
  await rm(file, { force: true });
  return { rows: count, ms, chunkRows, requests };
}

/** Streams rows through insertAll (`table.insert`) in requests of `chunkRows`; generation untimed. */
export async function insertAll(
  client: BigQuery,
  table: string,
  count: number,
  row: (i: number) => JsonRow,
  o: { chunkRows?: number; dataset?: string } = {},
): Promise<IngestTiming> {
  const chunkRows = o.chunkRows ?? 5_000;
  const target = client.dataset(o.dataset ?? DATASET).table(table);
  let ms = 0;
  let requests = 0;
  for (let start = 0; start < count; start += chunkRows) {
    const rows: JsonRow[] = [];
    for (let i = start; i < Math.min(count, start + chunkRows); i++) rows.push(row(i));
    const t0 = performance.now();
    await target.insert(rows);
    ms += performance.now() - t0;
    requests++;
  }
  return { rows: count, ms, chunkRows, requests };
}

async function writeNdjson(file: string, start: number, end: number, row: (i: number) => JsonRow): Promise<void> {
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  let buffer = '';
  for (let i = start; i < end; i++) {
    buffer += JSON.stringify(row(i)) + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.end(buffer);
  await done;
}
