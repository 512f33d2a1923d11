import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness, type TestUser } from './api-harness';

/**
 * Issue 13 "Office-ready" over HTTP against the real PostgreSQL: the dashboard's aggregates, moves
 * that keep attributes, dates moved to another year, names in histories, the year-end warnings
 * and the department's time zone.
 */
let api: ApiHarness;
let staff: TestUser;
const CODE = 'wh-ready';
const D = `/api/departments/${CODE}`;
const Y = `${D}/years/2023`;
const CHINESE = /[\u4e00-\u9fff]/;

async function record(body: Record<string, unknown>, as: TestUser = staff): Promise<string> {
  const reply = await api.as(as).request('POST', `${D}/activities`, { role: '主办', ...body });
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  return reply.body.activityId as string;
}

async function plan(kind: string, change: Record<string, unknown>) {
  const reply = await api.request('POST', `${Y}/plan/changes`, { kind, change });
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
}

async function warnings(query = ''): Promise<{ kind: string; message: string; activityIds: string[] }[]> {
  await api.project();
  const reply = await api.request('GET', `${Y}/warnings${query}`);
  expect(reply.status).toBe(200);
  expect(reply.body.total).toBe(reply.body.items.length);
  return reply.body.items;
}

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-06-10T02:00:00Z');
  expect((await api.request('POST', '/api/departments', { code: CODE, name: '就绪测试外办' })).status).toBe(201);
  staff = await api.createUser('ready-staff', [`staff:${CODE}`]);
  await plan('define-measure', {
    measure: { code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' },
  });
  await plan('set-key-work-item', { item: { no: 1, matter: '举办重要外事活动', content: '5 场以上', milestones: [] } });
  await plan('set-target', {
    target: { id: 'kw-1-major-events', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 },
  });
});

afterAll(async () => {
  await api?.close();
});

describe('moving an activity to another category', () => {
  it('keeps the attributes the target category also defines, and the history says what was dropped and who moved it', async () => {
    const id = await record({
      category: 'major-event',
      title: '与曼彻斯特市举办友城交流会',
      occurredOn: '2023-05-20',
      attributes: { participants: 45, countries: 1, counterpart: '曼彻斯特市' },
    });
    const moved = await api.as(staff).request('POST', `${D}/activities/${id}/move`, { category: 'exchange-project', reason: '归类调整' });
    expect(moved.status).toBe(201);
    await api.project();
    const after = await api.request('GET', `${D}/activities/${id}`);
    expect(after.body).toMatchObject({
      category: 'exchange-project',
      attributes: { participants: 45, countries: 1, counterpart: '曼彻斯特市' },
    });

    const home = await api
      .as(staff)
      .request('POST', `${D}/activities/${id}/move`, { category: 'home-in-wuhan', attributes: { countries: 2 } });
    expect(home.status).toBe(201);
    const history = await api.request('GET', `${D}/activities/${id}/history`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['activity.recorded.v1', 'activity.moved.v1', 'activity.moved.v1']);
    expect(history.body[2].data).toMatchObject({ attributes: { participants: 45, countries: 2 }, dropped: ['counterpart'] });
    expect(history.body.map((e: { actorName: string }) => e.actorName)).toEqual(['ready-staff', 'ready-staff', 'ready-staff']);
  });
});

describe('changing an activity’s date to another year', () => {
  it('is refused with 400 naming occurredOn in Chinese, unless moveToYear says so; the year it left then warns', async () => {
    const id = await record({ category: 'major-event', title: '年末友城图片展', occurredOn: '2023-12-20' });
    const refused = await api.as(staff).request('PATCH', `${D}/activities/${id}`, { occurredOn: '2024-01-05' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'occurredOn', reason: expect.stringMatching(CHINESE) }]);
    expect(refused.body.errors[0].reason).toContain('移出 2023 年度');

    const moved = await api.as(staff).request('PATCH', `${D}/activities/${id}`, { occurredOn: '2024-01-05', moveToYear: true });
    expect(moved.status).toBe(200);
    const left = (await warnings()).filter((w) => w.kind === 'moved-out-of-year');
    expect(left).toEqual([
      {
        kind: 'moved-out-of-year',
        message: '“年末友城图片展”原记为 2023-12-20，日期已改为 2024-01-05：记录已移出本年度，不再计入 2023 年度的统计',
        activityIds: [id],
        measure: null,
      },
    ]);
    // Within its year a date changes as before; moveToYear is not a field of the activity.
    const within = await api.as(staff).request('PATCH', `${D}/activities/${id}`, { occurredOn: '2024-02-01' });
    expect(within.status).toBe(200);
    expect((await api.request('GET', `${D}/activities/${id}`)).body).not.toHaveProperty('moveToYear');
  });
});

