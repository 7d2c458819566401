import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';

/**
 * The GraphQL schema files a Harper component's config.yaml names under
 * `graphqlSchema.files` (a path or a one-level glob such as `schema/*.graphql`, or a list).
 */
export function componentSchemaFiles(componentDir: string): string[] {
  const configFile = join(componentDir, 'config.yaml');
  if (!existsSync(configFile)) return [];
  const config = parse(readFileSync(configFile, 'utf8')) as { graphqlSchema?: { files?: unknown } } | null;
  const files = config?.graphqlSchema?.files;
  const patterns = typeof files === 'string' ? [files] : Array.isArray(files) ? files.map(String) : [];
  return patterns.flatMap((pattern) => expand(componentDir, pattern)).sort();
}

function expand(root: string, pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return existsSync(join(root, pattern)) ? [join(root, pattern)] : [];
  const folder = join(root, dirname(pattern));
  if (/[*?]/.test(dirname(pattern)) || !existsSync(folder)) return [];
  const name = globToRegExp(basename(pattern));
  return readdirSync(folder)
    .filter((entry) => name.test(entry))
    .map((entry) => join(folder, entry));
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}
