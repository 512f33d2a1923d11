import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../api-harness';
import { activityBody, note, setUpDepartment, sleep, startPrivateRedis, timed, until, type PrivateRedis } from './chaos-kit';

/**
 * Redis (the report queue) goes away under a running api: recording must not notice, report
 * requests must fail fast and say why, and once Redis is back they must work again without an
 * api restart. The Redis is the test's own (the shared one at 6379 serves other sessions).
 */
const DEPARTMENT = 'chaos-redis';
const D = `/api/departments/${DEPARTMENT}`;
/** Long enough for a client's reconnect back-off to grow well past its first steps. */
const OUTAGE_MS = 12_000;

let redis: PrivateRedis;
let api: ApiHarness;

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startApi({ REDIS_URL: redis.url, QUEUE_PREFIX: `keywork-chaos-${randomBytes(4).toString('hex')}` });
  await setUpDepartment(api.request, DEPARTMENT);
  await api.project();
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
});

describe('Redis stopped while the api runs', () => {
  it('keeps recording, refuses reports fast with 503 and a clear message, and takes reports again once Redis is back', async () => {
    const requestReport = () => timed(api.request, 'POST', `${D}/years/2023/reports`, {});
    const before = await requestReport();
    expect(before.status).toBe(202);

    await redis.stop();
    const downSince = Date.now();

    // Recording never touches Redis.
    let n = 0;
    const record = async () => {
      const reply = await timed(api.request, 'POST', `${D}/activities`, activityBody(`redis-down-${n++}`));
      expect({ status: reply.status, fast: reply.ms < 3000 }).toEqual({ status: 201, fast: true });
    };
    for (let i = 0; i < 10; i++) await record();

    // Report requests fail fast, several times over the outage, while the client backs off.
    const refusals: { status: number; ms: number; error: string; message: string; retryAfter: string | null }[] = [];
    while (Date.now() - downSince < OUTAGE_MS) {
      const refused = await requestReport();
      refusals.push({
        status: refused.status,
        ms: refused.ms,
        error: refused.body?.error,
        message: refused.body?.message,
        retryAfter: refused.headers.get('retry-after'),
      });
      await record();
      // Pacing over an outage of fixed length (OUTAGE_MS is the point: the back-off must grow).
      await sleep(1000);
    }
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ status: 503, error: 'QUEUE.UNAVAILABLE', retryAfter: expect.stringMatching(/^\d+$/) });
      expect(refusal.ms).toBeLessThan(3000);
      expect(refusal.message).toMatch(/Redis/);
      expect(refusal.message).toMatch(/recording activities still works/);
    }
    const health = await api.as(null).request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'up', redis: 'down' });

    // Back on the same port: the api's own connection finds it again, no restart.
    await redis.start();
    const backAt = Date.now();
    let after = await requestReport();
    if (after.status !== 202)
      await until('a report request accepted once Redis is back', async () => (after = await requestReport()).status === 202, 15_000);
    const recoveredInMs = Date.now() - backAt;
    note('redis-outage', {
      recorded: n,
      refusals: refusals.length,
      slowestRefusalMs: Math.max(...refusals.map((r) => r.ms)),
      recoveredInMs,
    });
    expect(after.status).toBe(202);
    // Within a retry a user would wait for, not the up to 20 s of a grown reconnect back-off.
    expect(recoveredInMs).toBeLessThan(3000);
    const job = await api.request('GET', `/api/departments/${DEPARTMENT}/reports/jobs/${after.body.jobId}`);
    expect(job.status).toBe(200);
    expect(job.body.state).toBe('waiting');
    // /health has a connection of its own, with its own (2 s at most) reconnect back-off.
    await until('/health sees Redis again', async () => (await api.as(null).request('GET', '/health')).body.redis === 'up', 5000);
    // Everything recorded during the outage is in the store.
    const stored = await api.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM streams WHERE tenant = $1 AND stream_id LIKE 'activity-%'`,
      [DEPARTMENT],
    );
    expect(stored.rows[0].n).toBe(n);
  }, 90_000);
});
