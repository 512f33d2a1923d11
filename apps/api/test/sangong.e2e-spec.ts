import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from './api-harness';

/**
 * 三公 over HTTP (issue 14), for a made-up department: two trips, three receptions (one foreign),
 * a vehicle acquired with its purchase and two running-cost postings. The 三公 figures are their
 * sums and counts; a withdrawn reception leaves them; an as-of date in mid-year and a known-at time
 * before the last records both give the earlier figures; another department's records never show.
 */
let api: ApiHarness;
const DEPT = 'sg-test';
const OTHER = 'sg-other';
const D = (d = DEPT) => `/api/departments/${d}`;
const S = (d = DEPT) => `${D(d)}/sangong`;
const Y = (d = DEPT) => `${D(d)}/years/2023/sangong`;

/** Recorded before the second half's records (the known-at time of the look-back). */
const FIRST_HALF_RECORDED = '2023-07-01T00:00:00Z';
const LOOK_BACK = '2023-08-01T00:00:00Z';
const SECOND_HALF_RECORDED = '2023-12-01T00:00:00Z';
const WITHDRAWN_AT = '2023-12-02T00:00:00Z';

const ids: Record<string, string> = {};

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ recordId: string; version: number }> {
  const reply = await api.request('POST', path, body, headers);
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  return reply.body;
}

