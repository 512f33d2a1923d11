import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { EventStore, upcasters, waitForProjections } from '@app/event-store';
import { TRACKING_PROJECTIONS, TRACKING_UPCASTERS } from '@app/tracking';
import { installationId } from '@app/database';
import { REPORT_QUEUE, reportQueuePrefix } from '@app/reporting/jobs';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { Reply, Send } from '../api-harness';
import {
  activityBody,
  actualOf,
  freePort,
  note,
  recount,
  runClients,
  setUpDepartment,
  sleep,
  spawnTs,
  until,
  withSeed,
  type Child,
} from './chaos-kit';

/**
 * The production shape: two api processes and two worker processes (the real apps/api/src/main.ts
 * and apps/worker/src/main.ts, from the TypeScript sources) on one database and one Redis (a
 * queue prefix of their own). Records and report requests go through both apis at once; every
 * projection and every report job must be processed once, and the figures must equal a recount
 * of the raw events.
 */
const COMMANDS = 600;
const CLIENTS = 16;
const DEPARTMENT = 'chaos-multi';
const D = `/api/departments/${DEPARTMENT}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `keywork-chaos-mp-${randomBytes(4).toString('hex')}`;
const ADMIN = { username: 'chaos-admin', password: 'chaos-admin-password-1' };

let db: TestDatabase;
let queue: Queue;
const children: Child[] = [];
let apis: { base: string; send: Send }[] = [];

function sender(base: string, token: string): Send {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, headers: response.headers } as Reply;
  };
}

const outputs = () =>
  children
    .map((c) => `--- ${c.name} (exit ${c.process.exitCode ?? c.process.signalCode ?? 'running'}):\n${c.output().slice(-3000)}`)
    .join('\n');

beforeAll(async () => {
  db = await createTestDatabase();
  queue = new Queue(REPORT_QUEUE, {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix: reportQueuePrefix(PREFIX, await installationId(db.pool)),
  });
  const common = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    DATABASE_POOL_SIZE: '8',
    BCRYPT_COST: '4',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
  };
  const ports = [await freePort(), await freePort()];
  ports.forEach((port, i) =>
    children.push(spawnTs(`api-${i + 1}`, 'apps/api/src/main.ts', { ...common, PORT: String(port), LOG_LEVEL: 'warn' })),
  );
  // info: the workers log each report they build, which the test counts.
  for (const i of [1, 2]) children.push(spawnTs(`worker-${i}`, 'apps/worker/src/main.ts', { ...common, LOG_LEVEL: 'info' }));

  const alive = () => children.every((c) => c.process.exitCode === null && c.process.signalCode === null);
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  await until(
    'both apis healthy',
    async () => {
      if (!alive()) throw new Error(`a process exited during start-up\n${outputs()}`);
      const answers = await Promise.all(
        bases.map((base) =>
          fetch(`${base}/health`).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      return answers.every((status) => status === 200);
    },
    120_000,
    outputs,
  );
  await until(
    'both workers running (projections registered, two queue workers)',
    async () => {
      if (!alive()) throw new Error(`a process exited during start-up\n${outputs()}`);
      const registered = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM projection_checkpoints');
      return registered.rows[0].n === TRACKING_PROJECTIONS.length && (await queue.getWorkersCount()) === 2;
    },
    120_000,
    outputs,
  );
  const login = await fetch(`${bases[0]}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  apis = bases.map((base) => ({ base, send: sender(base, accessToken) }));
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await db?.drop();
});

