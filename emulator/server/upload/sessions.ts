/**
 * Resumable upload sessions (uploadType=resumable), the protocol other BigQuery clients
 * use for load data: POST the job metadata, get a session URL in `Location`, then PUT the
 * bytes in one or more chunks with Content-Range. The Node client 8.x uses multipart
 * instead; sessions are kept small and expire after an hour.
 */
import { randomBytes } from 'node:crypto';

export interface UploadSession {
  id: string;
  projectId: string;
  metadata: Record<string, unknown>;
  chunks: Buffer[];
  received: number;
  expires: number;
}

const SESSION_TTL_MS = 60 * 60_000;
const MAX_SESSIONS = 100;

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  create(projectId: string, metadata: Record<string, unknown>): UploadSession {
    this.sweep();
    const session: UploadSession = {
      id: randomBytes(16).toString('base64url'),
      projectId,
      metadata,
      chunks: [],
      received: 0,
      expires: Date.now() + SESSION_TTL_MS,
    };
    this.sessions.set(session.id, session);
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.sessions.delete(oldest.value);
    }
    return session;
  }

  get(id: string): UploadSession | undefined {
    const s = this.sessions.get(id);
    return s && s.expires > Date.now() ? s : undefined;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expires <= now) this.sessions.delete(id);
  }
}