describe('late entries and 补录', () => {
  it('warns of a record entered more than 30 days after it happened unless marked 补录, as known at any time', async () => {
    api.clock.set('2023-06-10T03:00:00Z');
    const before = '2023-06-10T02:30:00Z';
    const late = await record({ category: 'major-event', title: '三月的欢迎宴会', occurredOn: '2023-03-01' });
    const backfill = await record({ category: 'major-event', title: '三月的工作会见', occurredOn: '2023-03-02', backfill: true });
    const found = (await warnings()).filter((w) => w.kind === 'late-entry');
    expect(found).toEqual([
      expect.objectContaining({ activityIds: [late], message: expect.stringContaining('2023-06-10 才登记（晚 101 天，超过 30 天）') }),
    ]);
    expect(found.some((w) => w.activityIds.includes(backfill))).toBe(false);
    expect((await api.request('GET', `${D}/activities/${backfill}`)).body).toMatchObject({ backfill: true });
    // As known before it was recorded: nothing to warn about.
    expect((await warnings(`?knownAt=${encodeURIComponent(before)}`)).filter((w) => w.kind === 'late-entry')).toEqual([]);

    // 补录 marked afterwards, or a longer threshold: no warning.
    expect((await api.as(staff).request('PATCH', `${D}/activities/${late}`, { backfill: true })).status).toBe(200);
    expect((await warnings()).filter((w) => w.kind === 'late-entry')).toEqual([]);
  });
});

describe('department settings', () => {
  it('validates the time zone with Intl and the day count, each refused with 400 naming its field', async () => {
    const zone = await api.request('PUT', `${D}/settings`, { timeZone: 'Mars/Olympus_Mons' });
    expect([zone.status, zone.body.errors]).toEqual([400, [{ field: 'timeZone', reason: expect.stringMatching(CHINESE) }]]);
    const days = await api.request('PUT', `${D}/settings`, { lateEntryDays: 0 });
    expect([days.status, days.body.errors[0].field]).toEqual([400, 'lateEntryDays']);
    expect((await api.as(staff).request('PUT', `${D}/settings`, { lateEntryDays: 10 })).status).toBe(403);
  });

  it('takes the department’s today in its time zone: a past year says 全年已结束, the expected pace is whole', async () => {
    expect((await api.request('GET', D)).body.settings).toMatchObject({ lateEntryDays: 30, timeZone: 'Asia/Shanghai' });
    // 2023-12-31 17:00 UTC is already 2024 in Shanghai, still 2023 in UTC.
    api.clock.set('2023-12-31T17:00:00Z');
    await api.project();
    const shanghai = (await api.request('GET', `${Y}/progress`)).body;
    expect(shanghai).toMatchObject({ referenceDate: '2024-01-01', yearOver: true, paceLabel: '全年已结束' });

    const changed = await api.request('PUT', `${D}/settings`, { timeZone: 'UTC' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ lateEntryDays: 30, timeZone: 'UTC' });
    await api.project();
    const utc = (await api.request('GET', `${Y}/progress`)).body;
    // The year's last day: still 截至, the pace the whole target.
    expect(utc).toMatchObject({ referenceDate: '2023-12-31', yearOver: false, paceLabel: '截至 2023-12-31', yearElapsed: 1 });
    const target = utc.measures.find((m: { code: string }) => m.code === 'major-events').targets[0];
    expect(Number.isInteger(target.expectedByNow)).toBe(true);

    // As of June: 5 × 0.4959 = 2.48 场 expected → 2.
    const june = (await api.request('GET', `${Y}/progress?asOf=2023-06-30`)).body;
    expect(june.measures.find((m: { code: string }) => m.code === 'major-events').targets[0].expectedByNow).toBe(2);
    expect((await api.request('GET', D)).body.settings).toMatchObject({ lateEntryDays: 30, timeZone: 'UTC' });
  });
});

describe('targets short of their pace without a 偏差分析', () => {
  it('are warned of, by the plan and measure names, until the department writes its analysis', async () => {
    const missing = (await warnings()).filter((w) => w.kind === 'missing-deviation-analysis');
    expect(missing.map((w) => w.message)).toEqual([expect.stringMatching(/^重点工作 1：目标“重要外事活动”(未完成|滞后于时间进度)/)]);
    expect(missing[0].message).not.toContain('kw-1-major-events');
    await plan('set-deviation-analysis', { scope: 'department', text: '部分活动因外方行程调整延至次年。' });
    expect((await warnings()).filter((w) => w.kind === 'missing-deviation-analysis')).toEqual([]);
  });
});

