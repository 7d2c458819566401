import type { z } from 'zod';
import { describeValue } from './describe.js';
import type { KeyPath, PathIssue, PathSegment } from './paths.js';
import { isSecretKeyName } from './secrets.js';
import { closestKey } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;

export interface MapOptions {
  /** Adjusts the keys offered for an unknown key, when the user wrote a different layout. */
  adjustKeys?: (path: KeyPath, keys: readonly string[]) => readonly string[];
}

/** The parts of a zod schema's definition needed to find the keys allowed at a path. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      in?: SchemaNode;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
    };
  };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/**
 * Rewords zod's issues into `path: what is wrong` messages written for people editing a
 * YAML file: "required" rather than "expected string, received undefined", one line per
 * unknown key with a did-you-mean, and no values echoed from secret paths.
 */
export function mapZodIssues(
  issues: readonly ZodIssue[],
  schema: unknown,
  options: MapOptions = {},
  prefix: KeyPath = [],
): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    const path: PathSegment[] = [...prefix, ...issue.path.map(toSegment)];
    const hide = path.some((segment) => typeof segment === 'string' && isSecretKeyName(segment));
    const got = describeValue(issue.input, hide);
    switch (issue.code) {
      case 'invalid_type':
        if (path.length === 0) out.push({ path, message: `expected an object with a "bigquery" key, got ${got}` });
        else if (issue.input === undefined) out.push({ path, message: 'required' });
        else out.push({ path, message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${got}` });
        break;
      case 'unrecognized_keys': {
        const known = allowedKeysAt(schema as SchemaNode, path) ?? [];
        const allowed = options.adjustKeys?.(path, known) ?? known;
        for (const key of issue.keys) {
          const suggestion = closestKey(key, allowed);
          const hint =
            suggestion !== undefined
              ? ` (did you mean "${suggestion}"?)`
              : allowed.length > 0
                ? ` (allowed: ${allowed.join(', ')})`
                : '';
          out.push({ path: [...path, key], message: `unknown key${hint}` });
        }
        break;
      }
      case 'invalid_value': {
        const options = issue.values.map((value) => JSON.stringify(value));
        const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
        out.push({ path, message: `expected ${expected}, got ${got}` });
        break;
      }
      case 'invalid_union':
        out.push(...mapUnion(issue, path, got, schema, options));
        break;
      case 'too_small':
        out.push({ path, message: sizeMessage('at least', issue.minimum, issue.origin) });
        break;
      case 'too_big':
        out.push({ path, message: sizeMessage('at most', issue.maximum, issue.origin) });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * A union fails as a whole, but when the value clearly meant one branch (a list where
 * "a list or '*'" is allowed) the useful errors are that branch's, at their own paths.
 */
function mapUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  path: KeyPath,
  got: string,
  schema: unknown,
  options: MapOptions,
) {
  const isShapeMismatch = (inner: ZodIssue) =>
    inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value');
  const meant = issue.errors.filter((branch) => !branch.some(isShapeMismatch));
  if (meant.length === 1 && meant[0] !== undefined) return mapZodIssues(meant[0], schema, options, path);
  const expectations = issue.errors.flatMap((branch) =>
    branch
      .filter(isShapeMismatch)
      .map((inner) =>
        inner.code === 'invalid_value'
          ? inner.values.map((value) => JSON.stringify(value)).join(' or ')
          : inner.code === 'invalid_type'
            ? (TYPE_NAMES[inner.expected] ?? inner.expected)
            : '',
      ),
  );
  return [{ path, message: `expected ${expectations.filter(Boolean).join(' or ')}, got ${got}` }];
}

function sizeMessage(bound: string, limit: number | bigint, origin: string): string {
  if (origin === 'array')
    return limit === 1 && bound === 'at least' ? 'must not be an empty list' : `must have ${bound} ${limit} items`;
  if (origin === 'string')
    return limit === 1 && bound === 'at least' ? 'must not be empty' : `must have ${bound} ${limit} characters`;
  return `must be ${bound} ${limit}`;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'symbol' ? String(key) : key;
}

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const def = current._zod.def;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else break;
  }
  return current;
}

function allowedKeysAt(schema: SchemaNode, path: KeyPath): string[] | undefined {
  let node = unwrap(schema);
  for (const segment of path) {
    const def = node?._zod.def;
    if (def?.type === 'object' && typeof segment === 'string') node = unwrap(def.shape?.[segment]);
    else if (def?.type === 'array' && typeof segment === 'number') node = unwrap(def.element);
    else return undefined;
  }
  const def = node?._zod.def;
  return def?.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : undefined;
}
