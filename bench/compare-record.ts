/**
 * The record-activity path of this checkout against another checkout's (an earlier commit), side
 * by side in one run: each api in its own compiled process on its own database (migrated by its own
 * code), driven alternately by autocannon with the same bodies, and the CPU each api process used
 * per answered request (from /proc, so a loaded machine slows both without changing the figure
 * much). What `http-record` cannot tell: whether a lower ratio to the bare endpoint comes from the
 * code or from the machine.
 *
 *   git worktree add --detach ../before <commit> && ln -s "$PWD/node_modules" ../before/node_modules
 *   npm run bench:compare-record -- --against ../before [--runs N] [--quick]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { alternate } from './lib/drive';
import { Recorder, type BenchResult } from './lib/result';
import * as thisHttp from './lib/http';
import * as thisDb from './lib/db';
import * as thisLoad from './lib/load';
import * as thisSynthetic from './lib/synthetic';
import { ensureBuild } from './lib/processes';

const CONNECTIONS = 16;
const DEPARTMENTS = 20;
const USER = 'bench-staff';

/** The bench helpers of one checkout (the other's are loaded from its own tree, as its code was then). */
interface Checkout {
  http: typeof thisHttp;
  db: typeof thisDb;
  load: typeof thisLoad;
  synthetic: typeof thisSynthetic;
  build: string;
}

/** CPU time (user + system) a process has used so far, ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function otherCheckout(dir: string): Checkout {
  // The other checkout's helpers are found at run time, in the directory given on the command line.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = (name: string): unknown => require(join(dir, 'bench', 'lib', name));
  const processes = lib('processes') as { ensureBuild: (log: (line: string) => void) => string };
  // Its ensureBuild compiles into its own tree unless a build directory is already named.
  delete process.env.BENCH_BUILD_DIR;
  const build = processes.ensureBuild((line) => process.stderr.write(`${line}\n`));
  return {
    http: lib('http') as typeof thisHttp,
    db: lib('db') as typeof thisDb,
    load: lib('load') as typeof thisLoad,
    synthetic: lib('synthetic') as typeof thisSynthetic,
    build,
  };
}

/** Bodies of POST …/activities as the web app sends them. */
function activityBodies(synthetic: typeof thisSynthetic, count: number): string[] {
  const bodies: string[] = [];
  for (const event of synthetic.generateEvents({ departments: 1, years: [2023], activitiesPerDepartmentYear: count, correctionRate: 0 })) {
    if (event.type !== 'activity.recorded.v1') continue;
    const { category, title, occurredOn, role, attributes, alsoCountsFor, notes } = event.data as Record<string, unknown>;
    bodies.push(JSON.stringify({ category, title, occurredOn, role, attributes, alsoCountsFor, notes }));
  }
  return bodies;
}

async function startSide(label: string, checkout: Checkout) {
  const db = await checkout.db.createBenchDatabase(`compare_${label}`);
  await checkout.load.loadEvents(
    db.pool,
    checkout.synthetic.generateEvents({ departments: DEPARTMENTS, years: [2023], activitiesPerDepartmentYear: 30 }),
  );
  await checkout.http.createUser(db.pool, USER, [{ department: '*', role: 'staff' }]);
  process.env.BENCH_BUILD_DIR = checkout.build;
  const api = await checkout.http.startApi(db.url);
  const token = await checkout.http.login(api.baseUrl, USER);
  const bodies = activityBodies(checkout.synthetic, 300);
  let n = 0;
  const next = () => {
    n++;
    return {
      method: 'POST' as const,
      path: `/api/departments/${checkout.synthetic.departmentCode('bd', n % DEPARTMENTS)}/activities`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}`, ...checkout.http.authHeaders(token) },
      body: bodies[n % bodies.length],
    };
  };
  return { db, api, next, stop: async () => (await api.stop(), await db.close()) };
}

export async function compareRecordBenchmark(options: BenchOptions): Promise<BenchResult> {
  if (!options.against) throw new Error('--against <dir>: the other checkout to compare with');
  const againstDir = resolve(options.against);
  const rec = new Recorder('compare-record', `HTTP record-activity: this checkout against ${againstDir}`, options.quick);
  const runs = runsOf(options, 6, 2);
  const seconds = options.quick ? 3 : 10;
  const other = otherCheckout(againstDir);
  delete process.env.BENCH_BUILD_DIR;
  const mine: Checkout = { http: thisHttp, db: thisDb, load: thisLoad, synthetic: thisSynthetic, build: ensureBuild() };
  const head = (dir: string) => {
    try {
      const ref = readFileSync(join(dir, '.git'), 'utf8').trim();
      return ref.startsWith('gitdir:') ? readFileSync(join(ref.slice(8), 'HEAD'), 'utf8').trim() : ref;
    } catch {
      return 'unknown';
    }
  };
  Object.assign(rec.parameters, {
    runs,
    secondsPerRun: seconds,
    connections: CONNECTIONS,
    against: againstDir,
    againstHead: head(againstDir),
  });

  const sides = { this: await startSide('this', mine), other: await startSide('other', other) };
  try {
    rec.metric('this', 'this checkout: POST …/activities', 'req/s', 'higher', 'other');
    rec.metric('other', 'the other checkout: POST …/activities', 'req/s', 'higher');
    rec.metric('thisCpu', "this checkout's api CPU per answered request", 'ms', 'lower', 'otherCpu');
    rec.metric('otherCpu', "the other checkout's api CPU per answered request", 'ms', 'lower');
    let failed = 0;
    for (let round = -1; round < runs; round++) {
      for (const name of alternate(Math.max(0, round), 'this' as const, 'other' as const)) {
        const side = sides[name];
        const pid = side.api.child.pid;
        const cpuBefore = cpuMs(pid);
        const result = await thisHttp.cannon(side.api.baseUrl, {
          connections: CONNECTIONS,
          seconds: round < 0 ? 5 : seconds,
          next: side.next,
        });
        const cpuPerRequest = (cpuMs(pid) - cpuBefore) / Math.max(1, result.ok);
        failed += result.non2xx + result.errors;
        process.stderr.write(
          `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${name.padEnd(5)} ${Math.round(result.perSecond)} req/s p99 ${result.p99Ms} ms, ${cpuPerRequest.toFixed(3)} ms CPU per request\n`,
        );
        if (round < 0) continue;
        rec.add(name, result.perSecond);
        rec.add(`${name}Cpu`, cpuPerRequest);
      }
    }
    rec.check('every request of both sides answered 2xx', failed === 0, `${failed} failed`);
    return rec.result();
  } finally {
    await sides.this.stop();
    await sides.other.stop();
  }
}

if (require.main === module) runStandalone('compare-record', compareRecordBenchmark);
