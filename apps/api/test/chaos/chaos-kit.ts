/**
 * Tools of the chaos suite: child processes started from the TypeScript sources, a private
 * redis-server and a private PostgreSQL cluster the tests may stop and restart (the shared ones at
 * 6379 and 5432 serve other sessions and are never touched), seeded randomness (TEST_SEED) and small helpers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Pool } from 'pg';
import { createPool, migrate } from '@app/database';
import { assertTestDatabaseName, type TestDatabase, stopChild } from '@app/testing';
import type { Reply, Send } from '../api-harness';
export { seededRandom, until, withSeed } from '@app/testing';

export const ROOT = process.cwd();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** With CHAOS_VERBOSE=1, one line of what a scenario did (counts, timings) on stderr. */
export function note(scenario: string, facts: Record<string, unknown>): void {
  if (process.env.CHAOS_VERBOSE) process.stderr.write(`[chaos] ${scenario} ${JSON.stringify(facts)}\n`);
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `clients` loops at once, each taking the next item until none are left. */
export async function runClients<T>(
  items: readonly T[],
  clients: number,
  each: (item: T, index: number, client: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < items.length) {
        const index = next++;
        await each(items[index], index, client);
      }
    }),
  );
}

/** A request with its wall-clock duration. */
export async function timed(send: Send, ...args: Parameters<Send>): Promise<Reply & { ms: number }> {
  const started = Date.now();
  const reply = await send(...args);
  return { ...reply, ms: Date.now() - started };
}

/** A department with one counted measure and a key-work target on it, so progress and reports show its figure. */
export async function setUpDepartment(send: Send, code: string, measure = 'major-events', category = 'major-event'): Promise<void> {
  const expectCreated = (reply: Reply, what: string) => {
    if (reply.status !== 201) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  expectCreated(await send('POST', '/api/departments', { code, name: `混沌测试部门 ${code}` }), 'create department');
  const plan = (kind: string, change: Record<string, unknown>) =>
    send('POST', `/api/departments/${code}/years/2023/plan/changes`, { kind, change });
  expectCreated(
    await plan('define-measure', {
      measure: { code: measure, name: '重要外事活动', unit: '场', kind: 'count', category, valueType: 'count' },
    }),
    'define measure',
  );
  expectCreated(
    await plan('set-key-work-item', { item: { no: 1, matter: '举办重要外事活动 5 场以上', content: '重要外事活动', milestones: [] } }),
    'key-work item',
  );
  expectCreated(
    await plan('set-target', { target: { id: 'kw-1', plan: { kind: 'key-work', item: 1 }, measure, direction: '>=', value: 5 } }),
    'target',
  );
}

/**
 * The body of a record command: the same key always sends the same body (a retry). Days spread
 * over 2023: thousands of near-identical titles on one day would make the likely-duplicate
 * warning compare every pair of them (see docs/reliability.md).
 */
export function activityBody(key: string, category = 'major-event') {
  let hash = 0;
  for (const c of key) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) >>> 0;
  const occurredOn = new Date(Date.UTC(2023, 0, 1 + (hash % 365))).toISOString().slice(0, 10);
  return { category, title: `混沌测试活动 ${key}`, occurredOn, role: '主办', attributes: { participants: 10 } };
}

/** The measure's actual in the department's 2023 progress. */
export async function actualOf(send: Send, department: string, measure = 'major-events'): Promise<number | null> {
  const progress = await send('GET', `/api/departments/${department}/years/2023/progress`);
  if (progress.status !== 200) throw new Error(`progress: ${progress.status} ${JSON.stringify(progress.body)}`);
  return progress.body.measures.find((m: { code: string }) => m.code === measure).actual;
}

/**
 * The department's activities counted in the raw events (streams, recorded events) beside the
 * read models (rows, the per-category counts): all four must equal what the test knows it sent.
 */
export async function recount(db: Pick<Pool, 'query'>, department: string) {
  const found = await db.query<{ streams: number; recorded: number; projected: number; counted: number }>(
    `SELECT (SELECT count(*)::int FROM streams WHERE tenant = $1 AND stream_id LIKE 'activity-%') AS streams,
            (SELECT count(*)::int FROM events WHERE tenant = $1 AND type = 'activity.recorded.v1') AS recorded,
            (SELECT count(*)::int FROM rm_activities WHERE department = $1) AS projected,
            (SELECT COALESCE(sum(count), 0)::int FROM rm_activity_aggregates WHERE department = $1) AS counted`,
    [department],
  );
  return found.rows[0];
}

// --- child processes from the TypeScript sources ------------------------------------------------

export interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `script` (a .ts file relative to the repository root) with ts-node, transpile-only: no
 * build needed; Node 20.19+ loads NestJS 12's ESM through require().
 */
export function spawnTs(name: string, script: string, env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['-r', 'tsconfig-paths/register', 'node_modules/ts-node/dist/bin.js', '--transpile-only', '-P', 'tsconfig.json', script],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    // Enough to count report builds and to show why a process failed; never unbounded.
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    process: child,
    output: () => output,
    exited,
    stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
  };
}

// --- a private redis-server ---------------------------------------------------------------------

export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops it (SIGKILL: nothing is saved anyway). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** `redis-server --port <p> --save '' --appendonly no` as a child of the test: stopping it touches nobody else. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server: ChildProcess | null = null;
  const start = async () => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not start:\n${output}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on ${port} exited (${code}):\n${output}`));
      });
    });
  };
  const stop = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}

// --- a private PostgreSQL cluster ---------------------------------------------------------------

export interface PrivatePostgres {
  port: number;
  /** URL of its migrated database `keywork_test_chaos`. */
  url: string;
  /** A TestDatabase for startApi(): its drop() ends the pool and removes the whole cluster. */
  database: TestDatabase;
  /** A fast shutdown: sessions are terminated, in-flight transactions roll back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  destroy(): Promise<void>;
}

const PG_BIN = (() => {
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    return versions.length > 0 ? `/usr/lib/postgresql/${versions[0]}/bin` : null;
  } catch {
    return null;
  }
})();

/** Runs a PostgreSQL program as the `postgres` OS user, without blocking this process (the api under test runs in it). */
function asPostgres(command: string, args: string[]): Promise<void> {
  if (!PG_BIN) return Promise.reject(new Error('No PostgreSQL server binaries under /usr/lib/postgresql'));
  return new Promise((resolve, reject) => {
    const child = spawn('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/**
 * initdb into a fresh temporary directory owned by `postgres`, started on a free port with its
 * socket in /tmp, and a migrated database named *test* (the guard's rule). The shared cluster
 * at 5432 is never touched.
 */
export async function startPrivatePostgres(poolSize = 10): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'keywork-chaos-pg-'));
  chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), ...args]);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  // fsync off: a test cluster, thrown away after; the restart is a fast shutdown, not a crash.
  const start = () =>
    pgCtl('-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, '-w', '-t', '30', 'start');
  await start();
  const name = 'keywork_test_chaos';
  assertTestDatabaseName(name);
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${port}/${name}`;
  await migrate(url);
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined); // already stopped
    rmSync(dir, { recursive: true, force: true });
  };
  const pool = createPool(url, poolSize);
  return {
    port,
    url,
    database: {
      name,
      url,
      pool,
      async drop() {
        await pool.end().catch(() => undefined);
        await destroy();
      },
    },
    stop: () => pgCtl('-m', 'fast', '-w', '-t', '30', 'stop'),
    start,
    destroy,
  };
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
