import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Worker, type Queue } from 'bullmq';
import { REPORT_QUEUE, waitForJob, type ReportJobData } from '@app/reporting/jobs';
import { until } from '@app/testing';
import { startApi, type ApiHarness } from './api-harness';

/**
 * Report requests over HTTP: the per-department quota (429, Chinese message, Retry-After), the
 * job status of a job that names no report of this installation (never a quiet success), and
 * what retention needs from the routes (fetched, published).
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEPARTMENT = 'wh-quota';
const Y = `/api/departments/${DEPARTMENT}/years/2023`;
const R = `/api/departments/${DEPARTMENT}/reports`;
let api: ApiHarness;
let queue: Queue<ReportJobData>;

/** A stored report row, as a build stores it (only the columns these routes read matter). */
async function storedReport(asOf: string, position: number): Promise<string> {
  const id = `report-${DEPARTMENT}-2023-${asOf}-${position}`;
  await api.db.pool.query(
    `INSERT INTO reports (id, department, year, as_of, tenant_position, checkpoint_tx, checkpoint_position, built_at, build_ms, report, xlsx, html)
     VALUES ($1, $2, 2023, $3, $4, '1'::xid8, $4, now(), 1, '{"stored":true}', '\\x00', '<p>报告</p>')`,
    [id, DEPARTMENT, asOf, position],
  );
  return id;
}

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `keywork-test-${process.pid}-${Date.now().toString(36)}`, REPORT_BUILDS_PER_HOUR: 2 });
  expect((await api.request('POST', '/api/departments', { code: DEPARTMENT, name: '配额测试部门' })).status).toBe(201);
  await until(
    'the department projected',
    async () => {
      await api.project();
      return (await api.request('GET', `/api/departments/${DEPARTMENT}`)).status === 200;
    },
    20_000,
  );
  queue = api.app.get(getQueueToken(REPORT_QUEUE));
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await api?.close();
});

describe('report requests over HTTP', () => {
  it('answers 429 with a Chinese message and Retry-After beyond REPORT_BUILDS_PER_HOUR; the same request again is free', async () => {
    api.clock.set('2024-01-10T02:00:00Z');
    for (const asOf of ['2023-01-31', '2023-02-28', '2023-01-31'])
      expect((await api.request('POST', `${Y}/reports`, { asOf })).status).toBe(202);
    const refused = await api.request('POST', `${Y}/reports`, { asOf: '2023-03-31' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(refused.body).toMatchObject({ error: 'REPORT.QUOTA_EXCEEDED', quota: 'builds-per-hour', retryAfter: 3600 });
    expect(refused.body.message).toMatch(/本部门每小时最多生成 2 次年终报告，已达上限，请 60 分钟后再试/);
    api.clock.set('2024-01-10T03:00:01Z');
    expect((await api.request('POST', `${Y}/reports`, { asOf: '2023-03-31' })).status).toBe(202);
  });

  it('fails loudly on a finished job that names no report of this installation, and answers 410 for one retention removed', async () => {
    await queue.obliterate({ force: true });
    let hours = 0;
    const newer = await storedReport('2023-05-31', 9);
    // Not the report builder: what another installation's worker on the same queue would answer.
    const results: Record<string, unknown> = {
      '2023-04-30': undefined,
      '2023-05-31': { reportId: `report-${DEPARTMENT}-2023-2023-05-31-0` },
      '2023-06-30': { reportId: `report-${DEPARTMENT}-2023-2023-06-30-0` },
    };
    const worker = new Worker<ReportJobData>(REPORT_QUEUE, async (job) => results[job.data.asOf!], {
      connection: { url: REDIS_URL, maxRetriesPerRequest: null },
      prefix: queue.opts.prefix,
    });
    try {
      const status = async (asOf: string) => {
        // Two hours apart: each request is within the quota.
        api.clock.set(new Date(Date.UTC(2024, 0, 11, 2 + 2 * hours++)));
        const accepted = await api.request('POST', `${Y}/reports`, { asOf });
        expect(accepted.status).toBe(202);
        await waitForJob(queue, accepted.body.jobId, 30_000);
        return api.request('GET', accepted.body.statusUrl);
      };
      const noResult = await status('2023-04-30');
      expect([noResult.status, noResult.body.error]).toEqual([500, 'REPORT_JOB.RESULT_MISSING']);
      expect(noResult.body.message).toMatch(/finished without naming a report/);
      const gone = await status('2023-05-31');
      expect([gone.status, gone.body.error, gone.body.newest]).toEqual([410, 'REPORT.SUPERSEDED', newer]);
      const missing = await status('2023-06-30');
      expect([missing.status, missing.body.error]).toEqual([500, 'REPORT.MISSING']);
    } finally {
      await worker.close();
    }
  });

  it('marks a report fetched when downloaded and published when a reporter says so', async () => {
    api.clock.set('2024-01-12T02:00:00Z');
    const id = await storedReport('2023-07-31', 1);
    const listed = async () =>
      ((await api.request('GET', `${Y}/reports`)).body as { id: string; fetchedAt: string | null; publishedAt: string | null }[]).find(
        (r) => r.id === id,
      )!;
    expect(await listed()).toMatchObject({ fetchedAt: null, publishedAt: null });
    expect((await api.request('GET', `${R}/${id}/html`)).status).toBe(200);
    expect((await listed()).fetchedAt).toEqual(expect.any(String));
    const published = await api.request('POST', `${R}/${id}/publish`);
    expect([published.status, published.body.publishedAt]).toEqual([200, '2024-01-12T02:00:00.000Z']);
    expect((await api.request('POST', `${R}/no-such-report/publish`)).status).toBe(404);
  });
});
