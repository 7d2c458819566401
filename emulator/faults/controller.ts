/**
 * Deterministic fault injection for the local BigQuery server. Off until a rule is added.
 *
 * Every rule watches the requests whose route matches it and counts them on its own: it
 * lets the first `skip` through and then fires for the next `times` (latency rules fire
 * until cleared unless `times` is given). So "fail the 2nd and 3rd getQueryResults call" is
 * `{ route: 'jobs.getQueryResults', skip: 1, times: 2 }`, independent of timing and of
 * other rules. When several error/reset rules fire on one request, the one added first
 * wins; latencies add up.
 *
 * Programmatic: `server.faults.failNext('jobs.query', 2, 503)`, `.delay('*', 50)`,
 * `.resetNext('tabledata.insertAll', 1, 'after')`, `.add({...})`, `.list()`, `.clear()`.
 * Over HTTP (loopback only): `POST /_admin/faults` with a rule, an array of rules or
 * `{ "faults": [...] }`; `GET /_admin/faults` lists rules with their counters;
 * `DELETE /_admin/faults` removes them all.
 */

/**
 * `jobFailure`: counts only jobs.insert / jobs.query requests that create a query job (dry
 * runs and loads pass by it). The request succeeds and creates the job, which finishes DONE
 * with `errorResult` (reason and message of the rule) instead of running, as a BigQuery job
 * that fails server-side; jobs.get shows the error and getQueryResults answers it as an HTTP
 * error, every time.
 */
export type FaultKind = 'error' | 'latency' | 'reset' | 'jobFailure';

export interface FaultRuleInput {
  /** A REST method id (`jobs.query`, `tabledata.insertAll`, ...), a resource wildcard (`jobs.*`) or `*`. */
  route: string;
  /** Defaults to `latency` when only `latencyMs` is given, otherwise `error`. */
  kind?: FaultKind;
  /** HTTP status for `error` faults (default 503). */
  status?: number;
  /** Google error reason; defaults from the status (429 rateLimitExceeded, 5xx backendError, ...). */
  reason?: string;
  message?: string;
  /** Added delay for `latency` faults (also allowed on error/reset rules: delay, then fail). */
  latencyMs?: number;
  /** Matching requests this rule affects: default 1 for error/reset, unlimited for latency. */
  times?: number;
  /** Matching requests to let through before the rule starts firing (default 0). */
  skip?: number;
  /**
   * `before` (default): fail without running the handler, so nothing changes server-side.
   * `after`: run the handler (its effects stay) and then replace the response or drop the
   * connection — the "request succeeded but the reply was lost" case retries must survive.
   */
  when?: 'before' | 'after';
}

export interface FaultRule {
  id: number;
  route: string;
  kind: FaultKind;
  status: number;
  reason: string;
  message: string;
  latencyMs: number;
  /** null = unlimited. */
  times: number | null;
  skip: number;
  when: 'before' | 'after';
  /** Matching requests seen so far. */
  seen: number;
  /** Times the rule fired. */
  fired: number;
}

export interface FaultAction {
  kind: 'error' | 'reset' | 'jobFailure';
  status: number;
  reason: string;
  message: string;
  when: 'before' | 'after';
  ruleId: number;
}

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
}

const NO_FAULT: FaultDecision = Object.freeze({ latencyMs: 0 });

export function defaultReason(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'unauthorized';
    case 403:
      return 'accessDenied';
    case 404:
      return 'notFound';
    case 409:
      return 'duplicate';
    case 429:
      return 'rateLimitExceeded';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'backendError';
    default:
      return status >= 500 ? 'backendError' : 'invalid';
  }
}

export class FaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

export class FaultController {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Adds one or more rules; returns them as stored (with ids). Throws FaultError on a bad rule. */
  add(input: FaultRuleInput | FaultRuleInput[]): FaultRule[] {
    const inputs = Array.isArray(input) ? input : [input];
    const parsed = inputs.map((r) => this.normalise(r));
    this.rules.push(...parsed);
    return parsed.map((r) => ({ ...r }));
  }