describe('GET …/years/:year/aggregates', () => {
  it('adds up the year by month and category, with projects and sums, as of a day and as known at a time', async () => {
    const code = 'wh-aggr';
    const A = `/api/departments/${code}`;
    expect((await api.request('POST', '/api/departments', { code, name: '汇总测试外办' })).status).toBe(201);
    const post = async (body: Record<string, unknown>) => {
      const reply = await api.request('POST', `${A}/activities`, { role: '主办', ...body });
      expect(reply.status).toBe(201);
      return reply.body.activityId as string;
    };
    const project = await post({
      category: 'exchange-project',
      title: '友城交流周',
      occurredOn: '2023-03-05',
      attributes: { participants: 100 },
    });
    await post({
      category: 'exchange-project',
      title: '友城交流周·开幕',
      occurredOn: '2023-03-06',
      parentId: project,
      attributes: { participants: 50 },
    });
    await post({ category: 'exchange-project', title: '友城交流周·闭幕', occurredOn: '2023-07-01', parentId: project });
    await post({ category: 'trip-abroad', title: '赴英国访问', occurredOn: '2023-04-10', attributes: { persons: 3, cost: 10.55 } });
    await post({
      category: 'reception',
      title: '接待外宾',
      occurredOn: '2023-08-01',
      attributes: { persons: 12, cost: 9.42, foreign: true },
    });
    const withdrawn = await post({
      category: 'reception',
      title: '误录的接待',
      occurredOn: '2023-08-02',
      attributes: { persons: 1, cost: 1 },
    });
    await post({ category: 'reception', title: '次年的接待', occurredOn: '2024-01-02', attributes: { persons: 5, cost: 1 } });
    const knownAt = new Date(api.clock.now().getTime()).toISOString();
    api.clock.set(new Date(api.clock.now().getTime() + 60_000).toISOString());
    expect((await api.request('POST', `${A}/activities/${withdrawn}/withdraw`, { reason: '重复' })).status).toBe(201);
    await api.project();

    const year = await api.request('GET', `${A}/years/2023/aggregates`);
    expect(year.status).toBe(200);
    expect(year.body).toEqual({
      department: code,
      year: 2023,
      asOf: null,
      knownAt: null,
      byMonth: [
        { month: 3, category: 'exchange-project', count: 2, projects: 1 },
        { month: 4, category: 'trip-abroad', count: 1, projects: 1 },
        { month: 7, category: 'exchange-project', count: 1, projects: 0 },
        { month: 8, category: 'reception', count: 1, projects: 1 },
      ],
      byCategory: [
        { category: 'exchange-project', label: '对外重点交流项目', count: 3, projects: 1, sums: { participants: 150 } },
        { category: 'trip-abroad', label: '因公出国(境)团组', count: 1, projects: 1, sums: { cost: 10.55, persons: 3 } },
        { category: 'reception', label: '公务接待团组', count: 1, projects: 1, sums: { cost: 9.42, persons: 12 } },
      ],
      sums: { cost: 19.97, participants: 150, persons: 15 },
      sumLabels: { cost: '费用（万元）', participants: '参与人数', persons: '人次' },
    });

    const june = (await api.request('GET', `${A}/years/2023/aggregates?asOf=2023-06-30`)).body;
    expect(june.byCategory.map((c: { category: string; count: number }) => [c.category, c.count])).toEqual([
      ['exchange-project', 2],
      ['trip-abroad', 1],
    ]);
    expect(june.sums).toEqual({ cost: 10.55, participants: 150, persons: 3 });

    const known = (await api.request('GET', `${A}/years/2023/aggregates?knownAt=${encodeURIComponent(knownAt)}`)).body;
    expect(known.byCategory.find((c: { category: string }) => c.category === 'reception')).toMatchObject({
      count: 2,
      sums: { cost: 10.42 },
    });
    expect(known.knownAt).toBe(knownAt);

    const bad = await api.request('GET', `${A}/years/2023/aggregates?asOf=2023-02-30`);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'asOf']);
  });
});

describe('GET …/people and names in histories', () => {
  it('lists the department’s people with their role labels; plan and target histories name who acted', async () => {
    const people = await api.as(staff).request('GET', `${D}/people`);
    expect(people.status).toBe(200);
    expect(people.body).toEqual(
      expect.arrayContaining([
        { id: staff.id, displayName: 'ready-staff', roles: ['staff'], roleLabels: ['经办人员'], disabled: false },
        expect.objectContaining({ id: api.admin.id, roles: ['admin'], roleLabels: ['管理员'] }),
      ]),
    );
    const admin = (await api.request('GET', '/api/auth/me')).body.displayName as string;
    expect(people.body.find((p: { id: string }) => p.id === api.admin.id).displayName).toBe(admin);
    const target = await api.as(staff).request('GET', `${Y}/targets/kw-1-major-events/history`);
    expect(target.body.map((e: { actorName: string }) => e.actorName)).toEqual([admin]);
    const planHistory = await api.as(staff).request('GET', `${Y}/plan/history`);
    expect(planHistory.status).toBe(200);
    expect(planHistory.body.length).toBeGreaterThan(3);
    for (const e of planHistory.body) expect(e.actorName).toBe(admin);
    // The activity itself names who recorded it.
    const id = await record({ category: 'major-event', title: '署名测试', occurredOn: '2023-12-01' });
    await api.project();
    expect((await api.as(staff).request('GET', `${D}/activities/${id}`)).body).toMatchObject({
      recordedBy: staff.id,
      recordedByName: 'ready-staff',
    });
  });
});
