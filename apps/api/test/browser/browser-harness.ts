import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { getQueueToken } from '@nestjs/bullmq';
import { Worker, type Queue } from 'bullmq';
import { Pool } from 'pg';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { EventStore, PROJECTED_CHANNEL, ProjectionRunner, waitForProjections } from '@app/event-store';
import { ReportBuilder, REPORT_QUEUE, type ReportJobData, type ReportJobResult } from '@app/reporting/jobs';
import { parseDataset, DatasetImporter, TRACKING_PROJECTIONS, Streams } from '@app/tracking';
import { ProjectionNotices } from '../../src/web/projection-notices.service';
import { startApi, type ApiHarness } from '../api-harness';

/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the real api
 * on a test database with the office's 2023 year, the projection runner (with its NOTIFY) and a
 * report worker running in-process. Run scripts/install-browser.sh once to get Chromium and CJK fonts.
 */

/** The demo accounts (`npm run users -- demo`), with the names the pages show. */
export const CREDENTIALS = {
  admin: { username: 'admin', password: 'admin-demo-2023', displayName: '系统管理员' },
  staff: { username: 'staff', password: 'staff-demo-2023', displayName: '张经办' },
  leader: { username: 'leader', password: 'leader-demo-2023', displayName: '李领导' },
  reporter: { username: 'reporter', password: 'reporter-demo-2023', displayName: '王报表' },
  auditor: { username: 'auditor', password: 'auditor-demo-2023', displayName: '赵审计' },
} as const;
export type Who = Exclude<keyof typeof CREDENTIALS, 'admin'>;

export const DEPARTMENT = 'wh-fao';
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserStack {
  api: ApiHarness;
  browser: Browser;
  /** What the pages reported as errors (uncaught exceptions, console errors other than 4xx). */
  pageErrors: string[];
  reportQueue(): Queue;
  /** Headers that act as this demo user on the API. */
  actingAs(who: Who): Promise<Record<string, string>>;
  /** A page in a context of its own (1440 × 900 unless `options` say otherwise). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Signs in through the sign-in page, then opens `path` (`/wh-fao/2023/dashboard`). */
  signIn(who: Who, path: string, options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the api, the projections, a report worker and Chromium, with the 2023 dataset and the demo accounts. */
export async function startBrowserStack(): Promise<BrowserStack> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/install-browser.sh (installs Debian's chromium and fonts-noto-cjk), then run the browser tests again`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  // A queue of this run's own (parallel runs share one Redis); a first admin when accounts exist.
  const saved: Record<string, string | undefined> = {};
  const env = {
    QUEUE_PREFIX: `keywork-web-test-${process.pid}-${randomBytes(4).toString('hex')}`,
    ADMIN_USERNAME: CREDENTIALS.admin.username,
    ADMIN_PASSWORD: CREDENTIALS.admin.password,
    BCRYPT_COST: '4',
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  const api = await startApi();
  api.clock.set('2023-11-15T02:00:00Z');
  const pool = api.app.get(Pool);
  const store = api.app.get(EventStore);
  const reportQueue = () => api.app.get<Queue>(getQueueToken(REPORT_QUEUE));

  // The worker's projection loop, with its NOTIFY after each batch (what wakes the dashboards).
  const runner = new ProjectionRunner(pool, store, TRACKING_PROJECTIONS, {
    pollIntervalMs: 100,
    onApplied: (projection, events) => {
      const departments = [...new Set(events.map((e) => e.tenant))].slice(0, 50);
      pool.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, JSON.stringify({ projection, departments })]).catch(() => undefined);
    },
  });
  await runner.prepare();
  runner.start();

  const dataset = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));
  await new DatasetImporter(api.app.get(CommandBus), api.app.get(Streams)).import(dataset);
  await waitForProjections(pool, store, { timeoutMs: 30_000 });
  await api.app.get(ProjectionNotices).ready();

  // The report processor of apps/worker, in-process on this run's queue.
  const builder = api.app.get(ReportBuilder);
  const reportWorker = new Worker<ReportJobData, ReportJobResult>(
    REPORT_QUEUE,
    async (job) => ({ reportId: await builder.build(job.data, (percent) => job.updateProgress(percent)) }),
    { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: reportQueue().opts.prefix, concurrency: 1 },
  );

  // The demo accounts of the department, through the users API as the bootstrapped admin.
  const adminLogin = await api.request('POST', '/api/auth/login', {
    username: CREDENTIALS.admin.username,
    password: CREDENTIALS.admin.password,
  });
  expect(adminLogin.status).toBe(200);
  const adminAuth = { authorization: `Bearer ${adminLogin.body.accessToken}` };
  for (const role of ['staff', 'leader', 'reporter', 'auditor'] as const) {
    const { username, password, displayName } = CREDENTIALS[role];
    const created = await api.request(
      'POST',
      '/api/users',
      { username, password, displayName, roles: [{ department: DEPARTMENT, role }] },
      adminAuth,
    );
    expect([201, 409]).toContain(created.status);
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // 4xx answers are part of the scenarios (a faked 400, the 401 before a refresh, the 409 conflict).
      if (message.type() === 'error' && !/status of 4\d\d|EventSource/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
    });
    return page;
  };

  return {
    api,
    browser,
    pageErrors,
    reportQueue,
    async actingAs(who) {
      const login = await api.request('POST', '/api/auth/login', {
        username: CREDENTIALS[who].username,
        password: CREDENTIALS[who].password,
      });
      expect(login.status).toBe(200);
      return { authorization: `Bearer ${login.body.accessToken}` };
    },
    newPage,
    async signIn(who, path, options) {
      const page = await newPage(options);
      await page.goto(`${api.baseUrl}/#${path}`);
      await page.locator('#username').fill(CREDENTIALS[who].username);
      await page.locator('#password').fill(CREDENTIALS[who].password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('[data-testid="department-name"], [data-testid="not-found"]').first().waitFor();
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await reportWorker.close().catch(() => undefined);
      await reportQueue()
        .obliterate({ force: true })
        .catch(() => undefined);
      await runner.stop();
      await api.close();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
