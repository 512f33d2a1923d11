import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { AccountStore } from '@app/accounts';
import type { RoleGrant } from '@app/accounts';
import { startChild, type Child } from './processes';

export const BENCH_PASSWORD = 'bench-password-2023';

/** Creates a user in the bench database the way the `users` CLI does (bcrypt cost 4: set-up only). */
export async function createUser(pool: Pool, username: string, roles: RoleGrant[]): Promise<void> {
  await new AccountStore(pool, { BCRYPT_COST: 4 }).create({ username, password: BENCH_PASSWORD, displayName: username, roles });
}

/** POST /api/auth/login: the access token of that user. */
export async function login(baseUrl: string, username: string, password = BENCH_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (response.status !== 200 || !body.accessToken) throw new Error(`login of ${username}: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** The one place the benchmarks put the access token on a request. */
export const authHeaders = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export interface ApiServer {
  baseUrl: string;
  child: Child;
  stop(): Promise<void>;
}

/**
 * The real api in a child process, configured by environment as in production (default log
 * level, the default pool size), on its own Redis key prefix. `cwd` is the folder it runs in: its
 * apps/web are the pages it serves (another checkout's, to compare its web files with these in one run).
 */
export async function startApi(databaseUrl: string, env: Record<string, string> = {}, cwd?: string): Promise<ApiServer> {
  const child = startChild(
    'bench/servers/api-server.js',
    {
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info',
      ACCESS_TOKEN_TTL: '3600',
      NODE_ENV: 'development',
      ...env,
    },
    [],
    [],
    cwd,
  );
  const ready = await withTimeout(child.ready, 60_000, () => `the api did not start:\n${child.tail()}`);
  return { baseUrl: `http://127.0.0.1:${ready.port}`, child, stop: () => child.stop() };
}

export async function startBare(databaseUrl: string): Promise<ApiServer> {
  const child = startChild('bench/servers/bare-server.js', { DATABASE_URL: databaseUrl });
  const ready = await withTimeout(child.ready, 60_000, () => `the bare server did not start:\n${child.tail()}`);
  return { baseUrl: `http://127.0.0.1:${ready.port}`, child, stop: () => child.stop() };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CannonResult {
  /** 2xx responses per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

export interface CannonRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** autocannon with `connections` closed-loop connections; `next()` builds each request. */
export async function cannon(
  baseUrl: string,
  options: { connections: number; seconds: number; next: () => CannonRequest },
): Promise<CannonResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const next = options.next();
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: { ...(request.headers as object), ...next.headers },
            body: next.body,
          };
        },
      },
    ],
  } as autocannon.Options);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number((s as { count: number }).count)]),
  );
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    perSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}
