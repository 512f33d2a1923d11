/**
 * Progress query over HTTP: GET /api/departments/:d/years/2023/progress on the real api with
 * autocannon, 16 connections, each request for a random one of the 1,000 departments of the
 * 1,000,000-event dataset (read models caught up). Checked against a recount in SQL first.
 * The api keeps each view until an event of its department is recorded; the baseline in the same
 * run is an api computing every answer (PROGRESS_CACHE_ENTRIES=0), alternating with it.
 *
 *   npm run bench:progress-query [-- --quick] [--runs N] [--database bench_…]
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { TRACKING_PROJECTIONS, type Plan, type ProgressView } from '@app/tracking';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { cpuBudget, describeBudget } from './lib/cpu';
import { alternate } from './lib/drive';
import { authHeaders, cannon, createUser, login, startApi, withTimeout, type ApiServer } from './lib/http';
import { millionDataset } from './lib/million';
import { ensureBuild, startChild } from './lib/processes';
import { recount } from './lib/recount';
import { Recorder, type BenchResult } from './lib/result';
import { seededRandom } from '@app/testing';
import { departmentCode } from './lib/synthetic';

const CONNECTIONS = 16;
const USER = 'bench-leader';

export async function progressQueryBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('progress-query', 'Progress query over HTTP (autocannon, 16 connections)', options.quick);
  const runs = runsOf(options, 5, 2);
  const seconds = options.quick ? 2 : 10;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureBuild(log);
  const dataset = await millionDataset(options, log);
  const { db, events, spec } = dataset;
  Object.assign(rec.parameters, {
    runs,
    secondsPerRun: seconds,
    connections: CONNECTIONS,
    events,
    departments: spec.departments,
    year: 2023,
    apiLogLevel: process.env.BENCH_API_LOG_LEVEL ?? 'info',
  });
  log(
    `progress-query: ${runs} runs of ${seconds} s, ${CONNECTIONS} connections, ${spec.departments} departments, ${events.toLocaleString('en-US')} events`,
  );
  let api: ApiServer | null = null;
  let computing: ApiServer | null = null;
  try {
    await ensureCaughtUp(db.url, db.pool, log);
    // Steady state: autovacuum visits the read models after a rebuild (hint bits, visibility map);
    // right after one, every first read would pay for setting them.
    await db.pool.query(
      'VACUUM (ANALYZE) rm_activities, rm_plans, rm_departments, rm_activity_aggregates, rm_aggregate_activities, rm_indicator_days, rm_warning_activities, rm_warning_duplicates',
    );
    const sizes = await db.pool.query<{ activities: number }>(
      `SELECT (count(*) / count(DISTINCT department))::int AS activities FROM rm_activities WHERE year = 2023`,
    );
    rec.parameters.activitiesPerDepartment2023 = sizes.rows[0].activities;
    const exists = await db.pool.query('SELECT 1 FROM users WHERE username = $1', [USER]);
    if (exists.rowCount === 0) await createUser(db.pool, USER, [{ department: '*', role: 'leader' }]);

    // The api as it runs (views kept until their department changes) and, as the baseline in the
    // same run, one that computes every answer (PROGRESS_CACHE_ENTRIES=0).
    api = await startApi(db.url);
    // With BENCH_CPU_PROFILE=<file>, the computing api's profile goes to <file>.computing.
    const profile = process.env.BENCH_CPU_PROFILE;
    computing = await startApi(db.url, { PROGRESS_CACHE_ENTRIES: '0', BENCH_CPU_PROFILE: profile ? `${profile}.computing` : '' });
    const token = await login(api.baseUrl, USER);
    const bytes = await checkAnswers(rec, db.pool, api.baseUrl, token, spec.departments);
    rec.parameters.avgResponseKB = Math.round(bytes / 1024);
    await primeAndCompare(rec, api.baseUrl, computing.baseUrl, token, spec.departments);

    rec.metric('p99', 'p99 latency, views kept (every department asked once before)', 'ms', 'lower', 'computedP99');
    rec.metric('computedP99', 'p99 latency, every view computed (PROGRESS_CACHE_ENTRIES=0)', 'ms', 'lower');
    rec.metric('p50', 'p50 latency, views kept', 'ms', 'lower', 'computedP50');
    rec.metric('computedP50', 'p50 latency, every view computed', 'ms', 'lower');
    rec.metric('rps', 'throughput, views kept', 'req/s', 'higher', 'computedRps');
    rec.metric('computedRps', 'throughput, every view computed', 'req/s', 'higher');
    rec.target('p99 ≤ 20 ms', 'p99', 'value', '<=', 20);
    rec.target('p99 ≤ 30 ms with no kept views', 'computedP99', 'value', '<=', 30);

    const random = seededRandom(2023);
    const headers = authHeaders(token);
    const next = () => ({
      method: 'GET' as const,
      path: `/api/departments/${departmentCode('bd', Math.floor(random() * spec.departments))}/years/2023/progress`,
      headers,
    });
    const sides = { kept: { server: api, prefix: '' }, computed: { server: computing, prefix: 'computed' } };
    let failures = 0;
    for (let round = -1; round < runs; round++) {
      for (const name of alternate(Math.max(0, round), 'kept' as const, 'computed' as const)) {
        const { server, prefix } = sides[name];
        const before = cpuBudget(server.child.pid);
        const result = await cannon(server.baseUrl, {
          connections: CONNECTIONS,
          seconds: round < 0 ? Math.min(seconds, 5) : seconds,
          next,
        });
        failures += result.non2xx + result.errors;
        log(
          `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${name.padEnd(8)} ${Math.round(result.perSecond)} req/s p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms ${JSON.stringify(result.statusCodes)}\n` +
            `    ${describeBudget(before, cpuBudget(server.child.pid), result.ok, cpus().length)}`,
        );
        if (round < 0) continue;
        const key = (metric: string) => (prefix ? `${prefix}${metric[0].toUpperCase()}${metric.slice(1)}` : metric);
        rec.add(key('p99'), result.p99Ms);
        rec.add(key('p50'), result.p50Ms);
        rec.add(key('rps'), result.perSecond);
      }
    }
    rec.check('every request answered 200', failures === 0, `${failures} failed`);
    return rec.result();
  } finally {
    await Promise.all([api?.stop(), computing?.stop()]);
    await db.close();
  }
}

/** The read models must hold the whole dataset (the orchestrator's rebuild leaves them so; alone, the worker catches up). */
async function ensureCaughtUp(url: string, pool: import('pg').Pool, log: (line: string) => void): Promise<void> {
  // Every projection's checkpoint: one added since the database was made (a new read model) has none yet.
  const names = TRACKING_PROJECTIONS.map((p) => p.name);
  const behind = await pool.query<{ behind: boolean }>(
    `SELECT count(p.*) < $1 OR bool_or((p.last_transaction_id, p.last_position) < (e.transaction_id, e.global_position)) AS behind
     FROM (SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e
     LEFT JOIN projection_checkpoints p ON p.name = ANY($2::text[])`,
    [names.length, names],
  );
  if (!behind.rows[0].behind) return;
  log('  the read models are behind: the worker catches up first');
  const worker = startChild(
    'bench/servers/worker.js',
    { DATABASE_URL: url, QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}` },
    ['--until-caught-up'],
  );
  try {
    await withTimeout(worker.result, 900_000, () => `the worker did not catch up:\n${worker.tail()}`);
  } finally {
    await worker.stop();
  }
}

/**
 * Asks the api that keeps views for every department once (the state of an api that has served
 * its dashboards for a while), then checks a sample of its answers, now served from what it kept,
 * equals the computing api's.
 */
async function primeAndCompare(rec: Recorder, keptUrl: string, computedUrl: string, token: string, departments: number): Promise<void> {
  const get = async (baseUrl: string, department: string) => {
    const response = await fetch(`${baseUrl}/api/departments/${department}/years/2023/progress`, { headers: authHeaders(token) });
    if (response.status !== 200) throw new Error(`progress of ${department}: ${response.status}`);
    return response.text();
  };
  for (let i = 0; i < departments; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, departments - i) }, (_, j) => get(keptUrl, departmentCode('bd', i + j))));
  }
  const differing: string[] = [];
  const sample = Array.from({ length: Math.min(departments, 25) }, (_, k) => Math.floor((k * departments) / Math.min(departments, 25)));
  for (const i of sample) {
    const department = departmentCode('bd', i);
    if ((await get(keptUrl, department)) !== (await get(computedUrl, department))) differing.push(department);
  }
  rec.check(
    'views served from what the api kept equal freshly computed ones, byte for byte',
    differing.length === 0,
    differing.join(', ') || `${sample.length} departments`,
  );
}

/** A few departments' progress answers against a recount of their activities in SQL. Returns the mean response size. */
async function checkAnswers(rec: Recorder, pool: import('pg').Pool, baseUrl: string, token: string, departments: number): Promise<number> {
  const wrong: string[] = [];
  let compared = 0;
  let bytes = 0;
  const sample = [0, 1, Math.floor(departments / 2), departments - 1];
  for (const i of sample) {
    const department = departmentCode('bd', i);
    const response = await fetch(`${baseUrl}/api/departments/${department}/years/2023/progress`, { headers: authHeaders(token) });
    const text = await response.text();
    bytes += text.length;
    if (response.status !== 200) {
      wrong.push(`${department}: ${response.status}`);
      continue;
    }
    const progress = JSON.parse(text) as ProgressView;
    const plan = (await pool.query<{ doc: Plan }>('SELECT doc FROM rm_plans WHERE key = $1', [`${department}:2023`])).rows[0].doc;
    for (const measure of plan.measures) {
      if (measure.kind === 'measured') continue;
      const answered = progress.measures.find((m) => m.code === measure.code)?.actual;
      const truth = await recount(pool, department, 2023, measure);
      compared++;
      if (answered !== truth) wrong.push(`${department} ${measure.code}: ${answered} ≠ ${truth}`);
    }
  }
  rec.check(
    'the progress answers equal a recount of the activities in SQL',
    wrong.length === 0 && compared > 0,
    wrong.join('; ') || `${compared} figures of ${sample.length} departments`,
  );
  return bytes / sample.length;
}

if (require.main === module) runStandalone('progress-query', progressQueryBenchmark);
