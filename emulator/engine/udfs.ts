/**
 * GoogleSQL functions DuckDB lacks or spells differently, registered as JS scalar functions
 * (instance-wide, so every connection sees them) or SQL macros. FARM_FINGERPRINT uses
 * farmhash-modern's bigqueryFingerprint, which reproduces BigQuery's documented outputs.
 */
import {
  ANY,
  BIGINT,
  BIGNUM,
  DuckDBScalarFunction,
  DuckDBTypeId,
  GEOMETRY,
  TIMESTAMPTZ,
  VARCHAR,
  DOUBLE,
  INTERVAL,
  type DuckDBIntervalValue,
  timestampTZValue,
  type DuckDBBlobValue,
  type DuckDBConnection,
  type DuckDBGeometryValue,
  type DuckDBTimestampTZValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';
import { bigqueryFingerprint } from 'farmhash-modern';
import { formatTimestamp, parseTimestampFormat } from '../types/formatting.js';
import { geographySize, wkbToGeo, wkbToWkt } from '../types/geography.js';
import { BIGNUMERIC, formatScaled, parseScaled } from '../types/numbers.js';
import { compileJsonEncoder } from '../types/tojson.js';
import { formatInterval } from '../types/wire.js';
import { formatDatetime, offsetAt } from '../types/datetime.js';
import { canonicalJsonText } from '../types/json.js';

type RowFn = (args: DuckDBValue[]) => DuckDBValue;

/** A scalar function that maps rows one by one; NULL arguments give NULL unless `nulls`. */
function scalar(
  name: string,
  params: DuckDBType[],
  returns: DuckDBType,
  fn: RowFn,
  opts: { nulls?: boolean; volatile?: boolean } = {},
): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType: returns,
    parameterTypes: params,
    specialHandling: true,
    volatile: opts.volatile ?? false,
    mainFunction: (_info, input, output) => {
      const vectors: DuckDBVector[] = params.map((_, i) => input.getColumnVector(i));
      for (let r = 0; r < input.rowCount; r++) {
        const args = vectors.map((v) => v.getItem(r));
        if (!opts.nulls && args.some((a) => a === null)) output.setItem(r, null);
        else output.setItem(r, fn(args));
      }
      output.flush();
    },
  });
}

export function registerUdfs(conn: DuckDBConnection): void {
  // FARM_FINGERPRINT(STRING | BYTES): ANY so one name serves both input types.
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'bq_farm_fingerprint',
      returnType: BIGINT,
      parameterTypes: [ANY],
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const v = input.getColumnVector(0);
        const isBlob = v.type.typeId === DuckDBTypeId.BLOB;
        if (!isBlob && v.type.typeId !== DuckDBTypeId.VARCHAR) {
          throw new Error(
            `No matching signature for function FARM_FINGERPRINT for argument type ${v.type.toString()}; supported: STRING, BYTES`,
          );
        }
        for (let r = 0; r < input.rowCount; r++) {
          const x = v.getItem(r);
          if (x === null) output.setItem(r, null);
          else output.setItem(r, bigqueryFingerprint(isBlob ? (x as DuckDBBlobValue).bytes : (x as string)));
        }
        output.flush();
      },
    }),
  );

  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'bq_to_json_string',
      returnType: VARCHAR,
      parameterTypes: [ANY],
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const v = input.getColumnVector(0);
        const enc = compileJsonEncoder(v.type);
        for (let r = 0; r < input.rowCount; r++) output.setItem(r, enc(v.getItem(r)));
        output.flush();
      },
    }),
  );

  conn.registerScalarFunction(
    scalar('bq_format_timestamp', [VARCHAR, TIMESTAMPTZ, VARCHAR], VARCHAR, ([fmt, ts, tz]) =>
      formatTimestamp(fmt as string, (ts as DuckDBTimestampTZValue).micros, tz as string),
    ),
  );
  conn.registerScalarFunction(
    scalar('bq_parse_timestamp', [VARCHAR, VARCHAR, VARCHAR], TIMESTAMPTZ, ([fmt, text, tz]) => {
      const micros = parseTimestampFormat(fmt as string, text as string, tz as string);
      if (micros === undefined)
        throw new Error(`Failed to parse input string "${String(text)}" with format "${String(fmt)}"`);
      return timestampTZValue(micros);
    }),
  );
  conn.registerScalarFunction(
    scalar('bq_bignumeric', [VARCHAR], BIGNUM, ([text]) => {
      const n = parseScaled(text as string, BIGNUMERIC);
      if (n === undefined) throw new Error(`Invalid BIGNUMERIC value: ${String(text)}`);
      return n;
    }),
  );
  conn.registerScalarFunction(scalar('bq_bignumeric_text', [BIGNUM], VARCHAR, ([n]) => formatScaled(n as bigint, 38)));
  conn.registerScalarFunction(
    scalar('bq_geo_text', [GEOMETRY], VARCHAR, ([g]) => wkbToWkt((g as DuckDBGeometryValue).bytes)),
  );
  conn.registerScalarFunction(
    scalar('bq_geo_size', [GEOMETRY], BIGINT, ([g]) =>
      BigInt(geographySize(wkbToGeo((g as DuckDBGeometryValue).bytes))),
    ),
  );
  conn.registerScalarFunction(
    scalar('bq_float_text', [DOUBLE], VARCHAR, ([x]) => {
      const v = x as number;
      if (Number.isNaN(v)) return 'nan';
      if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
      return String(v);
    }),
  );
  conn.registerScalarFunction(
    scalar('bq_interval_text', [INTERVAL], VARCHAR, ([iv]) => formatInterval(iv as DuckDBIntervalValue)),
  );
  // STRING(timestamp[, zone]): the canonical text in a zone, e.g. 2008-12-25 07:30:00-08.
  conn.registerScalarFunction(
    scalar('bq_timestamp_string', [TIMESTAMPTZ, VARCHAR], VARCHAR, ([ts, tz]) => {
      const utc = (ts as DuckDBTimestampTZValue).micros;
      const offset = offsetAt(tz as string, utc);
      if (offset === undefined) throw new Error(`Invalid time zone: ${String(tz)}`);
      const abs = Math.abs(offset);
      const hh = String(Math.floor(abs / 60)).padStart(2, '0');
      const mm = abs % 60 === 0 ? '' : ':' + String(abs % 60).padStart(2, '0');
      return `${formatDatetime(utc + BigInt(offset) * 60_000_000n, ' ')}${offset < 0 ? '-' : '+'}${hh}${mm}`;
    }),
  );
  // PARSE_JSON and JSON constructors: BigQuery's canonical JSON text (no whitespace, keys sorted).
  conn.registerScalarFunction(
    scalar('bq_json', [VARCHAR], VARCHAR, ([text]) => {
      const j = canonicalJsonText(text as string);
      if (j instanceof Error) throw new Error(`Invalid JSON input: ${j.message}`);
      return j;
    }),
  );
  // NUMERIC as BigQuery prints it: no trailing fractional zeros (1.5, 10, -0.000000001).
  conn.registerScalarFunction(
    scalar('bq_numeric_text', [VARCHAR], VARCHAR, ([text]) => {
      const t = text as string;
      return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
    }),
  );
  // Floor division for UNIX_MILLIS/UNIX_SECONDS (DuckDB's // truncates toward zero).
  conn.registerScalarFunction(
    scalar('bq_floordiv', [BIGINT, BIGINT], BIGINT, ([a, b]) => {
      const x = a as bigint;
      const y = b as bigint;
      const q = x / y;
      return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
    }),
  );
}
