/**
 * The record-activity path of this checkout against another checkout's (an earlier commit), side
 * by side in one run: each api in its own compiled process on its own database, set up by that
 * checkout's own bench helpers and domain code (a small script run in its tree), driven
 * alternately by autocannon with each side's own request bodies, and the CPU each api process used
 * per answered request (from /proc, so a loaded machine slows both without changing the figure
 * much). What `http-record` cannot tell: whether a lower ratio to the bare endpoint comes from the
 * code or from the machine.
 *
 *   git worktree add --detach ../before <commit> && ln -s "$PWD/node_modules" ../before/node_modules
 *   npm run bench:compare-record -- --against ../before [--runs N] [--quick]
 *
 * With BENCH_CPU_PROFILE=<file>, each api writes a CPU profile to <file>.this and <file>.other;
 * with BENCH_HEAP_PROFILE=<file>, a sampling heap profile of its whole run (the other checkout's
 * bench/servers/profile.ts must know the variable). The requests each side answered are printed.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { alternate } from './lib/drive';
import { cpuMs, threadCpuMs } from './lib/cpu';
import { authHeaders, cannon } from './lib/http';
import { Recorder, type BenchResult } from './lib/result';

const CONNECTIONS = 16;

/**
 * Run in a checkout's own tree (its tsconfig paths, its domain code): a bench database with 20
 * departments of 2023, a staff user, the compiled api; answers over IPC with what the driver needs.
 */
const SIDE_SCRIPT = `
const dir = process.cwd();
const lib = (name) => require(dir + '/bench/lib/' + name);
const { createBenchDatabase } = lib('db');
const { loadEvents } = lib('load');
const { generateEvents, departmentCode } = lib('synthetic');
const { createUser, startApi, login } = lib('http');
const DEPARTMENTS = 20;
(async () => {
  const db = await createBenchDatabase('compare_' + process.env.COMPARE_SIDE);
  await loadEvents(db.pool, generateEvents({ departments: DEPARTMENTS, years: [2023], activitiesPerDepartmentYear: 30 }));
  await createUser(db.pool, 'bench-staff', [{ department: '*', role: 'staff' }]);
  // BENCH_CPU_PROFILE=<file> profiles both apis, into <file>.this and <file>.other.
  // BENCH_HEAP_PROFILE=<file> samples both apis' allocations, into <file>.this and <file>.other.
  const profile = process.env.BENCH_CPU_PROFILE;
  const heap = process.env.BENCH_HEAP_PROFILE;
  const side = process.env.COMPARE_SIDE;
  const api = await startApi(db.url, {
    ...(profile ? { BENCH_CPU_PROFILE: profile + '.' + side } : {}),
    ...(heap ? { BENCH_HEAP_PROFILE: heap + '.' + side } : {}),
  });
  const token = await login(api.baseUrl, 'bench-staff');
  const bodies = [];
  for (const event of generateEvents({ departments: 1, years: [2023], activitiesPerDepartmentYear: 300, correctionRate: 0 })) {
    if (event.type !== 'activity.recorded.v1') continue;
    const { category, title, occurredOn, role, attributes, alsoCountsFor, notes } = event.data;
    bodies.push(JSON.stringify({ category, title, occurredOn, role, attributes, alsoCountsFor, notes }));
  }
  const departments = Array.from({ length: DEPARTMENTS }, (_, i) => departmentCode('bd', i));
  process.on('message', async () => {
    await api.stop();
    await db.close();
    process.exit(0);
  });
  process.send({ ready: { baseUrl: api.baseUrl, pid: api.child.pid, token, bodies, departments } });
})().catch((error) => {
  process.send({ failed: String(error && error.stack ? error.stack : error) });
  process.exit(1);
});
`;

interface Side {
  baseUrl: string;
  /** The api process (its CPU time is read from /proc). */
  pid: number;
  token: string;
  bodies: string[];
  departments: string[];
  process: ChildProcess;
}

/** Each thread name's CPU per request between two readings, largest first: `main 0.91, node 0.20`. */
function threadShares(before: Map<string, number>, after: Map<string, number>, requests: number): string {
  return [...after]
    .map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / Math.max(1, requests)] as const)
    .filter(([, perRequest]) => perRequest > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, perRequest]) => `${name} ${perRequest.toFixed(3)}`)
    .join(', ');
}

