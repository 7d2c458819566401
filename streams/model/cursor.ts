/**
 * The sync's position in a source table: the (timestamp, tie-break key) of the last row
 * committed. Timestamp alone is not enough: `WHERE ts > @t LIMIT n` skips every row that
 * shares the last timestamp of a full page but did not fit in it.
 *
 * Values are kept exactly as BigQuery returns them on the wire: the timestamp as int64
 * microseconds, key values as their wire strings. Never through a JS Date (milliseconds).
 */
export interface Cursor {
  /** Microseconds since the Unix epoch. */
  readonly timestampMicros: bigint;
  /** Wire values of the key columns (or the row fingerprint), in key order. */
  readonly key: readonly KeyValue[];
}

/** A key column value as BigQuery sends it: a string for scalars; null is not allowed in keys. */
export type KeyValue = string;

/** The kind of comparison a key column needs, from its BigQuery type. */
export type KeyKind = 'integer' | 'float' | 'decimal' | 'string' | 'bytes' | 'bool' | 'timestamp' | 'temporal';

/** The cursor's checkpoint form: strings only, so Harper stores it without loss. */
export interface StoredCursor {
  cursorTimestampMicros: string;
  cursorKey: string;
}
