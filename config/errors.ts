import { formatPath, type PathIssue } from './paths.js';

/** One problem in a config, addressed by its rendered key path. */
export interface ConfigIssue {
  /** e.g. `bigquery.tables[1].timestampColumn`; '' for the document as a whole. */
  path: string;
  /** What is wrong, readable on its own: `required`, `expected a list, got "x"`. */
  message: string;
  /** Set when the config came from a file. */
  file?: string;
  /** 1-based position in `file`, when known. */
  line?: number;
  column?: number;
}

/** Every problem found in a config, reported together so one edit cycle fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  readonly file: string | undefined;

  constructor(issues: readonly ConfigIssue[], file?: string) {
    super(formatConfigError(issues, file));
    this.issues = issues;
    this.file = file;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where =
    issue.file === undefined
      ? undefined
      : issue.line === undefined
        ? issue.file
        : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  if (issue.path === '') return where === undefined ? issue.message : `${where}: ${issue.message}`;
  const line = `${issue.path}: ${issue.message}`;
  return where === undefined || where === issue.file ? line : `${line} (${where})`;
}

export function formatConfigError(issues: readonly ConfigIssue[], file?: string): string {
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const header =
    file === undefined ? `Invalid sync configuration (${count}):` : `Invalid sync configuration in ${file} (${count}):`;
  return [header, ...issues.map((issue) => `  ${formatIssue(issue)}`)].join('\n');
}

/** Renders internal path issues, dropping exact repeats (the same mistake found twice). */
export function toConfigIssues(issues: readonly PathIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const rendered = { path: formatPath(issue.path), message: issue.message };
    const key = `${rendered.path}\u0000${rendered.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(rendered);
  }
  return out;
}
