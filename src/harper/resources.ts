/**
 * REST resources of the component (config.yaml `jsResource`). Harper exposes every exported
 * class as an endpoint named after the export. Custom resources are public by default, so
 * each one checks the caller itself.
 */
import type { User } from 'harperdb';
import { workerIndex } from './worker.js';

interface AuthenticatedResource {
  getCurrentUser(): User | undefined;
}

/** Throws Harper's 401 unless the request carries a valid user. */
export function requireUser(resource: AuthenticatedResource): User {
  const user = resource.getCurrentUser();
  if (!user) {
    const error = new Error('Authentication required') as Error & { statusCode: number };
    error.statusCode = 401;
    throw error;
  }
  return user;
}

/** Status of the sync on this node; the table pipelines fill it in later. */
export class SyncStatus extends Resource {
  static override loadAsInstance = false;

  override get() {
    requireUser(this as unknown as AuthenticatedResource);
    return {
      component: 'harper-bigquery-sync',
      workerIndex: workerIndex(),
      tables: [],
    };
  }
}
