import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { Clock } from '@app/config';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { BackendTestModule, FixedClock, createTestDatabase, testModule, type TestDatabase } from '@app/testing';
import { DatasetImporter, parseDataset, TRACKING_PROJECTIONS } from '@app/tracking';
import { ReportBuilder } from './report-builder.service';
import { REPORT_QUEUE, type ReportJobData } from './report-job';
import { ReportQuotaError, ReportRequests } from './report-requests';
import { ReportStore, SUPERSEDED_KEPT_MS } from './report-store';

/** Report quotas (builds per hour, kept reports per year) and retention, on the real PostgreSQL and Redis. */
const T0 = new Date('2024-01-10T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let db: TestDatabase;
let app: TestingModule;
let clock: FixedClock;
let runner: ProjectionRunner;
let store: ReportStore;
let requests: ReportRequests;

/** A stored report row (retention and quotas look only at these columns). */
async function storedReport(row: {
  department: string;
  asOf: string;
  position: number;
  builtAt: Date;
  fetched?: boolean;
  published?: boolean;
}) {
  const id = `report-${row.department}-2023-${row.asOf}-${row.position}`;
  await db.pool.query(
    `INSERT INTO reports (id, department, year, as_of, tenant_position, checkpoint_tx, checkpoint_position, built_at, build_ms, report, xlsx, html, fetched_at, published_at)
     VALUES ($1, $2, 2023, $3, $4, '1'::xid8, $4, $5, 1, '{}', '\\x00', '', $6, $7)`,
    [id, row.department, row.asOf, row.position, row.builtAt, row.fetched ? row.builtAt : null, row.published ? row.builtAt : null],
  );
  return id;
}

async function ids(department: string): Promise<string[]> {
  const found = await db.pool.query<{ id: string }>('SELECT id FROM reports WHERE department = $1 ORDER BY id', [department]);
  return found.rows.map((r) => r.id);
}

/** The refusal of a request, or null when it was queued. */
async function refusal(department: string, asOf: string | null): Promise<ReportQuotaError | null> {
  try {
    await requests.request({ department, year: 2023, asOf });
    return null;
  } catch (error) {
    if (error instanceof ReportQuotaError) return error;
    throw error;
  }
}

beforeAll(async () => {
  db = await createTestDatabase(10);
  clock = new FixedClock(T0);
  app = await testModule([BackendTestModule], db, {
    QUEUE_PREFIX: `keywork-test-${randomBytes(4).toString('hex')}`,
    REPORT_BUILDS_PER_HOUR: 3,
    REPORTS_KEPT_PER_YEAR: 4,
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  await app.init();
  store = app.get(ReportStore);
  requests = app.get(ReportRequests);
  await app.get(DatasetImporter).import(parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8')));
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner);
}, 90_000);

afterAll(async () => {
  await app
    ?.get<Queue>(getQueueToken(REPORT_QUEUE))
    .obliterate({ force: true })
    .catch(() => undefined);
  await app?.close();
  await db?.drop();
});

describe('retention', () => {
  it('deletes only superseded reports nobody fetched or published, once superseded for an hour', async () => {
    const d = 'retain';
    const fetched = await storedReport({ department: d, asOf: 'year-end', position: 1, builtAt: T0, fetched: true });
    const unread = await storedReport({ department: d, asOf: 'year-end', position: 2, builtAt: at(MINUTE) });
    const superseding = await storedReport({ department: d, asOf: 'year-end', position: 3, builtAt: at(2 * MINUTE) });
    const published = await storedReport({ department: d, asOf: '2023-06-30', position: 1, builtAt: T0, published: true });
    const onlyOne = await storedReport({ department: d, asOf: '2023-06-30', position: 2, builtAt: T0 });
    const otherDate = await storedReport({ department: d, asOf: '2023-03-31', position: 1, builtAt: T0 });
    const all = [fetched, unread, superseding, published, onlyOne, otherDate].sort();

    expect(await store.applyRetention(d, 2023, at(2 * MINUTE + SUPERSEDED_KEPT_MS - 1))).toEqual([]);
    expect(await ids(d)).toEqual(all);
    expect(await store.applyRetention(d, 2023, at(3 * HOUR))).toEqual([unread]);
    expect(await ids(d)).toEqual(all.filter((id) => id !== unread));
    expect(await store.applyRetention(d, 2024, at(3 * HOUR))).toEqual([]);
  });

  it('marks a report fetched when its JSON, XLSX or HTML is read, and keeps it from then on', async () => {
    const d = 'fetch';
    const [json, xlsx, html, none] = [
      await storedReport({ department: d, asOf: 'year-end', position: 1, builtAt: T0 }),
      await storedReport({ department: d, asOf: 'year-end', position: 2, builtAt: T0 }),
      await storedReport({ department: d, asOf: 'year-end', position: 3, builtAt: T0 }),
      await storedReport({ department: d, asOf: 'year-end', position: 4, builtAt: T0 }),
    ];
    const newest = await storedReport({ department: d, asOf: 'year-end', position: 5, builtAt: T0 });
    expect((await store.get(d, json))?.fetchedAt).toEqual(expect.any(String));
    expect(await store.file(d, xlsx, 'xlsx')).toEqual(Buffer.from([0]));
    expect(await store.file(d, html, 'html')).toBe('');
    expect(await store.file('another-department', none, 'html')).toBeNull();
    expect(await store.applyRetention(d, 2023, at(2 * HOUR))).toEqual([none]);
    expect(await ids(d)).toEqual([json, xlsx, html, newest].sort());
    expect((await store.list(d, 2023)).filter((r) => r.fetchedAt !== null).map((r) => r.id)).toEqual([json, xlsx, html].sort());
  });

  it('keeps a published report', async () => {
    const d = 'publish';
    const old = await storedReport({ department: d, asOf: 'year-end', position: 1, builtAt: T0 });
    await storedReport({ department: d, asOf: 'year-end', position: 2, builtAt: T0 });
    expect((await store.publish(d, old, at(MINUTE)))?.publishedAt).toBe(at(MINUTE).toISOString());
    expect(await store.publish(d, 'no-such-report', at(MINUTE))).toBeNull();
    expect(await store.applyRetention(d, 2023, at(2 * HOUR))).toEqual([]);
  });

  it('runs after each build: a superseded build nobody fetched goes, a fetched one stays', async () => {
    const builder = app.get(ReportBuilder);
    const build = async (hours: number) => {
      clock.set(at(hours * HOUR));
      const data: ReportJobData = { department: 'wh-fao', year: 2023, asOf: null, tenantPosition: await store.tenantHead('wh-fao') };
      const id = await builder.build(data);
      // A newer event, so that the next build is of a newer state.
      await db.pool.query(
        `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at)
         VALUES ($1, 1, 'wh-fao', 'test.noise.v1', '{}', '{}', now())`,
        [`test-noise-${hours}`],
      );
      await catchUpProjections(app.get(Pool), runner);
      return id;
    };
    const first = await build(0);
    await store.get('wh-fao', first);
    const second = await build(2);
    const third = await build(4);
    expect(await ids('wh-fao')).toEqual([first, second, third].sort());
    const fourth = await build(6);
    // The second was superseded by the third 2 h before the fourth build; the third only now.
    expect(await ids('wh-fao')).toEqual([first, third, fourth].sort());
  }, 120_000);
});

describe('quotas', () => {
  it('allows REPORT_BUILDS_PER_HOUR new builds an hour; a repeated request is free; then 429 with the time to wait', async () => {
    const d = 'hourly';
    clock.set(T0);
    for (const asOf of ['2023-01-31', '2023-02-28', '2023-03-31']) expect(await refusal(d, asOf)).toBeNull();
    expect(await refusal(d, '2023-01-31')).toBeNull();
    const refused = await refusal(d, '2023-04-30');
    expect(refused).toMatchObject({ code: 'REPORT.QUOTA_EXCEEDED', quota: 'builds-per-hour', retryAfterSeconds: 3600 });
    expect(refused!.message).toMatch(/每小时最多生成 3 次年终报告，已达上限，请 60 分钟后再试/);
    clock.set(at(40 * MINUTE));
    expect(await refusal(d, '2023-04-30')).toMatchObject({ retryAfterSeconds: 20 * 60 });
    clock.set(at(HOUR + 1000));
    expect(await refusal(d, '2023-04-30')).toBeNull();
    // Another department has its own quota.
    expect(await refusal('hourly-other', '2023-04-30')).toBeNull();
  });

  it('refuses a build that would keep more than REPORTS_KEPT_PER_YEAR reports, unless it replaces an unfetched newest', async () => {
    const d = 'kept';
    clock.set(T0);
    await storedReport({ department: d, asOf: '2023-01-31', position: 1, builtAt: T0, fetched: true });
    await storedReport({ department: d, asOf: '2023-01-31', position: 2, builtAt: T0 });
    await storedReport({ department: d, asOf: '2023-02-28', position: 1, builtAt: T0, published: true });
    // Superseded and unfetched: retention removes it, so it does not count.
    await storedReport({ department: d, asOf: '2023-03-31', position: 1, builtAt: T0 });
    await storedReport({ department: d, asOf: '2023-03-31', position: 2, builtAt: T0, fetched: true });
    const refused = await refusal(d, '2023-04-30');
    expect(refused).toMatchObject({ quota: 'kept-per-year', retryAfterSeconds: 3600 });
    expect(refused!.message).toMatch(/2023 年度已保存 4 份年终报告（上限 4 份）/);
    // A new build of 2023-01-31 replaces its unfetched newest: allowed.
    expect(await refusal(d, '2023-01-31')).toBeNull();
    // Of 2023-03-31, whose newest was fetched: it would be one more.
    expect(await refusal(d, '2023-03-31')).toMatchObject({ quota: 'kept-per-year' });
  });
});
