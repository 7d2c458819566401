import type { Progress } from './progress.js';
import { createProgress, progressMode } from './progress.js';
import { checkReachable, createClient, DEFAULT_PROJECT } from './connection.js';
import type { CommonOptions } from './invocation.js';
import type { Io } from './program.js';
import type { SynthesizerTarget, WriteOptions } from '../../../streams/synthesizer/writer/index.js';

export interface CommandContext {
  readonly io: Io;
  readonly common: CommonOptions;
  readonly target: SynthesizerTarget;
  /** Where rows go, for messages: `local-project.maritime_tracking at http://...`. */
  readonly where: string;
  /** Endpoint for connection error messages; undefined for Google BigQuery. */
  readonly endpoint: string | undefined;
  readonly signal: AbortSignal;
  progress(): Progress;
  /** Write options shared by initialize and start. */
  writeOptions(progress: Progress): WriteOptions;
  /** stdout line (results). */
  out(line: string): void;
  /** stderr line (notes, warnings). */
  note(line: string): void;
}

/** Checks the server answers (endpoint mode), then builds the client and the command's helpers. */
export async function openContext(io: Io, common: CommonOptions, signal: AbortSignal): Promise<CommandContext> {
  const project = common.project ?? (common.credentials === undefined ? DEFAULT_PROJECT : undefined);
  if (common.credentials === undefined) await checkReachable(common.endpoint, project ?? DEFAULT_PROJECT);
  const bigquery = createClient({
    endpoint: common.endpoint,
    ...(project !== undefined ? { project } : {}),
    ...(common.credentials !== undefined ? { credentials: common.credentials } : {}),
    ...(common.location !== undefined ? { location: common.location } : {}),
  });
  const target: SynthesizerTarget = {
    bigquery,
    datasetId: common.dataset,
    ...(common.location !== undefined ? { location: common.location } : {}),
  };
  const stderr = io.stderr as NodeJS.WriteStream;
  const mode = progressMode(stderr, io.env, common.quiet || common.json);
  return {
    io,
    common,
    target,
    signal,
    endpoint: common.credentials === undefined ? common.endpoint : undefined,
    where:
      common.credentials === undefined
        ? `${project ?? DEFAULT_PROJECT}.${common.dataset} at ${common.endpoint}`
        : `${project ?? '(key file project)'}.${common.dataset} on Google BigQuery`,
    progress: () => createProgress(mode, stderr),
    writeOptions: (progress) => ({
      useStreamingInsert: common.streaming,
      signal,
      retry: {
        onRetry: ({ error, attempt, delayMs }) =>
          progress.log(`retry ${attempt} in ${delayMs} ms after: ${(error as Error).message}`),
      },
      onProgress: ({ table, written }) => progress.update(table, written),
    }),
    out: (line) => io.stdout.write(line + '\n'),
    note: (line) => {
      if (!common.quiet) io.stderr.write(line + '\n');
    },
  };
}
