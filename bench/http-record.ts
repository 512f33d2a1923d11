/**
 * HTTP record-activity command (auth, validation, idempotency key, append, ETag) on the real api
 * with autocannon, 16 connections, against its baseline in the same run: a bare NestJS endpoint
 * in the same kind of process validating the same body with the same DTO and doing one INSERT.
 * Both run as child processes; they are loaded alternately, never at the same time.
 *
 *   npm run bench:http-record [-- --quick] [--runs N]
 */
import { randomUUID } from 'node:crypto';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { createBenchDatabase, type BenchDatabase } from './lib/db';
import { alternate } from './lib/drive';
import { authHeaders, cannon, createUser, login, startApi, startBare, type ApiServer, type CannonResult } from './lib/http';
import { loadEvents } from './lib/load';
import { ensureBuild } from './lib/processes';
import { Recorder, type BenchResult } from './lib/result';
import { departmentCode, generateEvents } from './lib/synthetic';

const CONNECTIONS = 16;
const DEPARTMENTS = 20;
const USER = 'bench-staff';

export async function httpRecordBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('http-record', 'HTTP record-activity command (autocannon, 16 connections)', options.quick);
  const runs = runsOf(options, 5, 2);
  const seconds = options.quick ? 2 : 10;
  Object.assign(rec.parameters, {
    runs,
    secondsPerRun: seconds,
    connections: CONNECTIONS,
    departments: DEPARTMENTS,
    apiLogLevel: process.env.BENCH_API_LOG_LEVEL ?? 'info',
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`http-record: ${runs} runs of ${seconds} s per side, ${CONNECTIONS} connections, after a warm-up`);
  ensureBuild(log);

  const db = await createBenchDatabase('http');
  const servers: ApiServer[] = [];
  try {
    await loadEvents(db.pool, generateEvents({ departments: DEPARTMENTS, years: [2023], activitiesPerDepartmentYear: 30 }));
    await createUser(db.pool, USER, [{ department: '*', role: 'staff' }]);
    const bodies = activityBodies(300);
    rec.parameters.avgBodyBytes = Math.round(bodies.reduce((s, b) => s + Buffer.byteLength(b), 0) / bodies.length);

    const [api, bare] = await Promise.all([startApi(db.url), startBare(db.url)]);
    servers.push(api, bare);
    const token = await login(api.baseUrl, USER);
    await checkCommandContract(rec, api.baseUrl, token, bodies[0]);

    let n = 0;
    const request = (prefix: string) => () => {
      n++;
      return {
        method: 'POST' as const,
        path: `${prefix}/departments/${departmentCode('bd', n % DEPARTMENTS)}/activities`,
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}`, ...authHeaders(token) },
        body: bodies[n % bodies.length],
      };
    };
    const sides = {
      api: { server: api, next: request('/api') },
      bare: { server: bare, next: request('/bare') },
    };
    rec.metric('api', 'real api: POST …/activities', 'req/s', 'higher', 'bare');
    rec.metric('bare', 'bare NestJS: validate + one INSERT', 'req/s', 'higher');
    rec.metric('apiP99', 'real api p99 latency', 'ms', 'lower', 'bareP99');
    rec.metric('bareP99', 'bare NestJS p99 latency', 'ms', 'lower');
    rec.metric('apiP50', 'real api p50 latency', 'ms', 'lower');
    rec.target('≥ 0.8× the baseline', 'api', 'ratio', '>=', 0.8);
    rec.target('p99 ≤ 30 ms', 'apiP99', 'value', '<=', 30);

    const totals = { api: { ok: 0, runs: 0, bad: 0 }, bare: { ok: 0, runs: 0, bad: 0 } };
    for (let round = -1; round < runs; round++) {
      const warmUp = round < 0;
      for (const name of alternate(Math.max(0, round), 'api' as const, 'bare' as const)) {
        const result: CannonResult = await cannon(sides[name].server.baseUrl, {
          connections: CONNECTIONS,
          seconds: warmUp ? Math.min(seconds, 4) : seconds,
          next: sides[name].next,
        });
        totals[name].ok += result.ok;
        totals[name].runs++;
        totals[name].bad += result.non2xx + result.errors;
        log(
          `  ${warmUp ? 'warm-up' : `round ${round + 1}`} ${name.padEnd(4)} ${Math.round(result.perSecond)} req/s p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms ${JSON.stringify(result.statusCodes)}${result.errors ? ` errors ${result.errors}` : ''}`,
        );
        if (warmUp) continue;
        rec.add(name, result.perSecond);
        rec.add(`${name}P99`, result.p99Ms);
        if (name === 'api') rec.add('apiP50', result.p50Ms);
      }
    }
    await checkStored(rec, db, totals);
    return rec.result();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.close();
  }
}

/** Bodies of POST …/activities as the web app sends them, from the generator's recorded activities. */
function activityBodies(count: number): string[] {
  const bodies: string[] = [];
  for (const event of generateEvents({ departments: 1, years: [2023], activitiesPerDepartmentYear: count, correctionRate: 0 })) {
    if (event.type !== 'activity.recorded.v1') continue;
    const { category, title, occurredOn, role, attributes, alsoCountsFor, notes } = event.data as Record<string, unknown>;
    bodies.push(JSON.stringify({ category, title, occurredOn, role, attributes, alsoCountsFor, notes }));
  }
  return bodies;
}

/** The path under load does what it promises: 201 with an ETag, a replayed key returns the first result, bad input is refused. */
async function checkCommandContract(rec: Recorder, baseUrl: string, token: string, body: string): Promise<void> {
  const url = `${baseUrl}/api/departments/${departmentCode('bd', 0)}/activities`;
  const key = `bench-check-${randomUUID()}`;
  const post = (headers: Record<string, string>, payload = body) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
  const first = await post({ 'idempotency-key': key, ...authHeaders(token) });
  const firstBody = (await first.json()) as { activityId: string; version: number };
  rec.check(
    'a recorded activity answers 201 with ETag "1" and its id',
    first.status === 201 && first.headers.get('etag') === '"1"' && firstBody.version === 1,
    `${first.status} ${first.headers.get('etag')}`,
  );
  const again = await post({ 'idempotency-key': key, ...authHeaders(token) });
  const againBody = (await again.json()) as { activityId: string };
  rec.check(
    'the same Idempotency-Key returns the first result without a second append',
    again.status === 201 && againBody.activityId === firstBody.activityId && again.headers.get('idempotent-replayed') === 'true',
    `${again.status} replayed=${again.headers.get('idempotent-replayed')}`,
  );
  const invalid = await post(authHeaders(token), JSON.stringify({ ...JSON.parse(body), unexpected: 1 }));
  rec.check('an unknown field is refused with 400', invalid.status === 400, String(invalid.status));
  const anonymous = await post({});
  rec.check('a request without a token is refused with 401', anonymous.status === 401, String(anonymous.status));
}

/** Every 2xx the load generator counted is an event in the store (plus at most one in flight per connection when a run stopped). */
async function checkStored(
  rec: Recorder,
  db: BenchDatabase,
  totals: Record<'api' | 'bare', { ok: number; runs: number; bad: number }>,
): Promise<void> {
  const counts = await db.pool.query<{ api: number; commands: number; bare: number }>(`
    SELECT count(*) FILTER (WHERE metadata->>'commandId' LIKE 'http:%:bench-%' AND metadata->>'commandId' NOT LIKE 'http:%:bench-check-%')::int AS api,
           (SELECT count(*)::int FROM processed_commands WHERE command_id LIKE 'http:%:bench-%' AND command_id NOT LIKE 'http:%:bench-check-%') AS commands,
           count(*) FILTER (WHERE metadata->>'actor' = 'bare')::int AS bare
    FROM events WHERE type = 'activity.recorded.v1'`);
  const { api, commands, bare } = counts.rows[0];
  const within = (stored: number, t: { ok: number; runs: number }) => stored >= t.ok && stored <= t.ok + t.runs * CONNECTIONS;
  rec.check(
    'no request failed (every response 2xx, no socket error)',
    totals.api.bad === 0 && totals.bare.bad === 0,
    `api ${totals.api.bad}, bare ${totals.bare.bad}`,
  );
  rec.check(
    'the api stored one event and one processed command per 2xx',
    within(api, totals.api) && commands === api,
    `${totals.api.ok} answered, ${api} events, ${commands} commands`,
  );
  rec.check('the baseline stored one row per 2xx', within(bare, totals.bare), `${totals.bare.ok} answered, ${bare} rows`);
}

if (require.main === module) runStandalone('http-record', httpRecordBenchmark);
