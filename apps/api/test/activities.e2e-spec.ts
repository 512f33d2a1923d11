import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from './api-harness';

let api: ApiHarness;
const D = '/api/departments/wh-test';

const activity = (overrides: Record<string, unknown> = {}) => ({
  category: 'home-in-wuhan',
  title: '举办“家在武汉”端午文化体验活动',
  occurredOn: '2023-06-01',
  role: '主办',
  attributes: { participants: 40 },
  ...overrides,
});

async function record(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await api.request('POST', `${D}/activities`, body, headers);
  expect(response.status).toBe(201);
  return response.body.activityId as string;
}

async function actualOf(measure: string, query = ''): Promise<number | null> {
  await api.project();
  const progress = await api.request('GET', `${D}/years/2023/progress${query}`);
  expect(progress.status).toBe(200);
  return progress.body.measures.find((m: { code: string }) => m.code === measure).actual;
}

async function plan(kind: string, change: Record<string, unknown>) {
  const response = await api.request('POST', `${D}/years/2023/plan/changes`, { kind, change });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-01-05T02:00:00Z');
  expect((await api.request('POST', '/api/departments', { code: 'wh-test', name: '测试外办' })).status).toBe(201);
  for (const [code, category] of [
    ['home-in-wuhan', 'home-in-wuhan'],
    ['major-events', 'major-event'],
  ]) {
    await plan('define-measure', { measure: { code, name: code, unit: '场', kind: 'count', category, valueType: 'count' } });
  }
  await plan('set-key-work-item', {
    item: { no: 6, matter: '实施外籍人士“家在武汉”工程系列活动 4 场以上', content: '“家在武汉”', milestones: [] },
  });
  await plan('set-target', {
    target: { id: 'kw-6-home', plan: { kind: 'key-work', item: 6 }, measure: 'home-in-wuhan', direction: '>=', value: 4 },
  });
});

afterAll(async () => {
  await api?.close();
});

