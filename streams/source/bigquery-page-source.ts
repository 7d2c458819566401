import type { BigQuery, Query } from '@google-cloud/bigquery';
import { buildPageQuery, type PageQueryTable, type PageRequest } from '../query/page-query.js';
import { FINGERPRINT_ALIAS, TIMESTAMP_ALIAS } from '../query/key-spec.js';
import { restRowToObject, type BigQueryRow, type SchemaField } from '../convert/wire-row.js';
import type { PageSource, SourcePage, SourceRow } from './page-source.js';

export interface BigQueryPageSourceOptions {
  location?: string;
  /** Decimal int64: queries that would bill more fail instead of running. */
  maximumBytesBilled?: string;
  /** Per-query time limit in ms. */
  timeoutMs?: number;
}

interface RestPage {
  rows?: { f: { v: unknown }[] }[];
  schema?: { fields?: SchemaField[] };
  pageToken?: string;
  jobReference?: { jobId?: string; location?: string };
  /** Job statistics as the query reply carries them (int64 as strings). */
  totalBytesProcessed?: string;
  totalBytesBilled?: string;
}

/**
 * Reads keyset pages through the official client. Rows are taken unparsed (`skipParsing`)
 * so INT64, NUMERIC and TIMESTAMP reach the type converter exactly as BigQuery sent them;
 * the cursor comes from the int64 microseconds the query selects for the purpose.
 */
export class BigQueryPageSource implements PageSource<BigQueryRow> {
  /** Schema of the last page read: the converter needs the types of the columns. */
  lastSchema: SchemaField[] | undefined;

  constructor(
    private readonly client: BigQuery,
    private readonly table: PageQueryTable,
    private readonly options: BigQueryPageSourceOptions = {},
  ) {}

  async readPage(request: PageRequest): Promise<SourcePage<BigQueryRow>> {
    const built = buildPageQuery(this.table, request);
    const query: Query & { skipParsing: boolean; 'formatOptions.useInt64Timestamp': boolean } = {
      query: built.query,
      params: built.params,
      types: built.types,
      useLegacySql: false,
      location: this.options.location,
      maximumBytesBilled: this.options.maximumBytesBilled,
      jobTimeoutMs: this.options.timeoutMs,
      skipParsing: true,
      'formatOptions.useInt64Timestamp': true,
    };
    const [rows, next, response] = (await this.client.query(query, {
      autoPaginate: false,
      maxResults: request.limit,
    })) as unknown as [unknown[], Record<string, unknown> | null, RestPage];
    const fields = response?.schema?.fields;
    if (!fields) throw new Error(`BigQuery returned no schema for the page query of ${this.describe()}`);
    this.lastSchema = fields;
    const all = [...(rows as RestPage['rows'] & object)];
    // BigQuery may split a result into pages by size; follow them to get the whole page.
    let token = next?.pageToken as string | undefined;
    const jobId = response.jobReference?.jobId;
    while (token && jobId) {
      const job = this.client.job(jobId, { location: response.jobReference?.location ?? this.options.location });
      const [more, nextQuery] = (await job.getQueryResults({
        pageToken: token,
        autoPaginate: false,
        skipParsing: true,
      } as never)) as unknown as [RestPage['rows'] & object, { pageToken?: string } | null];
      all.push(...more);
      token = nextQuery?.pageToken;
    }
    // One query job per page read; its bytes from the job statistics the reply carries.
    const stats = {
      jobs: 1,
      bytesProcessed: Number(response.totalBytesProcessed ?? 0),
      bytesBilled: Number(response.totalBytesBilled ?? 0),
    };
    return { rows: all.map((row) => this.toSourceRow(fields, row)), stats };
  }

  private toSourceRow(fields: SchemaField[], rest: { f: { v: unknown }[] }): SourceRow<BigQueryRow> {
    const row = restRowToObject(fields, rest);
    const ts = row[TIMESTAMP_ALIAS];
    if (typeof ts !== 'string')
      throw new Error(
        `Row of ${this.describe()} has no ${TIMESTAMP_ALIAS} (timestamp column ${this.table.timestampColumn} is NULL?)`,
      );
    const key =
      this.table.key.kind === 'fingerprint' ? [row[FINGERPRINT_ALIAS]] : this.table.key.columns.map((c) => row[c.name]);
    if (!key.every((k): k is string => typeof k === 'string')) {
      throw new Error(`Row of ${this.describe()} has a NULL or non-scalar key value: ${JSON.stringify(key)}`);
    }
    delete row[TIMESTAMP_ALIAS];
    return { cursor: { timestampMicros: BigInt(ts), key }, row };
  }

  private describe(): string {
    return `${this.table.projectId}.${this.table.dataset}.${this.table.table}`;
  }
}
