/** Key paths are kept as segments internally and rendered only at the edge. */
export type PathSegment = string | number;
export type KeyPath = readonly PathSegment[];

/** A problem at a key path, before it is rendered into a ConfigIssue. */
export interface PathIssue {
  path: KeyPath;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders ['bigquery', 'tables', 1, 'id'] as `bigquery.tables[1].id`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function isPrefixOf(prefix: KeyPath, path: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function hasKey(object: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}

/**
 * Sorts issues into the order their keys appear in the document, so a report reads top to
 * bottom like the file. A missing key sorts with its parent; ties keep their order.
 */
export function sortByDocumentOrder(issues: readonly PathIssue[], document: unknown): PathIssue[] {
  const order = new Map<string, number>();
  const visit = (node: unknown, path: PathSegment[]): void => {
    order.set(formatPath(path), order.size);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]));
    else if (isPlainObject(node)) for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
  };
  visit(document, []);
  const rank = (path: KeyPath): number => {
    for (let end = path.length; end >= 0; end--) {
      const found = order.get(formatPath(path.slice(0, end)));
      if (found !== undefined) return found;
    }
    return 0;
  };
  return issues
    .map((issue, index) => ({ issue, index, rank: rank(issue.path) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.issue);
}
