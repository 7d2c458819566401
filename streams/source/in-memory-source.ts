import { compareCursor } from '../cursor/cursor.js';
import type { Cursor, KeyKind, PageRequest, PageSource, SourcePage, SourceRow } from '../model/index.js';

/**
 * A source table held in memory, read with the same keyset semantics as the BigQuery page
 * query. For tests of your own operators, and for the sync's property tests.
 */
export class InMemorySource<Row> implements PageSource<Row> {
  private rows: SourceRow<Row>[] = [];
  private sorted = true;
  /** Every request served, in order (tests assert on them). */
  readonly requests: PageRequest[] = [];

  constructor(
    private readonly keyKinds: readonly KeyKind[],
    rows: Iterable<SourceRow<Row>> = [],
  ) {
    this.insert(...rows);
  }

  insert(...rows: SourceRow<Row>[]): void {
    this.rows.push(...rows);
    this.sorted = false;
  }

  get size(): number {
    return this.rows.length;
  }

  all(): readonly SourceRow<Row>[] {
    this.sort();
    return this.rows;
  }

  async readPage(request: PageRequest): Promise<SourcePage<Row>> {
    this.requests.push(request);
    this.sort();
    const page: SourceRow<Row>[] = [];
    for (const row of this.rows) {
      if (page.length >= request.limit) break;
      const ts = row.cursor.timestampMicros;
      if (ts > request.upperMicros) break;
      if (
        request.after
          ? this.compare(row.cursor, request.after) <= 0
          : request.lowerMicros !== undefined && ts < request.lowerMicros
      )
        continue;
      page.push(row);
    }
    return { rows: page };
  }

  private compare(a: Cursor, b: Cursor): number {
    return compareCursor(this.keyKinds, a, b);
  }

  private sort(): void {
    if (this.sorted) return;
    this.rows.sort((a, b) => this.compare(a.cursor, b.cursor));
    this.sorted = true;
  }
}
