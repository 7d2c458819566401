/**
 * CSV input for load jobs, following BigQuery's documented CSV options: fieldDelimiter
 * (default ","), quote (default '"', doubled to escape), skipLeadingRows, allowJaggedRows,
 * allowQuotedNewlines, nullMarker (default: the empty string means NULL). Rows become
 * JSON objects keyed by the schema's column order, values left as strings for the engine
 * to convert like insertAll input.
 */
import type { TableSchema } from '../../engine/contract.js';

export interface CsvOptions {
  fieldDelimiter: string;
  quote: string;
  skipLeadingRows: number;
  allowJaggedRows: boolean;
  allowQuotedNewlines: boolean;
  nullMarker: string;
}

export function csvOptions(load: Record<string, unknown>): CsvOptions {
  const delimiter = typeof load.fieldDelimiter === 'string' && load.fieldDelimiter !== '' ? load.fieldDelimiter : ',';
  return {
    fieldDelimiter: delimiter === '\\t' || delimiter.toLowerCase() === 'tab' ? '\t' : delimiter,
    quote: typeof load.quote === 'string' ? load.quote : '"',
    skipLeadingRows: Number(load.skipLeadingRows ?? 0) || 0,
    allowJaggedRows: load.allowJaggedRows === true,
    allowQuotedNewlines: load.allowQuotedNewlines === true,
    nullMarker: typeof load.nullMarker === 'string' ? load.nullMarker : '',
  };
}

export interface CsvRecord {
  /** 0-based record number (after skipped rows). */
  row: number;
  values?: Record<string, unknown>;
  error?: string;
}

export function parseCsv(text: string, schema: TableSchema, opts: CsvOptions): CsvRecord[] {
  const nested = schema.fields.find((f) => f.type === 'RECORD' || f.type === 'STRUCT' || f.mode === 'REPEATED');
  if (nested)
    throw new Error(`CSV loads cannot fill nested or repeated field ${nested.name}; use NEWLINE_DELIMITED_JSON.`);
  const out: CsvRecord[] = [];
  const records = splitRecords(text, opts);
  let row = 0;
  for (const [i, rec] of records.entries()) {
    if (i < opts.skipLeadingRows) continue;
    if (rec.error) {
      out.push({ row, error: rec.error });
    } else if (!(rec.fields.length === 1 && rec.fields[0] === '' && !rec.quoted)) {
      out.push(toRecord(row, rec.fields, schema, opts));
    } else {
      continue; // blank line
    }
    row++;
  }
  return out;
}

function toRecord(row: number, fields: string[], schema: TableSchema, opts: CsvOptions): CsvRecord {
  const columns = schema.fields;
  if (fields.length > columns.length) {
    return {
      row,
      error: `Too many values in row starting at record ${row + 1}: expected ${columns.length}, found ${fields.length}.`,
    };
  }
  if (fields.length < columns.length && !opts.allowJaggedRows) {
    return { row, error: `Too few columns: expected ${columns.length} column(s) but got ${fields.length} column(s).` };
  }
  const values: Record<string, unknown> = {};
  columns.forEach((col, i) => {
    const v = fields[i];
    values[col.name] = v === undefined || v === opts.nullMarker ? null : v;
  });
  return { row, values };
}

interface RawRecord {
  fields: string[];
  quoted: boolean;
  error?: string;
}

function splitRecords(text: string, opts: CsvOptions): RawRecord[] {
  const records: RawRecord[] = [];
  const { fieldDelimiter: d, quote: q } = opts;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let anyQuoted = false;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    records.push({ fields, quoted: anyQuoted });
    fields = [];
    field = '';
    anyQuoted = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (q !== '' && text.startsWith(q, i)) {
        if (text.startsWith(q, i + q.length)) {
          field += q;
          i += 2 * q.length;
          continue;
        }
        quoted = false;
        i += q.length;
        continue;
      }
      if ((c === '\n' || c === '\r') && !opts.allowQuotedNewlines) {
        records.push({
          fields: [],
          quoted: true,
          error: 'Quoted field contains a newline but allowQuotedNewlines is false.',
        });
        // Resynchronise at the next line.
        quoted = false;
        fields = [];
        field = '';
        anyQuoted = false;
        i = skipLine(text, i);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (q !== '' && field === '' && text.startsWith(q, i)) {
      quoted = true;
      anyQuoted = true;
      i += q.length;
    } else if (text.startsWith(d, i)) {
      fields.push(field);
      field = '';
      i += d.length;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) records.push({ fields: [], quoted: true, error: 'Unterminated quoted field at the end of the file.' });
  else if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function skipLine(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 ? text.length : n + 1;
}
