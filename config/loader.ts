import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { resolveCredentialsFile } from './credentials-path.js';
import type { Env } from './env.js';
import { ConfigError, toConfigIssues, type ConfigIssue } from './errors.js';
import { checkSyncConfig } from './parse.js';
import type { SyncConfig } from './types.js';
import { positionOf } from './yaml-positions.js';

const EMPTY = 'the file has no content; expected a config with a "bigquery" key';

export interface TextSource {
  /** Named in every message; also how a reader finds the right file. */
  file?: string;
  env?: Env;
}

/**
 * Reads a YAML or JSON config file (told apart by content, not extension). A relative
 * credentials key-file path is resolved against the file's folder.
 */
export async function loadSyncConfigFile(file: string, env: Env = process.env): Promise<SyncConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '', message: `cannot read the file: ${describeFsError(error)}`, file }], file);
  }
  return resolveCredentialsFile(parseSyncConfigText(text, { file, env }), dirname(resolve(file)));
}

/**
 * Parses config text. JSON goes through JSON.parse for exact JSON semantics; the YAML
 * parser still reads it too, only to locate keys so each problem gets a line number.
 */
export function parseSyncConfigText(text: string, source: TextSource = {}): SyncConfig {
  const { file, env = process.env } = source;
  const body = text.replace(/^\uFEFF/, '');
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(
      issues.map((issue) => (file === undefined ? issue : { ...issue, file })),
      file,
    );
  };
  if (body.trim() === '') fail([{ path: '', message: EMPTY }]);

  const lines = new LineCounter();
  const docs = parseAllDocuments(body, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const docList: Document[] = Array.isArray(docs) ? docs : [];
  const isJson = /^\s*[{[]/.test(body);
  let value: unknown;

  if (isJson) {
    try {
      value = JSON.parse(body) as unknown;
    } catch (error) {
      fail([jsonSyntaxIssue(error, lines, docList[0])]);
    }
    // JSON.parse keeps the last of two equal keys without a word; a silently dropped
    // setting is exactly what strict validation is meant to prevent.
    const duplicates = (docList[0]?.errors ?? []).filter((error) => error.code === 'DUPLICATE_KEY');
    if (duplicates.length > 0) {
      fail(duplicates.map((error) => ({ path: '', message: 'JSON error: duplicate key', ...at(lines, error.pos[0]) })));
    }
  } else {
    const syntax = docList.flatMap((doc) =>
      doc.errors.map((error) => ({
        path: '',
        message: `YAML syntax error: ${error.message}`,
        ...at(lines, error.pos[0]),
      })),
    );
    if (syntax.length > 0) fail(syntax);
    if (docList.length > 1) {
      const second = docList[1]?.range?.[0] ?? 0;
      fail([{ path: '', message: `expected one YAML document, found ${docList.length}`, ...at(lines, second) }]);
    }
    try {
      value = docList[0]?.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch (error) {
      fail([{ path: '', message: `YAML error: ${error instanceof Error ? error.message : String(error)}` }]);
    }
  }

  if (value === undefined || value === null) fail([{ path: '', message: EMPTY }]);
  const result = checkSyncConfig(value, env);
  if (result.ok) return result.config;
  const doc = docList.length === 1 && docList[0]?.errors.length === 0 ? docList[0] : undefined;
  const rendered = toConfigIssues(result.issues);
  return fail(
    rendered.map((issue, i) => {
      const path = result.issues[i]?.path;
      const position = doc === undefined || path === undefined ? undefined : positionOf(doc, lines, path);
      return position === undefined ? issue : { ...issue, ...position };
    }),
  );
}

function at(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** V8 quotes the surrounding text in some JSON errors; that text may be a secret, so drop it. */
function jsonSyntaxIssue(error: unknown, lines: LineCounter, doc: Document | undefined): ConfigIssue {
  const raw = error instanceof Error ? error.message : String(error);
  const trimmed = raw.replace(/, (?:\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const reason = trimmed.includes('"') ? 'invalid JSON' : trimmed;
  const position = /position (\d+)/.exec(raw)?.[1];
  const offset = position !== undefined ? Number(position) : doc?.errors[0]?.pos[0];
  return { path: '', message: `JSON syntax error: ${reason}`, ...(offset === undefined ? {} : at(lines, offset)) };
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
