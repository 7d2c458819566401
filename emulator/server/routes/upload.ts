/**
 * jobs.insert with media upload (`/upload/bigquery/v2/projects/{p}/jobs`): load-job data sent
 * with the job. `uploadType=multipart` is what the Node client sends for table.load(file)
 * and createWriteStream(); `uploadType=resumable` (POST to open a session, PUT the bytes,
 * optionally in Content-Range chunks) is what other clients use.
 */
import type { Handler } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { parseJsonObject } from '../http.js';
import { boundaryOf, parseMultipart } from '../upload/multipart.js';
import { startAndReply } from './jobs.js';

export const uploadJob: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  const q = req.url.searchParams;
  const uploadType = q.get('uploadType') ?? (req.method === 'PUT' ? 'resumable' : 'multipart');

  if (uploadType === 'multipart') {
    if (req.method !== 'POST') throw invalid('Multipart uploads use POST.');
    const parts = parseMultipart(await req.body(), boundaryOf(req.headers['content-type']));
    const [meta, data] = parts;
    if (!meta || !data) throw invalid('A multipart upload needs two parts: the job resource (JSON) and the data.');
    return startAndReply(ctx, projectId, parseJsonObject(meta.body), data.body);
  }

  if (uploadType === 'resumable') {
    const uploadId = q.get('upload_id');
    if (uploadId === null) {
      if (req.method !== 'POST') throw invalid('Start a resumable upload with POST.');
      const session = ctx.uploads.create(projectId, await req.json());
      const location = `${ctx.baseUrl}/upload/bigquery/v2/projects/${encodeURIComponent(projectId)}/jobs?uploadType=resumable&upload_id=${session.id}`;
      return { status: 200, headers: { location, 'x-guploader-uploadid': session.id }, body: {} };
    }
    const session = ctx.uploads.get(uploadId);
    if (!session || session.projectId !== projectId) throw notFound(`Not found: upload session ${uploadId}`);
    const range = parseContentRange(req.headers['content-range']);
    const chunk = await req.body();
    if (range && range.start !== undefined) {
      if (range.start !== session.received) {
        throw invalid(`Upload chunk starts at byte ${range.start} but ${session.received} bytes were received so far.`);
      }
    }
    if (chunk.length > 0) {
      session.chunks.push(chunk);
      session.received += chunk.length;
    }
    const complete = range === undefined || (range.total !== undefined && session.received >= range.total);
    if (!complete) {
      const headers: Record<string, string> = session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {};
      return { status: 308, headers };
    }
    ctx.uploads.delete(uploadId);
    return startAndReply(ctx, projectId, session.metadata, Buffer.concat(session.chunks, session.received));
  }

  if (uploadType === 'media') {
    throw invalid('uploadType=media carries no job configuration; use multipart or resumable.');
  }
  throw invalid(`Unsupported uploadType: ${uploadType}`, 'uploadType');
};

/** `bytes 0-99/200`, `bytes 0-99/*` or `bytes *\/200`; undefined when the header is absent. */
function parseContentRange(header: string | undefined): { start?: number; total?: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(header.trim());
  if (!m) throw invalid(`Malformed Content-Range: ${header}`);
  const out: { start?: number; total?: number } = {};
  if (m[1] !== undefined) out.start = Number(m[1]);
  if (m[3] !== undefined && m[3] !== '*') out.total = Number(m[3]);
  return out;
}
