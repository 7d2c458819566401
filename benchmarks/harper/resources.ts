/**
 * Benchmark-only REST resources, loaded into the benchmark's Harper app as a jsResource
 * (never part of the component). Each starts a job in the worker and reports it by id.
 *
 *   POST /BenchRawWrite/  { rows, txnSize, table, database } -> { id }
 *   POST /BenchStagedSync/ { apiEndpoint, dataset, ... } -> { id }
 *   GET  /BenchRawWrite/<id>, /BenchStagedSync/<id>       -> the job (progress, result)
 *   POST /BenchEventLoop/ -> { id }; GET /BenchEventLoop/<id> -> this worker's event-loop
 *   utilization since the POST (how busy the thread that runs the sync was)
 *   POST /BenchProfile/ { file } -> { id }: starts V8's CPU profiler in this worker thread;
 *   GET /BenchProfile/<id> stops it, writes the .cpuprofile to `file` and answers its summary
 *   (Harper's --cpu-prof cannot: it writes no profile for the worker threads it terminates)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { summarizeProfile, type CpuProfile } from '../lib/cpu-profile.js';
import { harperGlobals } from '../../streams/sink/harper-sink.js';
import { stagedSync, type BreakdownRequest, type BreakdownResult } from './breakdown.js';
import { getJob, httpError, idOf, requireUser, startJob } from './jobs.js';
import { rawWrite, type RawWriteRequest, type RawWriteResult } from './raw-write.js';

function jobById(target: unknown) {
  const job = getJob(idOf(target));
  if (!job) throw httpError(404, `no job ${String(idOf(target))}`);
  return job;
}

export class BenchRawWrite extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    requireUser(this);
    return jobById(target);
  }

  override async post(_target: unknown, body: unknown) {
    requireUser(this);
    const request = (await body) as Partial<RawWriteRequest>;
    const rows = Number(request.rows);
    const txnSize = Number(request.txnSize ?? 10_000);
    if (!(rows > 0) || !(txnSize > 0)) throw httpError(400, 'rows and txnSize must be positive');
    if (!request.table || !request.database) throw httpError(400, 'table and database are required');
    const job = startJob<RawWriteResult>((j) =>
      rawWrite(
        harperGlobals(),
        {
          rows,
          txnSize,
          table: String(request.table),
          database: String(request.database),
          from: request.from,
          ...(request.perRow ? { perRow: request.perRow } : {}),
          ...(request.streams ? { streams: Number(request.streams) } : {}),
        },
        j,
      ),
    );
    return { id: job.id };
  }
}

export class BenchStagedSync extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    requireUser(this);
    return jobById(target);
  }

  override async post(_target: unknown, body: unknown) {
    requireUser(this);
    const request = (await body) as BreakdownRequest;
    if (!request.apiEndpoint || !request.table) throw httpError(400, 'apiEndpoint and table are required');
    const job = startJob<BreakdownResult>((j) => stagedSync(harperGlobals(), request, j));
    return { id: job.id };
  }
}

const eluMarks = new Map<string, EventLoopUtilization>();

export class BenchEventLoop extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    requireUser(this);
    const mark = eluMarks.get(idOf(target) ?? '');
    if (!mark) throw httpError(404, `no mark ${String(idOf(target))}`);
    const since = performance.eventLoopUtilization(mark);
    return { utilization: since.utilization, activeMs: since.active, idleMs: since.idle };
  }

  override async post() {
    requireUser(this);
    const id = `elu-${eluMarks.size + 1}`;
    eluMarks.set(id, performance.eventLoopUtilization());
    return { id };
  }
}

const profiles = new Map<string, { session: Session; file: string }>();

export class BenchProfile extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    requireUser(this);
    const id = idOf(target) ?? '';
    const running = profiles.get(id);
    if (!running) throw httpError(404, `no profile ${id}`);
    profiles.delete(id);
    const { profile } = (await running.session.post('Profiler.stop')) as { profile: CpuProfile };
    running.session.disconnect();
    writeFileSync(running.file, JSON.stringify(profile));
    return { file: running.file, summary: summarizeProfile(profile, 25) };
  }

  override async post(_target: unknown, body: unknown) {
    requireUser(this);
    const { file, v8Flags } = ((await body) ?? {}) as { file?: string; v8Flags?: string };
    if (!file) throw httpError(400, 'file is required');
    if (v8Flags) setFlagsFromString(v8Flags);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const id = `profile-${profiles.size + 1}-${Date.now()}`;
    profiles.set(id, { session, file });
    return { id };
  }
}
