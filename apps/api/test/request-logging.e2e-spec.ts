import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { createTestDatabase, testModule, type TestDatabase, until } from '@app/testing';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap';
import { LOG_DESTINATION } from '../src/http/request-logging';

/**
 * The api's own JSON log lines (pino, through LOG_DESTINATION) while requests carry a real access
 * token in every place and spelling a client might use: the token must never appear in them.
 */
const lines: string[] = [];
const destination = { write: (line: string) => void lines.push(line) };
let db: TestDatabase;
let app: INestApplication;
let baseUrl: string;
let token: string;

const ADMIN = { username: 'log-admin', password: 'log-admin-password' };
const D = '/api/departments/wh-log';

/** Every character percent-encoded, in upper- and lower-case hex. */
const percentAll = (text: string, lower = false) =>
  [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')[lower ? 'toLowerCase' : 'toUpperCase']()}`).join('');

async function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const reply = await fetch(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  // Event streams never end: the status is enough, then the connection is dropped (and logged).
  await reply.body?.cancel();
  return reply.status;
}

/** pino-http logs a request when its response closes: wait until every request sent is logged. */
async function logged(count: number): Promise<string[]> {
  await until(
    `${count} requests logged`,
    () => lines.filter((l) => l.includes('"responseTime"')).length >= count,
    5_000,
    () => lines.join(''),
  );
  return lines;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const moduleRef = await testModule([AppModule], db, {
    LOG_LEVEL: 'info',
    BCRYPT_COST: 4,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    QUEUE_PREFIX: `keywork-log-test-${process.pid}-${Date.now().toString(36)}`,
  })
    .overrideProvider(LOG_DESTINATION)
    .useValue(destination)
    .compile();
  app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app as NestExpressApplication);
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  const created = await fetch(`${baseUrl}/api/departments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ code: 'wh-log', name: '日志测试部门' }),
  });
  expect(created.status).toBe(201);
  // The event stream answers for a department of the read model.
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner, { timeoutMs: 20_000 });
}, 60_000);

afterAll(async () => {
  if (app) {
    await app
      .get<Queue>(getQueueToken(REPORT_QUEUE))
      .obliterate({ force: true })
      .catch(() => undefined);
    await app.close();
  }
  await db?.drop();
});

describe('request logs', () => {
  it('never hold an access token, in any place or encoding, while those requests are served as before', async () => {
    lines.length = 0;
    const statuses = {
      // The query tokens the api accepts (an event stream, the queue admin), each spelling the name differently.
      stream: await get(`${D}/stream?access_token=${token}`),
      streamEncodedName: await get(`${D}/stream?access%5Ftoken=${token}`),
      streamEncodedAll: await get(`${D}/stream?${percentAll('access_token')}=${percentAll(token, true)}`),
      board: await get(`/admin/queues?access_token=${encodeURIComponent(token)}`),
      boardEncoded: await get(`/admin/queues?%61ccess%5ftoken=${percentAll(token)}`),
      // Where no token is accepted: in other parameters, repeated, nested, on a 404.
      other: await get(`/api/departments?x=${token}&y=${token}&y=${token}&z[a]=${percentAll(token)}`, { authorization: `Bearer ${token}` }),
      unknown: await get(`/api/nothing-here?access_token=${token}`),
      // Headers: the bearer token, the queue admin's cookie, a referer holding the query, an id made of the token.
      header: await get('/api/departments', { authorization: `Bearer ${token}` }),
      cookie: await get('/admin/queues', { cookie: `kw_queue_admin=${encodeURIComponent(token)}` }),
      referer: await get('/admin/queues/api/queues', {
        cookie: `kw_queue_admin=${token}`,
        referer: `${baseUrl}/admin/queues?access_token=${token}`,
        'x-request-id': token,
      }),
    };
    expect(statuses).toEqual({
      stream: 200,
      streamEncodedName: 200,
      streamEncodedAll: 200,
      board: 200,
      boardEncoded: 200,
      other: 200,
      unknown: 404,
      header: 200,
      cookie: 200,
      referer: 200,
    });

    const text = (await logged(Object.keys(statuses).length)).join('');
    const signature = token.split('.')[2];
    for (const form of [token, signature, encodeURIComponent(signature), percentAll(signature), percentAll(signature, true)]) {
      expect(text).not.toContain(form);
    }
    // Not vacuous: every request was logged, by its path alone.
    const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual(expect.arrayContaining([`${D}/stream`, '/admin/queues', '/api/departments', '/api/nothing-here']));
    expect(urls.every((url) => !url!.includes('?'))).toBe(true);
  });

  it('carry the request id, the same one the answer names', async () => {
    lines.length = 0;
    const reply = await fetch(`${baseUrl}/api/departments`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-42' } });
    expect(reply.headers.get('x-request-id')).toBe('trace-42');
    const [line] = await logged(1);
    expect(JSON.parse(line)).toMatchObject({ req: { id: 'trace-42', method: 'GET', url: '/api/departments' }, res: { statusCode: 200 } });
  });
});
