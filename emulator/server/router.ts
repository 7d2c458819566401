/**
 * Maps (method, path) to a BigQuery REST method id such as `tabledata.insertAll`. The ids
 * follow Google's discovery names so fault rules and logs read like the API reference.
 */
export type RouteId =
  | 'projects.list'
  | 'datasets.list'
  | 'datasets.insert'
  | 'datasets.get'
  | 'datasets.patch'
  | 'datasets.update'
  | 'datasets.delete'
  | 'tables.list'
  | 'tables.insert'
  | 'tables.get'
  | 'tables.patch'
  | 'tables.update'
  | 'tables.delete'
  | 'tabledata.insertAll'
  | 'tabledata.list'
  | 'jobs.query'
  | 'jobs.getQueryResults'
  | 'jobs.insert'
  | 'jobs.list'
  | 'jobs.get'
  | 'jobs.cancel'
  | 'jobs.delete';

export interface RouteParams {
  projectId: string;
  datasetId: string;
  tableId: string;
  jobId: string;
}

export interface RouteMatch {
  id: RouteId;
  params: RouteParams;
  /** True for `/upload/bigquery/v2/...` (media upload of load-job data). */
  upload: boolean;
}

export type RouteResult =
  | { kind: 'route'; match: RouteMatch }
  | { kind: 'admin'; path: string }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed'; allowed: string[] };

type MethodTable = Partial<Record<string, RouteId>>;

/** Shapes after `projects/{p}`: literal segments, or `*` for an id captured in order D, T / J. */
const SHAPES: { shape: string[]; methods: MethodTable; captures: (keyof RouteParams)[] }[] = [
  { shape: ['datasets'], methods: { GET: 'datasets.list', POST: 'datasets.insert' }, captures: [] },
  {
    shape: ['datasets', '*'],
    methods: { GET: 'datasets.get', PATCH: 'datasets.patch', PUT: 'datasets.update', DELETE: 'datasets.delete' },
    captures: ['datasetId'],
  },
  {
    shape: ['datasets', '*', 'tables'],
    methods: { GET: 'tables.list', POST: 'tables.insert' },
    captures: ['datasetId'],
  },
  {
    shape: ['datasets', '*', 'tables', '*'],
    methods: { GET: 'tables.get', PATCH: 'tables.patch', PUT: 'tables.update', DELETE: 'tables.delete' },
    captures: ['datasetId', 'tableId'],
  },
  {
    shape: ['datasets', '*', 'tables', '*', 'insertAll'],
    methods: { POST: 'tabledata.insertAll' },
    captures: ['datasetId', 'tableId'],
  },
  {
    shape: ['datasets', '*', 'tables', '*', 'data'],
    methods: { GET: 'tabledata.list' },
    captures: ['datasetId', 'tableId'],
  },
  { shape: ['queries'], methods: { POST: 'jobs.query' }, captures: [] },
  { shape: ['queries', '*'], methods: { GET: 'jobs.getQueryResults' }, captures: ['jobId'] },
  { shape: ['jobs'], methods: { GET: 'jobs.list', POST: 'jobs.insert' }, captures: [] },
  { shape: ['jobs', '*'], methods: { GET: 'jobs.get' }, captures: ['jobId'] },
  { shape: ['jobs', '*', 'cancel'], methods: { POST: 'jobs.cancel' }, captures: ['jobId'] },
  { shape: ['jobs', '*', 'delete'], methods: { DELETE: 'jobs.delete' }, captures: ['jobId'] },
];

const API_PREFIX = '/bigquery/v2';
const UPLOAD_PREFIX = '/upload';

/** `pathname` must not include the query string. */
export function route(method: string, pathname: string): RouteResult {
  if (pathname === '/_admin' || pathname.startsWith('/_admin/')) return { kind: 'admin', path: pathname };

  let path = pathname;
  let upload = false;
  if (path.startsWith(UPLOAD_PREFIX + '/')) {
    upload = true;
    path = path.slice(UPLOAD_PREFIX.length);
  }
  // BIGQUERY_EMULATOR_HOST makes the client drop the /bigquery/v2 prefix: accept both forms.
  if (path === API_PREFIX || path.startsWith(API_PREFIX + '/')) path = path.slice(API_PREFIX.length);

  const rawSegments = path.split('/').filter((s) => s.length > 0);
  let segments: string[];
  try {
    segments = rawSegments.map((s) => decodeURIComponent(s));
  } catch {
    return { kind: 'notFound' };
  }
  if (segments[0] !== 'projects') return { kind: 'notFound' };
  if (segments.length === 1) {
    if (upload) return { kind: 'notFound' };
    return method === 'GET'
      ? { kind: 'route', match: { id: 'projects.list', params: emptyParams(), upload } }
      : { kind: 'methodNotAllowed', allowed: ['GET'] };
  }
  const projectId = segments[1] as string;
  const rest = segments.slice(2);

  for (const { shape, methods, captures } of SHAPES) {
    if (shape.length !== rest.length) continue;
    const captured: string[] = [];
    let ok = true;
    for (let i = 0; i < shape.length; i++) {
      const want = shape[i] as string;
      const got = rest[i] as string;
      if (want === '*') captured.push(got);
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // Uploads exist only for jobs.insert (POST starts, PUT continues a resumable upload).
    if (upload && !(shape.length === 1 && shape[0] === 'jobs')) return { kind: 'notFound' };
    const id = upload ? (method === 'POST' || method === 'PUT' ? 'jobs.insert' : undefined) : methods[method];
    if (id === undefined) {
      return { kind: 'methodNotAllowed', allowed: upload ? ['POST', 'PUT'] : Object.keys(methods) };
    }
    const params = emptyParams();
    params.projectId = projectId;
    captures.forEach((key, i) => {
      params[key] = captured[i] as string;
    });
    return { kind: 'route', match: { id, params, upload } };
  }
  return { kind: 'notFound' };
}

function emptyParams(): RouteParams {
  return { projectId: '', datasetId: '', tableId: '', jobId: '' };
}
