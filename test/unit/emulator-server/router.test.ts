import { describe, expect, it } from 'vitest';
import { route } from '../../../emulator/server/router.js';

describe('router', () => {
  it('accepts both the /bigquery/v2 form and the BIGQUERY_EMULATOR_HOST form', () => {
    for (const prefix of ['/bigquery/v2', '']) {
      const r = route('GET', `${prefix}/projects/p/datasets/d/tables/t/data`);
      expect(r).toEqual({
        kind: 'route',
        match: {
          id: 'tabledata.list',
          upload: false,
          params: { projectId: 'p', datasetId: 'd', tableId: 't', jobId: '' },
        },
      });
    }
  });

  it('names every method after the discovery document', () => {
    const cases: [string, string, string][] = [
      ['GET', '/projects/p/datasets', 'datasets.list'],
      ['POST', '/projects/p/datasets', 'datasets.insert'],
      ['PATCH', '/projects/p/datasets/d', 'datasets.patch'],
      ['PUT', '/projects/p/datasets/d', 'datasets.update'],
      ['DELETE', '/projects/p/datasets/d', 'datasets.delete'],
      ['POST', '/projects/p/datasets/d/tables', 'tables.insert'],
      ['PATCH', '/projects/p/datasets/d/tables/t', 'tables.patch'],
      ['POST', '/projects/p/datasets/d/tables/t/insertAll', 'tabledata.insertAll'],
      ['POST', '/projects/p/queries', 'jobs.query'],
      ['GET', '/projects/p/queries/j1', 'jobs.getQueryResults'],
      ['POST', '/projects/p/jobs', 'jobs.insert'],
      ['GET', '/projects/p/jobs', 'jobs.list'],
      ['GET', '/projects/p/jobs/j1', 'jobs.get'],
      ['POST', '/projects/p/jobs/j1/cancel', 'jobs.cancel'],
      ['DELETE', '/projects/p/jobs/j1/delete', 'jobs.delete'],
    ];
    for (const [method, path, id] of cases) {
      const r = route(method, `/bigquery/v2${path}`);
      expect(r.kind === 'route' && r.match.id, `${method} ${path}`).toBe(id);
    }
  });

  it('decodes path segments (table ids with spaces, job ids)', () => {
    const r = route('GET', '/bigquery/v2/projects/my-proj/datasets/d/tables/my%20table');
    expect(r.kind === 'route' && r.match.params.tableId).toBe('my table');
  });

  it('routes uploads to jobs.insert with the upload flag', () => {
    const r = route('POST', '/upload/bigquery/v2/projects/p/jobs');
    expect(r.kind === 'route' && r.match).toMatchObject({
      id: 'jobs.insert',
      upload: true,
      params: { projectId: 'p' },
    });
    expect(route('PUT', '/upload/bigquery/v2/projects/p/jobs')).toMatchObject({ kind: 'route' });
    expect(route('POST', '/upload/bigquery/v2/projects/p/datasets')).toEqual({ kind: 'notFound' });
  });

  it('tells unknown paths from wrong methods, and spots the admin API', () => {
    expect(route('GET', '/bigquery/v2/projects/p/nothing')).toEqual({ kind: 'notFound' });
    expect(route('GET', '/')).toEqual({ kind: 'notFound' });
    expect(route('DELETE', '/bigquery/v2/projects/p/queries')).toEqual({ kind: 'methodNotAllowed', allowed: ['POST'] });
    expect(route('POST', '/_admin/faults')).toEqual({ kind: 'admin', path: '/_admin/faults' });
  });
});