describe('POST /activities', () => {
  it('records an activity: 201 with its id, version and ETag', async () => {
    const response = await api.request('POST', `${D}/activities`, activity());
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ activityId: expect.any(String), version: 1 });
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('returns the first result for a repeated Idempotency-Key and appends nothing', async () => {
    const headers = { 'Idempotency-Key': 'record-once-0001' };
    const before = await actualOf('home-in-wuhan');
    const first = await api.request('POST', `${D}/activities`, activity({ title: '幂等测试活动' }), headers);
    const again = await api.request('POST', `${D}/activities`, activity({ title: '幂等测试活动' }), headers);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await actualOf('home-in-wuhan')).toBe((before ?? 0) + 1);
  });

  it.each([
    [{ occurredOn: '2023-02-30' }, 'occurredOn'],
    [{ category: 'no-such-category' }, 'category'],
    [{ attributes: { participants: -3 } }, 'attributes.participants'],
    [{ attributes: { budgetCode: 'x' } }, 'attributes.budgetCode'],
    [{ role: '主持' }, 'role'],
    [{ title: '' }, 'title'],
    [{ unexpected: true }, 'unexpected'],
  ])('refuses %j with 400 naming %s and writes nothing', async (override, field) => {
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM events');
    const response = await api.request('POST', `${D}/activities`, activity(override));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const after = await api.db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 404 for an unknown department, 413 for an oversized body, 415 for a non-JSON body', async () => {
    expect((await api.request('POST', '/api/departments/nobody/activities', activity())).status).toBe(404);
    expect((await api.request('POST', `${D}/activities`, activity({ notes: 'x'.repeat(300_000) }))).status).toBe(413);
    expect((await api.request('POST', `${D}/activities`, 'title=x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.request('POST', `${D}/activities`, '{not json', { 'content-type': 'application/json' })).status).toBe(400);
  });
});

describe('corrections', () => {
  it('moves an activity between measures when its category is amended', async () => {
    const id = await record(activity({ title: '分类调整测试', occurredOn: '2023-03-01' }));
    const [home, major] = [await actualOf('home-in-wuhan'), await actualOf('major-events')];
    const moved = await api.request('POST', `${D}/activities/${id}/move`, {
      category: 'major-event',
      attributes: { participants: 40 },
      reason: '应计入重要外事活动',
    });
    expect(moved.status).toBe(201);
    expect(await actualOf('home-in-wuhan')).toBe(home! - 1);
    expect(await actualOf('major-events')).toBe(major! + 1);
  });

  it('removes a withdrawn activity from the counts and keeps it in the history', async () => {
    const id = await record(activity({ title: '撤回测试', occurredOn: '2023-04-01' }));
    const before = await actualOf('home-in-wuhan');
    const withdrawn = await api.request('POST', `${D}/activities/${id}/withdraw`, { reason: '重复录入' }, { 'If-Match': '"1"' });
    expect(withdrawn.status).toBe(201);
    expect(await actualOf('home-in-wuhan')).toBe(before! - 1);
    const history = await api.request('GET', `${D}/activities/${id}/history`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['activity.recorded.v1', 'activity.withdrawn.v1']);
    expect(history.body[1].data.reason).toBe('重复录入');
    const restored = await api.request('POST', `${D}/activities/${id}/restore`, {});
    expect(restored.status).toBe(201);
    expect(await actualOf('home-in-wuhan')).toBe(before);
  });

  it('answers a stale If-Match with 409 and the current version, and loses nothing', async () => {
    const id = await record(activity({ title: '并发修改测试', occurredOn: '2023-05-01' }));
    const first = await api.request('PATCH', `${D}/activities/${id}`, { title: '并发修改测试（甲）' }, { 'If-Match': '"1"' });
    expect(first.status).toBe(200);
    const stale = await api.request('PATCH', `${D}/activities/${id}`, { title: '并发修改测试（乙）' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    await api.project();
    const current = await api.request('GET', `${D}/activities/${id}`);
    expect(current.body.title).toBe('并发修改测试（甲）');
    expect(current.headers.get('etag')).toBe('"2"');
  });

  it('lets exactly one of many concurrent amendments with the same version win', async () => {
    const id = await record(activity({ title: '竞争修改', occurredOn: '2023-05-02' }));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.request('PATCH', `${D}/activities/${id}`, { title: `竞争修改 ${i}` }, { 'If-Match': '"1"' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    const history = await api.request('GET', `${D}/activities/${id}/history`);
    expect(history.body.map((e: { version: number }) => e.version)).toEqual([1, 2]);
  });

  it('answers 404 for an activity of another department', async () => {
    expect((await api.request('POST', '/api/departments', { code: 'other-dept', name: '其他部门' })).status).toBe(201);
    const id = await record(activity({ title: '本部门活动' }));
    expect((await api.request('PATCH', `/api/departments/other-dept/activities/${id}`, { title: '越权修改' })).status).toBe(404);
    expect((await api.request('GET', `/api/departments/other-dept/activities/${id}/history`)).status).toBe(404);
  });
});

describe('targets', () => {
  it('uses a revised target and shows the original', async () => {
    await plan('revise-target', { targetId: 'kw-6-home', value: 6, reason: '年中调整' });
    await api.project();
    const progress = await api.request('GET', `${D}/years/2023/progress`);
    const target = progress.body.measures.find((m: { code: string }) => m.code === 'home-in-wuhan').targets[0];
    expect(target).toMatchObject({ target: 6, original: 4, revised: true });
    const history = await api.request('GET', `${D}/years/2023/targets/kw-6-home/history`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['plan.target-set.v1', 'plan.target-revised.v2']);
  });
});

describe('as of a date and as known at a time', () => {
  it('answers both, differently, when activities were logged late or withdrawn later', async () => {
    await api.request('POST', '/api/departments', { code: 'wh-time', name: '时间测试' });
    const T = '/api/departments/wh-time';
    const planChange = (kind: string, change: Record<string, unknown>) =>
      api.request('POST', `${T}/years/2023/plan/changes`, { kind, change });
    await planChange('define-measure', {
      measure: { code: 'home', name: '家在武汉', unit: '场', kind: 'count', category: 'home-in-wuhan', valueType: 'count' },
    });
    const log = async (title: string, occurredOn: string, recordedAt: string) => {
      api.clock.set(recordedAt);
      const response = await api.request('POST', `${T}/activities`, activity({ title, occurredOn }));
      return response.body.activityId as string;
    };
    const a = await log('三月活动（及时登记）', '2023-03-01', '2023-03-02T02:00:00Z');
    await log('六月活动（七月补登）', '2023-06-15', '2023-07-20T02:00:00Z');
    await log('九月活动', '2023-09-01', '2023-09-02T02:00:00Z');
    api.clock.set('2023-11-01T02:00:00Z');
    expect((await api.request('POST', `${T}/activities/${a}/withdraw`, { reason: '核实后不属于本类' })).status).toBe(201);
    await api.project();

    const count = async (query: string) => {
      const response = await api.request('GET', `${T}/years/2023/progress${query}`);
      expect(response.status).toBe(200);
      return response.body.measures.find((m: { code: string }) => m.code === 'home').actual;
    };
    expect(await count('')).toBe(2);
    expect(await count('?asOf=2023-06-30')).toBe(1);
    expect(await count('?knownAt=2023-07-01T00:00:00Z')).toBe(1);
    expect(await count('?knownAt=2023-10-01T00:00:00Z')).toBe(3);
    expect(await count('?knownAt=2023-10-01T00:00:00Z&asOf=2023-06-30')).toBe(2);
    expect((await api.request('GET', `${T}/years/2023/progress?knownAt=yesterday`)).status).toBe(400);
  });
});

/**
 * A conditional GET as a browser's cache sends it. Not fetch(): a request with If-None-Match gets
 * `Cache-Control: no-cache` from fetch, which asks the server for a full answer.
 */
function conditionalGet(path: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.admin.accessToken}`, 'if-none-match': etag } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    }).on('error', reject);
  });
}

describe('GET …/progress and its ETag', () => {
  it('answers 304 to If-None-Match naming the current view, and the new view once an activity is projected', async () => {
    await api.project();
    const first = await api.request('GET', `${D}/years/2023/progress`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);

    expect(await conditionalGet(`${D}/years/2023/progress`, etag)).toBe(304);

    const before = first.body.measures.find((m: { code: string }) => m.code === 'home-in-wuhan').actual as number;
    await record(activity({ title: '举办“家在武汉”中秋活动（ETag）', occurredOn: '2023-09-20' }));
    await api.project();
    expect(await conditionalGet(`${D}/years/2023/progress`, etag)).toBe(200);
    const changed = await api.request('GET', `${D}/years/2023/progress`);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.measures.find((m: { code: string }) => m.code === 'home-in-wuhan').actual).toBe(before + 1);
  });

  it('gives a view as known at a time its own ETag, and still refuses a bad asOf with 400', async () => {
    const known = await api.request('GET', `${D}/years/2023/progress?knownAt=2023-01-05T03:00:00Z`);
    expect(known.status).toBe(200);
    expect(known.body.knownAt).toBe('2023-01-05T03:00:00Z');
    expect(known.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    const bad = await api.request('GET', `${D}/years/2023/progress?asOf=2023-02-30`);
    expect(bad.status).toBe(400);
  });
});

describe('GET …/activities?milestone=', () => {
  it('lists the evidence of one milestone: the activities whose milestone attribute names it', async () => {
    const evidence = async (milestone: string) => {
      const response = await api.request('GET', `${D}/activities?year=2023&milestone=${milestone}&pageSize=100`);
      expect(response.status).toBe(200);
      return { total: response.body.total, titles: response.body.items.map((a: { title: string }) => a.title).sort() };
    };
    const milestone = (title: string, code: string, occurredOn: string) =>
      record(activity({ category: 'milestone', title, occurredOn, attributes: { milestone: code } }));
    await milestone('里程碑证明 甲一', 'evidence-a', '2023-03-01');
    await milestone('里程碑证明 甲二', 'evidence-a', '2023-04-01');
    const withdrawn = await milestone('里程碑证明 甲三（撤回）', 'evidence-a', '2023-05-01');
    await milestone('里程碑证明 乙', 'evidence-b', '2023-03-02');
    expect((await api.request('POST', `${D}/activities/${withdrawn}/withdraw`, { reason: '录错' }, { 'If-Match': '"1"' })).status).toBe(
      201,
    );
    await api.project();

    await expect(evidence('evidence-a')).resolves.toEqual({ total: 2, titles: ['里程碑证明 甲一', '里程碑证明 甲二'] });
    await expect(evidence('evidence-b')).resolves.toEqual({ total: 1, titles: ['里程碑证明 乙'] });
    await expect(evidence('no-such-milestone')).resolves.toEqual({ total: 0, titles: [] });
  });
});
