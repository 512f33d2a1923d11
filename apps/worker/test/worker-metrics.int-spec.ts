import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EventStore } from '@app/event-store';
import { REPORT_JOB_OPTIONS, REPORT_QUEUE, type ReportJobData } from '@app/reporting/jobs';
import { createTestDatabase, testModule, until, type TestDatabase } from '@app/testing';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { WorkerMetricsServer } from '../src/metrics/worker-metrics-server';
import { WorkerModule } from '../src/worker.module';

/**
 * Issue 17: the worker's own /metrics (a bare HTTP server on WORKER_METRICS_PORT), with the
 * worker module running in-process on a test database: its projection runner, its report
 * processor, the report queue in Redis under a prefix of this test's.
 */
const TOKEN = 'worker-metrics-scrape-token-0123456789abcdef';
const LAGGING = 'plans';

let db: TestDatabase;
let app: TestingModule;
let queue: Queue<ReportJobData>;
let url: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, path = '/metrics') =>
  fetch(`${url}${path}`, { headers });

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have: string[] = (match[2] ?? '').match(/\w+="(?:[^"\\]|\\.)*"/g) ?? [];
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

/** An event no projection reads, recorded at `recordedAt`. */
const note = (n: number, recordedAt: Date) =>
  app.get(EventStore).append(`metrics-note-${n}`, [{ type: 'metrics-test.noted.v1', data: { n } }], {
    tenant: 'wh-metrics',
    expected: 'no-stream',
    recordedAt,
  });

const checkpoints = async () =>
  (await app.get(Pool).query<{ name: string; last_position: number }>('SELECT name, last_position FROM projection_checkpoints')).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  app = await testModule([WorkerModule], db, {
    METRICS_TOKEN: TOKEN,
    WORKER_METRICS_PORT: port,
    HOST: '127.0.0.1',
    QUEUE_PREFIX: `keywork-test-metrics-${process.pid}-${Date.now().toString(36)}`,
  }).compile();
  await app.init();
  queue = app.get(getQueueToken(REPORT_QUEUE));
  expect(app.get(WorkerMetricsServer).port).toBe(port);

  // Every projection reads the first note.
  const now = Date.now();
  const first = await note(1, new Date(now - 120_000));
  await until('every projection read the first note', async () =>
    (await checkpoints()).every((c) => c.last_position >= first.lastPosition),
  );
  // A report job naming no department fails at once; another waits a minute.
  await queue.add('year-end', { department: 'no-such-department', year: 2023, asOf: null, tenantPosition: 1 }, REPORT_JOB_OPTIONS);
  await until('the report job for no department failed', async () => (await queue.getJobCounts('failed')).failed === 1);
  await queue.add(
    'year-end',
    { department: 'wh-metrics', year: 2023, asOf: null, tenantPosition: 1 },
    { ...REPORT_JOB_OPTIONS, delay: 60_000 },
  );
  // One projection stops (as at an event it cannot apply); a second note, 90 s after the first, is left for it.
  await app
    .get(Pool)
    .query(`UPDATE projection_checkpoints SET status = 'failed', error = 'stopped by the test', error_position = 0 WHERE name = $1`, [
      LAGGING,
    ]);
  const second = await note(2, new Date(now - 30_000));
  await until('the running projections read the second note', async () =>
    (await checkpoints()).filter((c) => c.name !== LAGGING).every((c) => c.last_position >= second.lastPosition),
  );
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await app?.close();
  await db?.drop();
});

describe("the worker's /metrics", () => {
  it('shows each projection’s lag and failure, the report queue by state and report build durations', async () => {
    const reply = await scrape();
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await reply.text();
    for (const { name } of TRACKING_PROJECTIONS) {
      expect({ name, failed: sample(text, 'keywork_projection_failed', { projection: name }) }).toEqual({
        name,
        failed: name === LAGGING ? 1 : 0,
      });
      if (name === LAGGING) continue;
      expect(sample(text, 'keywork_projection_lag_seconds', { projection: name })).toBe(0);
      expect(sample(text, 'keywork_projection_lag_events', { projection: name })).toBe(0);
    }
    expect(sample(text, 'keywork_projection_lag_seconds', { projection: LAGGING })).toBeCloseTo(90, 0);
    expect(sample(text, 'keywork_projection_lag_events', { projection: LAGGING })).toBeGreaterThanOrEqual(1);

    expect(sample(text, 'keywork_report_queue_jobs', { state: 'delayed' })).toBe(1);
    expect(sample(text, 'keywork_report_queue_jobs', { state: 'failed' })).toBe(1);
    expect(sample(text, 'keywork_report_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'keywork_report_queue_jobs', { state: 'active' })).toBe(0);
    expect(sample(text, 'keywork_report_build_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(sample(text, 'keywork_dependency_up', { dependency: 'database' })).toBe(1);
    expect(sample(text, 'keywork_dependency_up', { dependency: 'redis' })).toBe(1);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('reads the lag again at each scrape', async () => {
    await app
      .get(Pool)
      .query(`UPDATE projection_checkpoints SET status = 'running', error = NULL, error_position = NULL WHERE name = $1`, [LAGGING]);
    await until('the stopped projection caught up', async () => {
      const text = await (await scrape()).text();
      return sample(text, 'keywork_projection_lag_seconds', { projection: LAGGING }) === 0;
    });
    const text = await (await scrape()).text();
    expect(sample(text, 'keywork_projection_failed', { projection: LAGGING })).toBe(0);
  });

  it('answers only the scrape token, and serves nothing but GET /metrics', async () => {
    const none = await scrape({});
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="keywork-metrics"']);
    expect((await scrape({ authorization: `Bearer ${TOKEN.slice(1)}` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` }, '/health')).status).toBe(404);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` }, '/')).status).toBe(404);
  });
});