describe('two api and two worker processes on one database and one Redis', () => {
  it(
    'processes every projection and report job once, and the figures equal a recount of the raw events',
    () =>
      withSeed(async (random) => {
        const [a, b] = apis;
        await setUpDepartment(a.send, DEPARTMENT);
        await until('the department projected by a worker', async () => (await b.send('GET', D)).status === 200, 30_000, outputs);

        // Records through both apis; a quarter repeat an earlier key through the other api.
        const commands: { key: string; api: number }[] = [];
        for (let i = 0; i < COMMANDS; i++) {
          const retry = i > 0 && random() < 0.25 ? commands[Math.max(0, i - 1 - Math.floor(random() * 2 * CLIENTS))] : null;
          commands.push(retry ? { key: retry.key, api: 1 - retry.api } : { key: `chaos-multi-${String(i).padStart(5, '0')}`, api: i % 2 });
        }
        const distinct = new Set(commands.map((c) => c.key));
        const answers = new Map<string, { status: number; activityId?: string; replayed: boolean }[]>();

        // Report requests through both apis at once, while the records flow, and once after.
        const requested = new Set<string>();
        const accepted: Record<string, unknown>[] = [];
        const refusedReports: string[] = [];
        const requestReports = async () => {
          const replies = await Promise.all(apis.map((api) => api.send('POST', `${D}/years/2023/reports`, {})));
          for (const reply of replies) {
            if (reply.status === 202) {
              requested.add(reply.body.jobId);
              accepted.push(reply.body);
            } else refusedReports.push(`${reply.status} ${JSON.stringify(reply.body)}`);
          }
          return replies;
        };
        let loading = true;
        const reporter = (async () => {
          while (loading) {
            await requestReports();
            // Pacing, not a wait for anything: a report request every 2.5 s while the records flow.
            await sleep(2500);
          }
        })();
        await runClients(commands, CLIENTS, async ({ key, api }) => {
          const reply = await apis[api].send('POST', `${D}/activities`, activityBody(key), { 'Idempotency-Key': key });
          const list = answers.get(key) ?? [];
          list.push({
            status: reply.status,
            activityId: reply.body?.activityId,
            replayed: reply.headers.get('idempotent-replayed') === 'true',
          });
          answers.set(key, list);
        });
        loading = false;
        await reporter;
        expect(refusedReports).toEqual([]);
        expect([...answers].filter(([, list]) => list.some((x) => x.status !== 201))).toEqual([]);
        expect([...answers].filter(([, list]) => new Set(list.map((x) => x.activityId)).size !== 1).map(([key]) => key)).toEqual([]);
        expect([...answers].filter(([, list]) => list.filter((x) => !x.replayed).length !== 1).map(([key]) => key)).toEqual([]);

        // The workers catch up; then one more request through both apis at once is one job.
        await waitForProjections(db.pool, new EventStore(db.pool, upcasters(TRACKING_UPCASTERS)), { timeoutMs: 30_000 });
        const [finalA, finalB] = await requestReports();
        expect(finalA.body.jobId).toBe(finalB.body.jobId);
        const finalJob = finalA.body.jobId as string;
        expect(requested.size).toBeGreaterThanOrEqual(2);

        await until(
          'every requested report job completed',
          async () => (await Promise.all([...requested].map((id) => queue.getJobState(id)))).every((state) => state === 'completed'),
          90_000,
          outputs,
        );

        // Projections processed once: the read models and the figure equal the raw events.
        const truth = await recount(db.pool, DEPARTMENT);
        expect(truth).toEqual({ streams: distinct.size, recorded: distinct.size, projected: distinct.size, counted: distinct.size });
        expect(await actualOf(b.send, DEPARTMENT)).toBe(distinct.size);

        // Each job built once across both workers, and its result names a stored report that
        // reflects at least the position it was requested at (a report is stored under the
        // position it was built from: one per state, a later state when records came meanwhile).
        const builds = new Map<string, number>();
        for (const child of children.filter((c) => c.name.startsWith('worker'))) {
          for (const match of child.output().matchAll(/"msg":"built (\S+) \(job (\S+), attempt \d+\)"/g))
            builds.set(match[2], (builds.get(match[2]) ?? 0) + 1);
        }
        expect(Object.fromEntries(builds)).toEqual(Object.fromEntries([...requested].map((id) => [id, 1])));
        const stored = await db.pool.query<{ id: string; tenant_position: number }>('SELECT id, tenant_position FROM reports ORDER BY id');
        const positionOf = new Map(stored.rows.map((r) => [r.id, r.tenant_position]));
        const results = new Map<string, string>();
        for (const jobId of requested) {
          const job = await apis[results.size % 2].send('GET', `/api/departments/${DEPARTMENT}/reports/jobs/${jobId}`);
          expect(job.body).toMatchObject({ state: 'completed', result: { reportId: expect.any(String) } });
          const reportId = job.body.result.reportId as string;
          results.set(jobId, reportId);
          expect(positionOf.get(reportId)).toBeGreaterThanOrEqual(Number(jobId.slice(jobId.lastIndexOf('-') + 1)));
        }
        expect(stored.rows.map((r) => r.id)).toEqual([...new Set(results.values())].sort());
        // Any report id a 202 handed out must exist (the job's result is the way to it).
        for (const body of accepted.filter((x) => x.reportId !== undefined)) {
          expect({ reportId: body.reportId, status: (await a.send('GET', `${D}/reports/${String(body.reportId)}`)).status }).toEqual({
            reportId: body.reportId,
            status: 200,
          });
        }
        note('multi-process', {
          commands: COMMANDS,
          distinctKeys: distinct.size,
          reportJobs: requested.size,
          storedReports: stored.rows.length,
        });
        expect(positionOf.get(results.get(finalJob)!)).toBe(Number(finalJob.slice(finalJob.lastIndexOf('-') + 1)));

        // Every stored report counts exactly the activities recorded up to its position: the final
        // one all of them.
        for (const { id, tenant_position } of stored.rows) {
          const reply = await b.send('GET', `${D}/reports/${id}`);
          expect(reply.status).toBe(200);
          const row = reply.body.report.keyWork.find((r: { no: number }) => r.no === 1);
          const counted: string[] = row.activities
            .filter((x: { counted: boolean }) => x.counted)
            .map((x: { id: string }) => x.id)
            .sort();
          const recorded = await db.pool.query<{ id: string }>(
            `SELECT substr(stream_id, ${'activity-'.length + 1}) AS id FROM events
         WHERE tenant = $1 AND type = 'activity.recorded.v1' AND global_position <= $2 ORDER BY 1`,
            [DEPARTMENT, tenant_position],
          );
          expect({ id, counted }).toEqual({ id, counted: recorded.rows.map((r) => r.id) });
          expect(row.targets[0].actual).toBe(counted.length);
        }
        const finalReport = (await a.send('GET', `${D}/reports/${results.get(finalJob)}`)).body.report;
        expect(finalReport.keyWork.find((r: { no: number }) => r.no === 1).targets[0].actual).toBe(distinct.size);
      }),
    240_000,
  );
});