/** The commit a checkout has out. */
function headOf(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function startSide(label: string, dir: string, script: string): Promise<Side> {
  const child = fork(script, [], {
    cwd: dir,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_PROJECT: join(dir, 'tsconfig.json'), COMPARE_SIDE: label, BENCH_BUILD_DIR: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolveSide, reject) => {
    child.once('message', (message: { ready?: Omit<Side, 'process'>; failed?: string }) =>
      message.ready ? resolveSide({ ...message.ready, process: child }) : reject(new Error(`${label}: ${message.failed}`)),
    );
    child.once('exit', (code) => reject(new Error(`${label}: the side process exited (${code}) before it was ready`)));
  });
}

function stopSide(side: Side): Promise<void> {
  return new Promise((done) => {
    side.process.once('exit', () => done());
    side.process.send('stop');
  });
}

export async function compareRecordBenchmark(options: BenchOptions): Promise<BenchResult> {
  if (!options.against) throw new Error('--against <dir>: the other checkout to compare with');
  const dirs = { this: resolve(__dirname, '..'), other: resolve(options.against) };
  const rec = new Recorder('compare-record', `HTTP record-activity: this checkout against ${dirs.other}`, options.quick);
  const runs = runsOf(options, 6, 2);
  const seconds = options.quick ? 3 : 10;
  Object.assign(rec.parameters, {
    runs,
    secondsPerRun: seconds,
    connections: CONNECTIONS,
    thisHead: headOf(dirs.this),
    against: dirs.other,
    againstHead: headOf(dirs.other),
  });
  const scratch = mkdtempSync(join(tmpdir(), 'compare-record-'));
  const script = join(scratch, 'side.js');
  writeFileSync(script, SIDE_SCRIPT);
  const sides: Partial<Record<'this' | 'other', Side>> = {};
  try {
    // One after the other: each compiles its checkout's servers when they are stale.
    sides.this = await startSide('this', dirs.this, script);
    sides.other = await startSide('other', dirs.other, script);
    rec.metric('this', 'this checkout: POST …/activities', 'req/s', 'higher', 'other');
    rec.metric('other', 'the other checkout: POST …/activities', 'req/s', 'higher');
    rec.metric('thisCpu', "this checkout's api CPU per answered request", 'ms', 'lower', 'otherCpu');
    rec.metric('otherCpu', "the other checkout's api CPU per answered request", 'ms', 'lower');
    let failed = 0;
    const answered = { this: 0, other: 0 };
    for (let round = -1; round < runs; round++) {
      for (const name of alternate(Math.max(0, round), 'this' as const, 'other' as const)) {
        const side = sides[name]!;
        let n = 0;
        const next = () => {
          n++;
          return {
            method: 'POST' as const,
            path: `/api/departments/${side.departments[n % side.departments.length]}/activities`,
            headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}`, ...authHeaders(side.token) },
            body: side.bodies[n % side.bodies.length],
          };
        };
        const cpuBefore = cpuMs(side.pid);
        const threadsBefore = threadCpuMs(side.pid);
        // The warm-up as long as a round: JIT and pools settle slowly on a loaded machine.
        const result = await cannon(side.baseUrl, { connections: CONNECTIONS, seconds, next });
        const cpuPerRequest = (cpuMs(side.pid) - cpuBefore) / Math.max(1, result.ok);
        failed += result.non2xx + result.errors;
        answered[name] += result.ok;
        process.stderr.write(
          `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${name.padEnd(5)} ${Math.round(result.perSecond)} req/s p99 ${result.p99Ms} ms, ${cpuPerRequest.toFixed(3)} ms CPU per request (${threadShares(threadsBefore, threadCpuMs(side.pid), result.ok)})\n`,
        );
        if (round < 0) continue;
        rec.add(name, result.perSecond);
        rec.add(`${name}Cpu`, cpuPerRequest);
      }
    }
    process.stderr.write(`  answered in all (warm-up included): this ${answered.this}, other ${answered.other}\n`);
    rec.check('every request of both sides answered 2xx', failed === 0, `${failed} failed`);
    return rec.result();
  } finally {
    await Promise.all(Object.values(sides).map(stopSide));
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone('compare-record', compareRecordBenchmark);
