/**
 * BigQuery table fields -> the Arrow schema the Storage Read API sends for them:
 * INT64 int64, FLOAT64 float64, BOOL bool, STRING utf8, BYTES binary, NUMERIC decimal128(38,9),
 * BIGNUMERIC decimal256(76,38), TIMESTAMP timestamp[us, UTC], DATE date32, DATETIME
 * timestamp[us] (no zone), TIME time64[us], GEOGRAPHY utf8 (WKT), JSON utf8, REPEATED as
 * list, STRUCT as struct. GEOGRAPHY and JSON carry BigQuery's Arrow extension-name metadata so
 * a reader can tell them from STRING. Pure.
 */
import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Field as ArrowField,
  Float64,
  Int64,
  List,
  Schema,
  Struct,
  TimeMicrosecond,
  Timestamp,
  TimeUnit,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { Field } from '../types/schema.js';
import { unimplemented } from './errors.js';

/** Arrow's name for the element field of a list. */
export const LIST_ITEM_NAME = 'item';

const EXTENSION_NAME = 'ARROW:extension:name';
const EXTENSION_METADATA = 'ARROW:extension:metadata';

/** The Arrow type of one value of a field (its element type when REPEATED). */
export function arrowValueType(field: Field): DataType {
  switch (field.type) {
    case 'BOOL':
      return new Bool();
    case 'INT64':
      return new Int64();
    case 'FLOAT64':
      return new Float64();
    case 'NUMERIC':
      return new Decimal(9, 38, 128);
    case 'BIGNUMERIC':
      return new Decimal(38, 76, 256);
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
      return new Utf8();
    case 'BYTES':
      return new Binary();
    case 'DATE':
      return new DateDay();
    case 'DATETIME':
      return new Timestamp(TimeUnit.MICROSECOND);
    case 'TIME':
      return new TimeMicrosecond();
    case 'TIMESTAMP':
      return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case 'STRUCT':
      return new Struct(field.fields.map(arrowField));
    case 'INTERVAL':
      throw unimplemented(`Column ${field.name} of type INTERVAL cannot be read by the local Storage Read server`);
  }
}

function metadataOf(field: Field): Map<string, string> | undefined {
  if (field.type === 'GEOGRAPHY')
    return new Map([
      [EXTENSION_NAME, 'google:sqlType:geography'],
      [EXTENSION_METADATA, '{"encoding": "WKT"}'],
    ]);
  if (field.type === 'JSON') return new Map([[EXTENSION_NAME, 'google:sqlType:json']]);
  return undefined;
}

/** REQUIRED fields are not nullable; a REPEATED field is a non-null list of non-null items. */
export function arrowField(field: Field): ArrowField {
  const valueType = arrowValueType(field);
  const metadata = metadataOf(field);
  if (field.mode === 'REPEATED') {
    const item = new ArrowField(LIST_ITEM_NAME, valueType, false);
    return new ArrowField(field.name, new List(item), false, metadata);
  }
  return new ArrowField(field.name, valueType, field.mode !== 'REQUIRED', metadata);
}

export function arrowSchema(fields: readonly Field[]): Schema {
  return new Schema(fields.map(arrowField));
}
