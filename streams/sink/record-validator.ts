/** A Harper table attribute as `Table.attributes` lists it (the fields the check needs). */
export interface HarperAttribute {
  name: string;
  type?: string;
  nullable?: boolean;
}

/**
 * Checks a record against the target table's declared attribute types the way Harper will
 * at commit. Harper reports a bad value only when the transaction commits, failing the
 * whole batch; checking first lets the one bad row go to the skipped records instead.
 * Returns the problem, or undefined when Harper will accept the record.
 */
export function recordProblem(
  record: Record<string, unknown>,
  attributes: readonly HarperAttribute[],
): string | undefined {
  for (const attribute of attributes) {
    const value = record[attribute.name];
    if (value === undefined) continue;
    if (value === null) {
      if (attribute.nullable === false) return `property ${attribute.name} must not be null`;
      continue;
    }
    const problem = valueProblem(value, attribute.type);
    if (problem) return `value ${describe(value)} in property ${attribute.name} ${problem}`;
  }
  return undefined;
}

const MAX_LONG = 9007199254740992;

function valueProblem(value: unknown, type: string | undefined): string | undefined {
  switch (type) {
    case 'Int':
      return typeof value === 'number' && value >> 0 === value
        ? undefined
        : 'must be an integer (from -2147483648 to 2147483647)';
    case 'Long':
      return typeof value === 'number' && Math.floor(value) === value && Math.abs(value) <= MAX_LONG
        ? undefined
        : `must be an integer (from -${MAX_LONG} to ${MAX_LONG})`;
    case 'Float':
      return typeof value === 'number' ? undefined : 'must be a number';
    case 'ID':
      return typeof value === 'string' ||
        (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
        ? undefined
        : 'must be a string, or an array of strings';
    case 'String':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'Date':
      return value instanceof Date || typeof value === 'string' || typeof value === 'number'
        ? undefined
        : 'must be a Date';
    case 'BigInt':
      return typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string'
        ? undefined
        : 'must be a bigint';
    case 'Bytes':
      return value instanceof Uint8Array || typeof value === 'string' ? undefined : 'must be a Buffer or Uint8Array';
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  return (text ?? String(value)).slice(0, 60);
}