async function view(query = '', d = DEPT) {
  await api.project();
  const reply = await api.request('GET', `${Y(d)}${query}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

const line = (v: { lines: { line: string }[] }, name: string) =>
  v.lines.find((l) => l.line === name) as unknown as Record<string, number | null>;

const trip = (over: Record<string, unknown> = {}) => ({
  title: '赴匈牙利杰尔市开展友城交流',
  purpose: '出席友城交流活动',
  departureOn: '2023-03-05',
  returnOn: '2023-03-11',
  destinations: [{ country: '匈牙利', city: '杰尔' }],
  persons: 2,
  members: [{ name: '张三', post: '处长' }],
  approvalRef: '外批〔2023〕5号',
  fundingProject: '对外交往业务支出',
  costs: { internationalTravel: 2.5, accommodation: 0.5 },
  ...over,
});

const reception = (over: Record<string, unknown> = {}) => ({
  receivedOn: '2023-04-10',
  visitingParty: '乌干达恩德培市代表团',
  foreign: true,
  persons: 8,
  accompanying: 2,
  costs: { meals: 0.24 },
  listRef: 'JD-2023-015',
  ...over,
});

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-01-02T00:00:00Z');
  for (const code of [DEPT, OTHER]) {
    expect((await api.request('POST', '/api/departments', { code, name: `部门 ${code}` })).status).toBe(201);
  }
  const budgets = { tripsAbroad: 10, vehiclePurchase: 20, vehicleRunning: 2, receptions: 5 };
  for (const [sangongKind, budget] of Object.entries(budgets)) {
    const line = sangongKind === 'receptions' ? { budget, perPersonStandard: 300 } : { budget };
    const reply = await api.request('POST', `${D()}/years/2023/plan/changes`, { kind: 'set-sangong', change: { sangongKind, line } });
    expect(reply.status).toBe(201);
  }
  const activity = await api.request('POST', `${D()}/activities`, {
    category: 'exchange-project',
    title: '武汉—杰尔友城交流项目',
    occurredOn: '2023-03-06',
    role: '主办',
  });
  ids.activity = activity.body.activityId;

  api.clock.set(FIRST_HALF_RECORDED);
  ids.tripA = (await post(`${S()}/trips`, trip({ servedActivityIds: [ids.activity] }))).recordId;
  ids.r1 = (await post(`${S()}/receptions`, reception())).recordId;
  ids.r2 = (
    await post(
      `${S()}/receptions`,
      reception({ receivedOn: '2023-05-20', foreign: false, persons: 12, costs: { meals: 0.3, transport: 0.06 } }),
    )
  ).recordId;
  ids.vehicle = (
    await post(`${S()}/vehicles`, { change: 'acquired', vehicleKind: 'emergency', plate: '鄂A·12345', occurredOn: '2023-02-01' })
  ).recordId;
  ids.purchase = (
    await post(`${S()}/vehicle-costs`, { line: 'vehiclePurchase', postedOn: '2023-02-01', plate: '鄂A·12345', costs: { purchase: 18.5 } })
  ).recordId;
  ids.running1 = (await post(`${S()}/vehicle-costs`, { line: 'vehicleRunning', postedOn: '2023-03-31', costs: { fuel: 0.12 } })).recordId;

  api.clock.set(SECOND_HALF_RECORDED);
  ids.tripB = (
    await post(
      `${S()}/trips`,
      trip({
        title: '赴俄罗斯开展城市交流',
        departureOn: '2023-09-10',
        returnOn: '2023-09-16',
        persons: 3,
        approvalRef: null,
        costs: { internationalTravel: 4.2 },
      }),
    )
  ).recordId;
  ids.r3 = (
    await post(
      `${S()}/receptions`,
      reception({ receivedOn: '2023-10-08', foreign: false, persons: 5, accompanying: 0, costs: { meals: 0.2 } }),
    )
  ).recordId;
  ids.running2 = (await post(`${S()}/vehicle-costs`, { line: 'vehicleRunning', postedOn: '2023-11-30', costs: { repair: 0.3 } })).recordId;
  // The other department's reception: it must never show in sg-test.
  ids.otherReception = (
    await post(`${S(OTHER)}/receptions`, reception({ visitingParty: '其他部门的来访团组', costs: { meals: 1 } }))
  ).recordId;
});

afterAll(async () => {
  await api?.close();
});

describe('the 三公 figures of a year', () => {
  it('sum the records per line with their counts, against the plan’s budgets', async () => {
    const v = await view();
    expect(line(v, 'tripsAbroad')).toMatchObject({ budget: 10, spent: 7.2, share: 0.72, groups: 2, persons: 5, records: 2, summaries: 0 });
    expect(line(v, 'receptions')).toMatchObject({ budget: 5, spent: 0.8, groups: 3, persons: 25, foreignGroups: 1, foreignPersons: 8 });
    expect(line(v, 'vehiclePurchase')).toMatchObject({ budget: 20, spent: 18.5 });
    expect(line(v, 'vehicleRunning')).toMatchObject({ budget: 2, spent: 0.42, records: 2 });
    expect(v.vehicles).toMatchObject({ budget: 22, spent: 18.92 });
    expect(v.total).toMatchObject({ budget: 37, spent: 26.92, overspent: false });
    expect(v.vehiclesHeld).toBe(1);
    expect(v.departmentName).toBe('部门 sg-test');
  });

  it('warn of the trip without an approval reference and the reception over the standard per person', async () => {
    const v = await view();
    expect(v.warnings.map((w: { kind: string }) => w.kind).sort()).toEqual(['sangong-no-approval', 'sangong-over-standard']);
    const standard = v.warnings.find((w: { kind: string }) => w.kind === 'sangong-over-standard');
    expect(standard.recordIds).toEqual([ids.r3]);
    expect(standard.message).toContain('人均 400.00 元');
    const all = await api.request('GET', `${D()}/years/2023/warnings`);
    expect(all.status).toBe(200);
    expect(
      all.body.items
        .filter((w: { kind: string }) => w.kind.startsWith('sangong-'))
        .map((w: { kind: string }) => w.kind)
        .sort(),
    ).toEqual(['sangong-no-approval', 'sangong-over-standard']);
  });

  it('drill down to the records behind a line, the other department’s never among them', async () => {
    await api.project();
    const reply = await api.request('GET', `${Y()}/receptions/records`);
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((r: { id: string }) => r.id)).toEqual([ids.r1, ids.r2, ids.r3]);
    expect(reply.body.items[0]).toMatchObject({ kind: 'reception', total: 0.24, costs: { meals: 0.24, transport: 0 }, line: 'receptions' });
    expect(reply.body.total).toBe(3);
    const bad = await api.request('GET', `${Y()}/cars/records`);
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'line']);
  });

  it('keep each department to its own records', async () => {
    const other = await view('', OTHER);
    expect(line(other, 'receptions')).toMatchObject({ spent: 1, groups: 1 });
    expect(line(other, 'tripsAbroad')).toMatchObject({ spent: 0, groups: 0 });
    expect((await api.request('GET', `${S()}/${ids.otherReception}`)).status).toBe(404);
    const amend = await api.request('PATCH', `${S()}/receptions/${ids.otherReception}`, { persons: 9 });
    expect([amend.status, amend.body.error]).toEqual([404, 'SANGONG.NOT_FOUND']);
    const listed = await api.request('GET', `${S()}?year=2023&kind=reception`);
    expect(listed.body.items.map((r: { id: string }) => r.id)).not.toContain(ids.otherReception);
    expect(listed.body.total).toBe(3);
  });
});

describe('corrections', () => {
  it('refuse a stale If-Match with 409 and the current version', async () => {
    const stale = await api.request('POST', `${S()}/${ids.r2}/withdraw`, { reason: '重复登记' }, { 'If-Match': '"7"' });
    expect([stale.status, stale.body.error, stale.body.currentVersion]).toEqual([409, 'STREAM.VERSION_CONFLICT', 1]);
  });

  it('withdraw a reception with its reason: it leaves the figures, its history keeps it', async () => {
    api.clock.set(WITHDRAWN_AT);
    const record = await api.request('GET', `${S()}/${ids.r2}`);
    expect(record.headers.get('etag')).toBe('"1"');
    const reply = await api.request('POST', `${S()}/${ids.r2}/withdraw`, { reason: '重复登记' }, { 'If-Match': '"1"' });
    expect([reply.status, reply.body]).toEqual([201, { recordId: ids.r2, version: 2 }]);
    const v = await view();
    expect(line(v, 'receptions')).toMatchObject({ spent: 0.44, groups: 2, persons: 13, foreignGroups: 1 });
    expect(v.total.spent).toBe(26.56);
    const history = await api.request('GET', `${S()}/${ids.r2}/history`);
    expect(history.body.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['sangong.recorded.v1', api.admin.id],
      ['sangong.withdrawn.v1', api.admin.id],
    ]);
    expect(history.body[1].data.reason).toBe('重复登记');
    expect(history.body[0].actorName).toEqual(expect.any(String));
    expect(history.body[0].actorName).not.toBe(api.admin.id);
  });

  it('give the earlier figures as of 30 June', async () => {
    const v = await view('?asOf=2023-06-30');
    expect(line(v, 'tripsAbroad')).toMatchObject({ spent: 3, groups: 1, persons: 2 });
    expect(line(v, 'receptions')).toMatchObject({ spent: 0.24, groups: 1, foreignPersons: 8 });
    expect(line(v, 'vehicleRunning')).toMatchObject({ spent: 0.12 });
    expect(v.vehiclesHeld).toBe(1);
    const drill = await api.request('GET', `${Y()}/tripsAbroad/records?asOf=2023-06-30`);
    expect(drill.body.items.map((r: { id: string }) => r.id)).toEqual([ids.tripA]);
  });

  it('give what was known before the last records were recorded (and before the withdrawal)', async () => {
    const v = await view(`?knownAt=${encodeURIComponent(LOOK_BACK)}`);
    expect(v.knownAt).toBe(LOOK_BACK);
    expect(line(v, 'tripsAbroad')).toMatchObject({ spent: 3, groups: 1 });
    expect(line(v, 'receptions')).toMatchObject({ spent: 0.6, groups: 2, persons: 20 });
    expect(line(v, 'vehicleRunning')).toMatchObject({ spent: 0.12 });
    const drill = await api.request('GET', `${Y()}/receptions/records?knownAt=${encodeURIComponent(LOOK_BACK)}`);
    expect(drill.body.items.map((r: { id: string }) => r.id)).toEqual([ids.r1, ids.r2]);
  });

  it('restore the reception: it counts again', async () => {
    const reply = await api.request('POST', `${S()}/${ids.r2}/restore`, {});
    expect(reply.status).toBe(201);
    expect(line(await view(), 'receptions')).toMatchObject({ spent: 0.8, groups: 3 });
    expect((await api.request('POST', `${S()}/${ids.r2}/restore`, {})).body.error).toBe('SANGONG.NOT_WITHDRAWN');
  });

  it('amend a trip’s costs: the total is computed in 分, the old values stay in the history', async () => {
    const reply = await api.request('PATCH', `${S()}/trips/${ids.tripB}`, { approvalRef: '外批〔2023〕9号', costs: { meals: 0.123456 } });
    expect(reply.status).toBe(200);
    await api.project();
    const record = await api.request('GET', `${S()}/${ids.tripB}`);
    expect(record.body).toMatchObject({ approvalRef: '外批〔2023〕9号', total: 4.323456, version: 2 });
    expect(line(await view(), 'tripsAbroad')).toMatchObject({ spent: 7.32 });
    const kinds = (await view()).warnings.map((w: { kind: string }) => w.kind);
    expect(kinds).not.toContain('sangong-no-approval');
    const trip = await api.request('PATCH', `${S()}/receptions/${ids.tripB}`, { persons: 2 });
    expect(trip.status).toBe(404);
  });
});

describe('recording', () => {
  it('answers a repeated Idempotency-Key with the first record', async () => {
    const headers = { 'Idempotency-Key': 'sangong-once-0001' };
    const body = reception({ receivedOn: '2023-12-01', visitingParty: '幂等测试团组' });
    const first = await api.request('POST', `${S(OTHER)}/receptions`, body, headers);
    const again = await api.request('POST', `${S(OTHER)}/receptions`, body, headers);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it.each([
    [{ departureOn: '2023-02-30' }, 'departureOn'],
    [{ returnOn: '2023-03-01' }, 'returnOn'],
    [{ destinations: [] }, 'destinations'],
    [{ persons: 0 }, 'persons'],
    [{ costs: { internationalTravel: -1 } }, 'costs.internationalTravel'],
    [{ costs: { internationalTravel: 0.0000001 } }, 'costs.internationalTravel'],
    [{ costs: { fuel: 1 } }, 'costs.fuel'],
    [{ servedActivityIds: ['00000000-0000-4000-8000-000000000000'] }, 'servedActivityIds.0'],
  ])('refuses %j with 400 naming %s, writing nothing', async (over, field) => {
    const reply = await api.request('POST', `${S()}/trips`, trip(over));
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 404 for an unknown department and an unknown record', async () => {
    expect((await api.request('POST', `${S('no-such')}/receptions`, reception())).status).toBe(404);
    expect((await api.request('GET', `${S()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await api.request('POST', `${S()}/00000000-0000-4000-8000-000000000000/withdraw`, { reason: '无' })).status).toBe(404);
  });

  it('leaves recording to finance staff where the department says so', async () => {
    const staff = await api.createUser('sg-staff', [`staff:${OTHER}`]);
    const finance = await api.createUser('sg-finance', [`finance:${OTHER}`]);
    const body = () => reception({ visitingParty: `来访团组 ${Date.now()}` });
    expect((await api.as(staff).request('POST', `${S(OTHER)}/receptions`, body())).status).toBe(201);
    const set = await api.request('PUT', `${D(OTHER)}/settings`, { sangongRecorder: 'finance' });
    expect([set.status, set.body.sangongRecorder]).toEqual([200, 'finance']);
    const refused = await api.as(staff).request('POST', `${S(OTHER)}/receptions`, body());
    expect([refused.status, refused.body.error]).toEqual([403, 'AUTH.FORBIDDEN']);
    const withdraw = await api.as(staff).request('POST', `${S(OTHER)}/${ids.otherReception}/withdraw`, { reason: '试图撤回' });
    expect(withdraw.status).toBe(403);
    expect((await api.as(finance).request('POST', `${S(OTHER)}/receptions`, body())).status).toBe(201);
    expect((await api.as(staff).request('GET', `${Y(OTHER)}`)).status).toBe(200);
    const back = await api.request('PUT', `${D(OTHER)}/settings`, { sangongRecorder: 'staff' });
    expect(back.status).toBe(200);
    expect((await api.as(staff).request('POST', `${S(OTHER)}/receptions`, body())).status).toBe(201);
  });

  it('keeps the plan to budgets: set-sangong refuses an actual', async () => {
    const reply = await api.request('POST', `${D()}/years/2023/plan/changes`, {
      kind: 'set-sangong',
      change: { sangongKind: 'receptions', line: { budget: 5, actual: 0.8 } },
    });
    expect(reply.status).toBe(400);
    const plan = await api.request('GET', `${D()}/years/2023/plan`);
    expect(plan.body.sangong.receptions).toEqual({ budget: 5, perPersonStandard: 300 });
  });
});
