import { Packr, Unpackr } from 'msgpackr';

/**
 * How a page of rows crosses from the reader worker to Harper's thread. Decoding is the
 * only part of the hand-over that runs on Harper's thread, so it picks the cheaper form:
 * msgpack with record structures (about a third of structured clone's receive cost for
 * positions rows, measured in benchmarks/README.md "offload"), sent as a
 * transferred buffer (no copy). msgpack loses two things the converters can produce: the
 * sign of -0 (it becomes 0) and an object key `__proto__` (a JSON column's key; msgpackr
 * renames it). A page holding either goes by structured clone, which keeps both; Buffers,
 * which structured clone turns into plain Uint8Arrays, are then made Buffers again.
 */
export type EncodedPayload =
  { readonly form: 'msgpack'; readonly bytes: Uint8Array } | { readonly form: 'clone'; readonly value: unknown };

// Record structures are written inline in each message (no shared structure table), so any
// Unpackr decodes any message: the two threads share no state.
const OPTIONS = { useRecords: true, moreTypes: true, int64AsType: 'bigint' as const };
const packr = new Packr(OPTIONS);
const unpackr = new Unpackr(OPTIONS);

/** Encodes a value for postMessage; `transfer` lists the buffers to move instead of copy. */
export function encodePayload(value: unknown): { payload: EncodedPayload; transfer: ArrayBuffer[] } {
  if (!msgpackKeepsExactly(value)) return { payload: { form: 'clone', value }, transfer: [] };
  const packed = packr.pack(value);
  // A copy into a buffer of its own: pack() may return a view into msgpackr's shared buffer.
  const bytes = new Uint8Array(packed.byteLength);
  bytes.set(packed);
  return { payload: { form: 'msgpack', bytes }, transfer: [bytes.buffer] };
}

/** The value `encodePayload` was given, equal in every value, type and Buffer-ness. */
export function decodePayload(payload: EncodedPayload): unknown {
  if (payload.form === 'msgpack') {
    // As a Buffer, msgpackr hands BYTES values back as Buffers (from a Uint8Array, Uint8Arrays).
    const { bytes } = payload;
    return unpackr.unpack(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return restoreBuffers(payload.value);
}

/** False when the value holds a -0 or a `__proto__` key anywhere (see above). */
export function msgpackKeepsExactly(value: unknown): boolean {
  if (typeof value === 'number') return !Object.is(value, -0);
  if (typeof value !== 'object' || value === null) return true;
  if (value instanceof Date || ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!msgpackKeepsExactly(item)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return false;
    if (!msgpackKeepsExactly((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Structured clone turns a Buffer into a Uint8Array: give it Buffer's prototype back (no copy). */
function restoreBuffers(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (value instanceof Uint8Array) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreBuffers(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) {
      const restored = restoreBuffers(item);
      // Assigning `__proto__` would set the prototype: define the own property instead.
      if (restored !== item)
        Object.defineProperty(record, key, { value: restored, enumerable: true, writable: true, configurable: true });
    }
  }
  return record;
}
