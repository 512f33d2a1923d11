import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Pool } from 'pg';
import { AppConfig, Clock, MonotonicTime } from '@app/config';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { FixedClock, ManualTime, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any field of any reply
  body: any;
  headers: Headers;
}

export type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

/** A signed-in test user: its password and the tokens of its login. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** The harness's first admin, unless the environment names one (ADMIN_USERNAME / ADMIN_PASSWORD). */
export const ADMIN = { username: 'test-admin', password: 'test-admin-password' };

export interface ApiHarness {
  db: TestDatabase;
  app: INestApplication;
  clock: FixedClock;
  /** The api's elapsed time (the principal cache's TTL): it moves only on `time.advance(ms)`. */
  time: ManualTime;
  baseUrl: string;
  /** The admin created at boot from ADMIN_USERNAME / ADMIN_PASSWORD; `request` sends its token. */
  admin: TestUser;
  /** Applies every stored event to the read models (the worker's job, done in-process here). */
  project(): Promise<void>;
  /** A request with the admin's token, unless `headers` has its own Authorization. */
  request: Send;
  /** Requests as this user (or with this raw access token), or with no token at all (null). */
  as(user: TestUser | string | null): { request: Send };
  /** Creates a user with these roles ('staff:wh-fao', 'admin') through the API and signs it in. */
  createUser(username: string, roles: string[]): Promise<TestUser>;
  /** POST /api/auth/login. */
  login(username: string, password: string): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * The real api on a fresh database (or `options.db`, e.g. a private PostgreSQL of a chaos test;
 * close() calls its drop()) and an ephemeral port, with a clock the test sets and elapsed time it advances.
 */
export async function startApi(overrides: Partial<AppConfig> = {}, options: { db?: TestDatabase } = {}): Promise<ApiHarness> {
  const db = options.db ?? (await createTestDatabase());
  const clock = new FixedClock();
  const time = new ManualTime();
  const fromEnv = process.env.ADMIN_USERNAME && process.env.ADMIN_PASSWORD;
  const config: Partial<AppConfig> = {
    ...(process.env.BCRYPT_COST ? {} : { BCRYPT_COST: 4 }),
    ...(fromEnv ? {} : { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password }),
    ...overrides,
  };
  const moduleRef = await testModule([AppModule], db, config)
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(MonotonicTime)
    .useValue(time)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();

  const send = async (
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const own = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token !== null && !own ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const login = (username: string, password: string) => send(null, 'POST', '/api/auth/login', { username, password });
  const signIn = async (username: string, password: string): Promise<TestUser> => {
    const reply = await login(username, password);
    if (reply.status !== 200) throw new Error(`login of ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { id: reply.body.user.id, username, password, accessToken: reply.body.accessToken, refreshToken: reply.body.refreshToken };
  };
  const admin = await signIn(moduleRef.get(AppConfig).ADMIN_USERNAME, moduleRef.get(AppConfig).ADMIN_PASSWORD);

  return {
    db,
    app,
    clock,
    time,
    baseUrl,
    admin,
    async project() {
      await catchUpProjections(app.get(Pool), runner, { timeoutMs: 20_000 });
    },
    request: (method, path, body, headers) => send(admin.accessToken, method, path, body, headers),
    as(user) {
      const token = user === null ? null : typeof user === 'string' ? user : user.accessToken;
      return { request: (method, path, body, headers) => send(token, method, path, body, headers) };
    },
    async createUser(username, roles) {
      const password = `password-of-${username}`;
      const grants = roles.map((r) => {
        const [role, department = '*'] = r.split(':');
        return { role, department };
      });
      const created = await send(admin.accessToken, 'POST', '/api/users', { username, password, roles: grants });
      if (created.status !== 201) throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
      return signIn(username, password);
    },
    login,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