  /** Fail the next `times` requests on `route` with `status` (default 503 backendError). */
  failNext(route: string, times = 1, status = 503, reason?: string): FaultRule {
    return this.add({
      route,
      kind: 'error',
      times,
      status,
      ...(reason !== undefined ? { reason } : {}),
    })[0] as FaultRule;
  }

  /** Delay every request on `route` by `latencyMs` (or only the next `times`). */
  delay(route: string, latencyMs: number, times?: number): FaultRule {
    return this.add({ route, kind: 'latency', latencyMs, ...(times !== undefined ? { times } : {}) })[0] as FaultRule;
  }

  /** Destroy the socket of the next `times` requests on `route`. */
  resetNext(route: string, times = 1, when: 'before' | 'after' = 'before'): FaultRule {
    return this.add({ route, kind: 'reset', times, when })[0] as FaultRule;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Whether a rule of this kind exists (the server reads a body early only then). */
  has(kind: FaultKind): boolean {
    return this.rules.some((r) => r.kind === kind);
  }

  /**
   * Called once per API request (admin requests excluded). Advances the rules' counters.
   * `jobFailure` rules see only requests that create a query job (`createsQueryJob`).
   */
  decide(routeId: string, request: { createsQueryJob?: boolean } = {}): FaultDecision {
    if (this.rules.length === 0) return NO_FAULT;
    let latencyMs = 0;
    let action: FaultAction | undefined;
    for (const rule of this.rules) {
      if (!routeMatches(rule.route, routeId)) continue;
      if (rule.kind === 'jobFailure' && request.createsQueryJob !== true) continue;
      rule.seen++;
      if (rule.seen <= rule.skip) continue;
      if (rule.times !== null && rule.fired >= rule.times) continue;
      rule.fired++;
      latencyMs += rule.latencyMs;
      if (rule.kind !== 'latency' && action === undefined) {
        action = {
          kind: rule.kind,
          status: rule.status,
          reason: rule.reason,
          message: rule.message,
          when: rule.when,
          ruleId: rule.id,
        };
      }
    }
    return action === undefined ? { latencyMs } : { latencyMs, action };
  }

  private normalise(r: FaultRuleInput): FaultRule {
    if (typeof r !== 'object' || r === null) throw new FaultError('A fault rule must be an object.');
    if (typeof r.route !== 'string' || r.route.length === 0) {
      throw new FaultError('A fault rule needs `route`: a method id like "jobs.query", "jobs.*" or "*".');
    }
    const kind: FaultKind = r.kind ?? (r.latencyMs !== undefined && r.status === undefined ? 'latency' : 'error');
    if (kind !== 'error' && kind !== 'latency' && kind !== 'reset' && kind !== 'jobFailure') {
      throw new FaultError(`Unknown fault kind "${String(kind)}" (use error, latency, reset or jobFailure).`);
    }
    const status = r.status ?? 503;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new FaultError(`Fault status must be an HTTP error status (400-599), got ${String(r.status)}.`);
    }
    const latencyMs = r.latencyMs ?? 0;
    if (typeof latencyMs !== 'number' || !(latencyMs >= 0) || latencyMs > 600_000) {
      throw new FaultError('latencyMs must be a number between 0 and 600000.');
    }
    if (kind === 'latency' && latencyMs === 0) throw new FaultError('A latency fault needs latencyMs > 0.');
    const times = r.times ?? (kind === 'latency' ? null : 1);
    if (times !== null && (!Number.isInteger(times) || times < 1))
      throw new FaultError('times must be a positive integer.');
    const skip = r.skip ?? 0;
    if (!Number.isInteger(skip) || skip < 0) throw new FaultError('skip must be a non-negative integer.');
    const when = r.when ?? 'before';
    if (when !== 'before' && when !== 'after') throw new FaultError('when must be "before" or "after".');
    return {
      id: this.nextId++,
      route: r.route,
      kind,
      status,
      reason: r.reason ?? defaultReason(status),
      message: r.message ?? `Injected fault (${kind}) on ${r.route}`,
      latencyMs,
      times,
      skip,
      when,
      seen: 0,
      fired: 0,
    };
  }
}

function routeMatches(pattern: string, routeId: string): boolean {
  if (pattern === '*' || pattern === routeId) return true;
  return pattern.endsWith('.*') && routeId.startsWith(pattern.slice(0, -1));
}
