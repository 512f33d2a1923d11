import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import { DEV_JWT_SECRET } from '@app/config';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { until } from '@app/testing';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/sessions';
import { LOGIN_LIMITS } from '../src/auth/auth.controller';
import { PRINCIPAL_TTL_MS } from '../src/auth/authenticator';
import { startApi, type ApiHarness, type Reply, type TestUser } from './api-harness';

let api: ApiHarness;
const OWN = 'wh-own';
const OTHER = 'wh-other';

type Who = 'none' | 'staff' | 'leader' | 'reporter' | 'auditor' | 'finance' | 'admin' | 'otherStaff';
const WHO: Who[] = ['none', 'staff', 'leader', 'reporter', 'auditor', 'finance', 'admin', 'otherStaff'];
/** The roles of each test user; `otherStaff` is staff of the other department. */
const ROLES_OF: Record<Exclude<Who, 'none' | 'admin'>, string[]> = {
  staff: [`staff:${OWN}`],
  leader: [`leader:${OWN}`],
  reporter: [`reporter:${OWN}`],
  auditor: [`auditor:${OWN}`],
  finance: [`finance:${OWN}`],
  otherStaff: [`staff:${OTHER}`],
};
const users = {} as Record<Exclude<Who, 'none'>, TestUser>;

/** Ids made in beforeAll: an activity in each department, and a user the admin endpoints act on. */
const fixtures = { activity: {} as Record<string, string>, target: '', sangong: {} as Record<string, string> };
let unique = 0;
const next = () => `${Date.now().toString(36)}${(unique++).toString(36)}`;

type Access = 'public' | 'admin' | 'signed-in' | 'any' | readonly ('staff' | 'leader' | 'reporter' | 'auditor' | 'finance')[];

interface Endpoint {
  method: string;
  /** `d` is the department the request names (own or other); endpoints without one ignore it. */
  path: (d: string) => string;
  body?: (d: string) => unknown;
  /** Headers of the request (a file upload's content type). */
  headers?: Record<string, string>;
  access: Access;
  /** Statuses an allowed caller may get (default: 2xx and 409); a 404 means a wrong path unless listed. */
  ok?: number[];
  /** The call ends its caller's access tokens (sign-out): the test signs the caller in again. */
  endsSession?: boolean;
}

const D = (d: string) => `/api/departments/${d}`;
const A = (d: string) => `${D(d)}/activities/${fixtures.activity[d]}`;
const Y = (d: string) => `${D(d)}/years/2023`;
/** The department's 三公 reception made in beforeAll. */
const S = (d: string) => `${D(d)}/sangong/${fixtures.sangong[d]}`;
const sangongReception = () => ({
  receivedOn: '2023-05-10',
  visitingParty: `权限矩阵来访团组 ${next()}`,
  foreign: false,
  persons: 3,
  costs: { meals: 0.05 },
});
const sangongTrip = () => ({
  title: `权限矩阵出访 ${next()}`,
  purpose: '友城交流',
  departureOn: '2023-03-05',
  returnOn: '2023-03-08',
  destinations: [{ country: '匈牙利' }],
  persons: 1,
  approvalRef: '外批〔2023〕1号',
  costs: { internationalTravel: 0.5 },
});
const U = () => `/api/users/${fixtures.target}`;
const activity = () => ({
  category: 'home-in-wuhan',
  title: `权限矩阵活动 ${next()}`,
  occurredOn: '2023-06-01',
  role: '主办',
  attributes: { participants: 10 },
});

/** Every endpoint of the api's controllers and who may use it: adding an endpoint is one line. */
const ENDPOINTS: Record<string, Endpoint> = {
  'create department': {
    method: 'POST',
    path: () => '/api/departments',
    body: () => ({ code: `d-${next()}`, name: '新部门' }),
    access: 'admin',
  },
  'list departments': { method: 'GET', path: () => '/api/departments', access: 'signed-in' },
  'get department': { method: 'GET', path: D, access: 'any' },
  'years of department': { method: 'GET', path: (d) => `${D(d)}/years`, access: 'any' },
  'people of department': { method: 'GET', path: (d) => `${D(d)}/people`, access: 'any' },
  'change department settings': {
    method: 'PUT',
    path: (d) => `${D(d)}/settings`,
    body: () => ({ lateEntryDays: 31 + (unique++ % 60) }),
    access: 'admin',
  },
  'rename department': { method: 'PATCH', path: D, body: (d) => ({ name: `${d} 更名 ${next()}` }), access: 'admin' },
  'define category': {
    method: 'PUT',
    path: (d) => `${D(d)}/categories/matrix-${next()}`,
    body: () => ({ label: '矩阵类别', attributes: [{ name: 'participants', label: '参与人数', type: 'integer' }] }),
    access: 'admin',
    ok: [200, 400],
  },
  'list catalogs': { method: 'GET', path: () => '/api/catalogs', access: 'signed-in' },
  // The department already has the newest version: 400 in Chinese, after the access check.
  'apply catalog version': { method: 'POST', path: (d) => `${D(d)}/catalog/apply`, body: () => ({}), access: 'admin', ok: [400] },
  'relabel category': {
    method: 'PUT',
    path: (d) => `${D(d)}/categories/consulate-tour/label`,
    body: () => ({ label: `驻汉领馆武汉行 ${next()}` }),
    access: 'admin',
  },
  // Retired once; again: 400 (already retired).
  'retire category': {
    method: 'POST',
    path: (d) => `${D(d)}/categories/consulate-tour/retire`,
    body: () => ({ reason: '权限矩阵停用' }),
    access: 'admin',
    ok: [400],
  },

  'record activity': { method: 'POST', path: (d) => `${D(d)}/activities`, body: activity, access: ['staff'] },
  'list activities': { method: 'GET', path: (d) => `${D(d)}/activities?year=2023`, access: 'any' },
  'get activity': { method: 'GET', path: A, access: 'any' },
  'activity history': { method: 'GET', path: (d) => `${A(d)}/history`, access: 'any' },
  'amend activity': { method: 'PATCH', path: A, body: () => ({ notes: `更正 ${next()}` }), access: ['staff'] },
  'move activity': {
    method: 'POST',
    path: (d) => `${A(d)}/move`,
    body: () => ({ category: 'major-event', attributes: { participants: 10 }, reason: '调整分类' }),
    access: ['staff'],
    ok: [201, 400],
  },
  'withdraw activity': { method: 'POST', path: (d) => `${A(d)}/withdraw`, body: () => ({ reason: '权限测试撤回' }), access: ['staff'] },
  'restore activity': { method: 'POST', path: (d) => `${A(d)}/restore`, body: () => ({}), access: ['staff'] },

  'read plan': { method: 'GET', path: (d) => `${Y(d)}/plan`, access: 'any' },
  'change plan': {
    method: 'POST',
    path: (d) => `${Y(d)}/plan/changes`,
    body: () => {
      const code = `m-${next()}`;
      return {
        kind: 'define-measure',
        change: { measure: { code, name: code, unit: '场', kind: 'count', category: 'home-in-wuhan', valueType: 'count' } },
      };
    },
    access: ['reporter'],
  },
  // Starts 2024 from 2023 (its measure, item and target); again: nothing new, 201.
  'copy plan from another year': { method: 'POST', path: (d) => `${D(d)}/years/2024/plan/copy-from/2023`, access: ['reporter'] },
  progress: { method: 'GET', path: (d) => `${Y(d)}/progress`, access: 'any' },
  'drill-down': { method: 'GET', path: (d) => `${Y(d)}/progress/home/activities`, access: 'any' },
  warnings: { method: 'GET', path: (d) => `${Y(d)}/warnings`, access: 'any' },
  aggregates: { method: 'GET', path: (d) => `${Y(d)}/aggregates`, access: 'any' },
  'plan history': { method: 'GET', path: (d) => `${Y(d)}/plan/history`, access: 'any' },
  'plan score preview': { method: 'GET', path: (d) => `${Y(d)}/plan/score-preview`, access: 'any' },
  'target history': { method: 'GET', path: (d) => `${Y(d)}/targets/t-home/history`, access: 'any' },

  // 三公 records: staff or finance record them (finance alone where the department says so).
  'record trip': { method: 'POST', path: (d) => `${D(d)}/sangong/trips`, body: sangongTrip, access: ['staff', 'finance'] },
  'record reception': { method: 'POST', path: (d) => `${D(d)}/sangong/receptions`, body: sangongReception, access: ['staff', 'finance'] },
  'record vehicle': {
    method: 'POST',
    path: (d) => `${D(d)}/sangong/vehicles`,
    body: () => ({ change: 'acquired', vehicleKind: 'other', plate: `鄂A${next()}`, occurredOn: '2023-03-01' }),
    access: ['staff', 'finance'],
  },
  'record vehicle cost': {
    method: 'POST',
    path: (d) => `${D(d)}/sangong/vehicle-costs`,
    body: () => ({ line: 'vehicleRunning', postedOn: '2023-03-31', costs: { fuel: 0.01 } }),
    access: ['staff', 'finance'],
  },
  'record 三公 summary': {
    method: 'POST',
    path: (d) => `${D(d)}/sangong/summaries`,
    body: () => ({ line: 'vehicleRunning', periodStart: '2022-01-01', periodEnd: '2022-12-31', cost: 0.01, notes: next() }),
    access: ['staff', 'finance'],
  },
  'amend trip': {
    method: 'PATCH',
    path: (d) => `${D(d)}/sangong/trips/${fixtures.sangong[`${d}:trip`]}`,
    body: () => ({ notes: `更正 ${next()}` }),
    access: ['staff', 'finance'],
  },
  'amend reception': {
    method: 'PATCH',
    path: (d) => `${D(d)}/sangong/receptions/${fixtures.sangong[d]}`,
    body: () => ({ notes: `更正 ${next()}` }),
    access: ['staff', 'finance'],
  },
  'amend vehicle': {
    method: 'PATCH',
    path: (d) => `${D(d)}/sangong/vehicles/${fixtures.sangong[`${d}:vehicle`]}`,
    body: () => ({ notes: `更正 ${next()}` }),
    access: ['staff', 'finance'],
  },
  'amend vehicle cost': {
    method: 'PATCH',
    path: (d) => `${D(d)}/sangong/vehicle-costs/${fixtures.sangong[`${d}:cost`]}`,
    body: () => ({ notes: `更正 ${next()}` }),
    access: ['staff', 'finance'],
  },
  'amend 三公 summary': {
    method: 'PATCH',
    path: (d) => `${D(d)}/sangong/summaries/${fixtures.sangong[`${d}:summary`]}`,
    body: () => ({ notes: `更正 ${next()}` }),
    access: ['staff', 'finance'],
  },
  'withdraw 三公 record': {
    method: 'POST',
    path: (d) => `${S(d)}/withdraw`,
    body: () => ({ reason: '权限测试撤回' }),
    access: ['staff', 'finance'],
  },
  'restore 三公 record': { method: 'POST', path: (d) => `${S(d)}/restore`, body: () => ({}), access: ['staff', 'finance'] },
  'list 三公 records': { method: 'GET', path: (d) => `${D(d)}/sangong?year=2023`, access: 'any' },
  'get 三公 record': { method: 'GET', path: S, access: 'any' },
  '三公 record history': { method: 'GET', path: (d) => `${S(d)}/history`, access: 'any' },
  '三公 figures': { method: 'GET', path: (d) => `${Y(d)}/sangong?asOf=2023-06-30`, access: 'any' },
  '三公 drill-down': { method: 'GET', path: (d) => `${Y(d)}/sangong/receptions/records`, access: 'any' },

  'request report': { method: 'POST', path: (d) => `${Y(d)}/reports`, body: () => ({}), access: ['reporter'] },
  'report job': { method: 'GET', path: (d) => `${D(d)}/reports/jobs/no-such-job`, access: 'any', ok: [404] },
  'list reports': { method: 'GET', path: (d) => `${Y(d)}/reports`, access: 'any' },
  'get report': { method: 'GET', path: (d) => `${D(d)}/reports/no-such-report`, access: 'any', ok: [404] },
  'report xlsx': { method: 'GET', path: (d) => `${D(d)}/reports/no-such-report/xlsx`, access: 'any', ok: [404] },
  'report html': { method: 'GET', path: (d) => `${D(d)}/reports/no-such-report/html`, access: 'any', ok: [404] },
  'publish report': { method: 'POST', path: (d) => `${D(d)}/reports/no-such-report/publish`, access: ['reporter'], ok: [404] },

  'list users': { method: 'GET', path: () => '/api/users', access: 'admin' },
  'get user': { method: 'GET', path: U, access: 'admin' },
  'create user': {
    method: 'POST',
    path: () => '/api/users',
    body: () => ({ username: `u-${next()}`, password: 'a-long-password', roles: [{ department: OWN, role: 'leader' }] }),
    access: 'admin',
  },
  'set roles': {
    method: 'PUT',
    path: () => `${U()}/roles`,
    body: () => ({ roles: [{ department: OWN, role: 'leader' }] }),
    access: 'admin',
  },
  'disable user': { method: 'POST', path: () => `${U()}/disable`, access: 'admin' },
  'enable user': { method: 'POST', path: () => `${U()}/enable`, access: 'admin' },
  'set password': { method: 'PUT', path: () => `${U()}/password`, body: () => ({ password: `new-password-${next()}` }), access: 'admin' },

  me: { method: 'GET', path: () => '/api/auth/me', access: 'signed-in' },
  'change own password': {
    method: 'POST',
    path: () => '/api/auth/password',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'whatever-new-password' }),
    access: 'signed-in',
    ok: [400],
  },
  logout: {
    method: 'POST',
    path: () => '/api/auth/logout',
    body: () => ({ refreshToken: 'not-a-token' }),
    access: 'signed-in',
    endsSession: true,
  },

  metadata: { method: 'GET', path: () => '/api/meta', access: 'public' },

  // Spreadsheet import (issue 16): the template for anyone of the department, the rest staff's.
  'import template': { method: 'GET', path: (d) => `${D(d)}/import/templates/major-event.xlsx?year=2023`, access: 'any' },
  'import preview': {
    method: 'POST',
    path: (d) => `${D(d)}/import/previews?year=2023&category=major-event&filename=matrix.csv`,
    body: () => `编号,标题,日期,角色\r\nM-${next()},权限矩阵导入,2023-06-01,主办\r\n`,
    headers: { 'content-type': 'text/csv' },
    access: ['staff'],
  },
  'import preview page': {
    method: 'GET',
    path: (d) => `${D(d)}/import/previews/00000000-0000-4000-8000-000000000000`,
    access: ['staff'],
    ok: [404],
  },
  'import confirm': {
    method: 'POST',
    path: (d) => `${D(d)}/import/previews/00000000-0000-4000-8000-000000000000/confirm`,
    access: ['staff'],
    ok: [404],
  },
  // The account audit trail: every change for the admin, a department's for its auditors.
  'account audit': { method: 'GET', path: () => '/api/admin/audit', access: 'admin' },
  'department account audit': { method: 'GET', path: (d) => `${D(d)}/audit`, access: ['auditor'] },
  // Users: admins only; Prometheus uses METRICS_TOKEN instead (metrics.e2e-spec.ts).
  metrics: { method: 'GET', path: () => '/metrics', access: 'admin' },
};

/** What `who` should get on an endpoint of department `d`: 401, 403 or allowed. */
function expected(who: Who, access: Access, d: string): 401 | 403 | 'allowed' {
  if (access === 'public') return 'allowed';
  if (who === 'none') return 401;
  if (who === 'admin' || access === 'signed-in') return 'allowed';
  if (access === 'admin') return 403;
  const held = ROLES_OF[who].map((r) => r.split(':')).filter(([, dept]) => dept === d);
  if (held.length === 0) return 403;
  return access === 'any' || held.some(([role]) => (access as readonly string[]).includes(role)) ? 'allowed' : 403;
}

/** New tokens for a user whose access tokens a sign-out ended (the same object: api.request uses the admin's). */
async function signInAgain(user: TestUser): Promise<void> {
  const reply = await api.login(user.username, user.password);
  if (reply.status !== 200) throw new Error(`signing ${user.username} in again: ${reply.status}`);
  Object.assign(user, { accessToken: reply.body.accessToken, refreshToken: reply.body.refreshToken });
}

const send = (who: Who, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> =>
  api.as(who === 'none' ? null : users[who]).request(method, path, body, headers);

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `keywork-test-${process.pid}-${Date.now().toString(36)}` });
  users.admin = api.admin;
  for (const code of [OWN, OTHER]) {
    expect((await api.request('POST', '/api/departments', { code, name: `部门 ${code}` })).status).toBe(201);
    const recorded = await api.request('POST', `${D(code)}/activities`, activity());
    expect(recorded.status).toBe(201);
    fixtures.activity[code] = recorded.body.activityId;
    const sangong = async (path: string, body: unknown) => {
      const reply = await api.request('POST', `${D(code)}/sangong/${path}`, body);
      expect(reply.status).toBe(201);
      return reply.body.recordId as string;
    };
    fixtures.sangong[code] = await sangong('receptions', sangongReception());
    fixtures.sangong[`${code}:trip`] = await sangong('trips', sangongTrip());
    fixtures.sangong[`${code}:vehicle`] = await sangong('vehicles', {
      change: 'acquired',
      vehicleKind: 'other',
      plate: '鄂A·00001',
      occurredOn: '2023-01-05',
    });
    fixtures.sangong[`${code}:cost`] = await sangong('vehicle-costs', {
      line: 'vehiclePurchase',
      postedOn: '2023-01-05',
      costs: { purchase: 10 },
    });
    fixtures.sangong[`${code}:summary`] = await sangong('summaries', {
      line: 'tripsAbroad',
      periodStart: '2022-01-01',
      periodEnd: '2022-12-31',
      cost: 1,
      groups: 1,
      persons: 1,
    });
    const measure = { code: 'home', name: '家在武汉', unit: '场', kind: 'count', category: 'home-in-wuhan', valueType: 'count' };
    expect((await api.request('POST', `${Y(code)}/plan/changes`, { kind: 'define-measure', change: { measure } })).status).toBe(201);
    const target = { id: 't-home', plan: { kind: 'key-work', item: 6 }, measure: 'home', direction: '>=', value: 4 };
    await api.request('POST', `${Y(code)}/plan/changes`, {
      kind: 'set-key-work-item',
      change: { item: { no: 6, matter: '家在武汉', content: '家在武汉', milestones: [] } },
    });
    expect((await api.request('POST', `${Y(code)}/plan/changes`, { kind: 'set-target', change: { target } })).status).toBe(201);
  }
  // The read models must show both departments (the runner leaves events of transactions still open anywhere for later).
  await until(
    'both departments projected',
    async () => {
      await api.project();
      const listed = (await api.request('GET', '/api/departments')).body as { code: string }[];
      return [OWN, OTHER].every((code) => listed.some((d) => d.code === code));
    },
    20_000,
  );
  for (const [who, roles] of Object.entries(ROLES_OF))
    users[who as keyof typeof ROLES_OF] = await api.createUser(`matrix-${who.toLowerCase()}`, roles);
  fixtures.target = (await api.createUser('matrix-target', [`leader:${OWN}`])).id;
});

afterAll(async () => {
  if (api) {
    await api.app
      .get<Queue>(getQueueToken(REPORT_QUEUE))
      .obliterate({ force: true })
      .catch(() => undefined);
    await api.close();
  }
});

describe('the access matrix: every endpoint × every role × own and other department', () => {
  const cases = Object.entries(ENDPOINTS).flatMap(([name, endpoint]) => {
    const departments = endpoint.path(OWN) === endpoint.path(OTHER) ? [OWN] : [OWN, OTHER];
    return departments.flatMap((d) => WHO.map((who) => ({ name, endpoint, d, who, want: expected(who, endpoint.access, d) })));
  });

  it.each(cases)('$endpoint.method $name ($d) as $who → $want', async ({ endpoint, d, who, want }) => {
    const reply = await send(who, endpoint.method, endpoint.path(d), endpoint.body?.(d), endpoint.headers);
    if (endpoint.endsSession && who !== 'none' && reply.status < 300) await signInAgain(users[who]);
    if (want === 'allowed') {
      const ok = endpoint.ok ?? [];
      const fine = (reply.status >= 200 && reply.status < 300) || reply.status === 409 || ok.includes(reply.status);
      expect({ status: reply.status, fine, body: fine ? undefined : reply.body }).toEqual({
        status: reply.status,
        fine: true,
        body: undefined,
      });
    } else {
      expect({ status: reply.status, error: reply.body?.error }).toEqual({
        status: want,
        error: want === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN',
      });
    }
  });

  it('answers 403 the same way for a department that does not exist (existence does not leak)', async () => {
    const known = await send('staff', 'GET', `${D(OTHER)}/activities`);
    const unknown = await send('staff', 'GET', `${D('no-such-dept')}/activities`);
    expect([known.status, unknown.status]).toEqual([403, 403]);
    expect(unknown.body).toEqual(known.body);
    expect((await send('admin', 'GET', `${D('no-such-dept')}/activities/${fixtures.activity[OWN]}`)).status).toBe(404);
  });

  it('lists only the departments a user holds a role in; the admin sees all', async () => {
    const codes = async (who: Who) => ((await send(who, 'GET', '/api/departments')).body as { code: string }[]).map((d) => d.code);
    expect(await codes('staff')).toEqual([OWN]);
    expect(await codes('otherStaff')).toEqual([OTHER]);
    expect(await codes('admin')).toEqual(expect.arrayContaining([OWN, OTHER]));
  });
});

describe('tokens', () => {
  const jwt = () => new JwtService({ secret: DEV_JWT_SECRET });
  const claims = (user: TestUser, roles = [{ department: OWN, role: 'staff' }]) => ({ username: user.username, roles, typ: 'access' });
  const asToken = (token: string) => api.as(token).request('GET', `${D(OWN)}/activities`);

  it('answers 401 to an expired token', async () => {
    const expired = jwt().sign(
      { ...claims(users.staff), exp: Math.floor(Date.now() / 1000) - 60 },
      { subject: users.staff.id, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );
    const reply = await asToken(expired);
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers 401 to tampered, foreign, unsigned and malformed tokens', async () => {
    const [header, , signature] = users.staff.accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims(users.staff, [{ department: '*', role: 'admin' }]), sub: users.staff.id }),
    ).toString('base64url');
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forged}.`;
    const otherSecret = new JwtService({ secret: 'another-secret-another-secret-another' }).sign(claims(users.staff), {
      subject: users.staff.id,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    const noIssuer = jwt().sign(claims(users.staff), { subject: users.staff.id, expiresIn: 600 });
    for (const token of [
      `${header}.${forged}.${signature}`,
      users.staff.accessToken.replace(/\.[^.]+$/, `.${flipped}`),
      none,
      otherSecret,
      noIssuer,
      users.staff.refreshToken,
      'garbage',
    ]) {
      expect((await asToken(token)).status).toBe(401);
    }
    expect(
      (await api.as(null).request('GET', '/api/auth/me', undefined, { authorization: `Basic ${users.staff.accessToken}` })).status,
    ).toBe(401);
    expect((await asToken(users.staff.accessToken)).status).toBe(200);
  });

  it('answers 403 to a token whose role was removed, at the next request', async () => {
    const demoted = await api.createUser('matrix-demoted', [`staff:${OWN}`]);
    expect((await api.as(demoted).request('POST', `${D(OWN)}/activities`, activity())).status).toBe(201);
    const changed = await api.request('PUT', `/api/users/${demoted.id}/roles`, { roles: [{ department: OWN, role: 'leader' }] });
    expect(changed.status).toBe(200);
    // The token still claims staff; the server reads the roles it holds now.
    const claimed = JSON.parse(Buffer.from(demoted.accessToken.split('.')[1], 'base64url').toString());
    expect(claimed.roles).toEqual([{ department: OWN, role: 'staff' }]);
    const refused = await api.as(demoted).request('POST', `${D(OWN)}/activities`, activity());
    expect([refused.status, refused.body.error]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await api.as(demoted).request('GET', `${D(OWN)}/activities`)).status).toBe(200);
    expect((await api.as(demoted).request('GET', '/api/auth/me')).body.roles).toEqual([{ department: OWN, role: 'leader' }]);
  });

  it('applies a role change made by another api process within the cache time', async () => {
    const user = await api.createUser('matrix-elsewhere', [`staff:${OWN}`]);
    expect((await api.as(user).request('POST', `${D(OWN)}/activities`, activity())).status).toBe(201);
    await api.db.pool.query('DELETE FROM user_roles WHERE user_id = $1', [user.id]);
    // The api's elapsed time is moved on, not waited for: the cached roles hold until PRINCIPAL_TTL_MS is up.
    api.time.advance(PRINCIPAL_TTL_MS - 1);
    expect((await api.as(user).request('POST', `${D(OWN)}/activities`, activity())).status).toBe(201);
    api.time.advance(1);
    expect((await api.as(user).request('POST', `${D(OWN)}/activities`, activity())).status).toBe(403);
  });

  it('answers 401 to a disabled user: its token, its refresh token and its password', async () => {
    const user = await api.createUser('matrix-disabled', [`staff:${OWN}`]);
    expect((await api.as(user).request('GET', '/api/auth/me')).status).toBe(200);
    expect((await api.request('POST', `/api/users/${user.id}/disable`)).status).toBe(200);
    expect((await api.as(user).request('GET', '/api/auth/me')).status).toBe(401);
    expect((await api.as(user).request('GET', `${D(OWN)}/activities`)).status).toBe(401);
    expect((await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    const login = await api.login(user.username, user.password);
    expect([login.status, login.body.message]).toEqual([401, 'Wrong username or password']);
    expect((await api.request('POST', `/api/users/${user.id}/enable`)).status).toBe(200);
    expect((await api.login(user.username, user.password)).status).toBe(200);
  });

  it('refuses to disable or demote the last admin', async () => {
    expect((await api.request('POST', `/api/users/${api.admin.id}/disable`)).status).toBe(409);
    const demote = await api.request('PUT', `/api/users/${api.admin.id}/roles`, { roles: [] });
    expect([demote.status, demote.body.error]).toEqual([409, 'USER.LAST_ADMIN']);
    expect((await api.request('GET', '/api/auth/me')).body.roles).toEqual([{ department: '*', role: 'admin' }]);
  });
});

describe('sign-in', () => {
  it('answers a login with the token pair and the user; the access token is an HS256 JWT of 15 minutes', async () => {
    const reply = await api.login(users.staff.username, users.staff.password);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresIn: 7 * 86_400,
      user: {
        id: users.staff.id,
        username: users.staff.username,
        displayName: users.staff.username,
        roles: [{ department: OWN, role: 'staff' }],
      },
    });
    const [header, payload] = reply.body.accessToken
      .split('.')
      .slice(0, 2)
      .map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: users.staff.id,
      username: users.staff.username,
      roles: [{ department: OWN, role: 'staff' }],
      typ: 'access',
    });
    expect(payload.exp - payload.iat).toBe(900);
    const stored = await api.db.pool.query('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [users.staff.id]);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(reply.body.refreshToken);
  });

  it('answers wrong credentials with one generic 401, whether or not the user exists', async () => {
    const wrongPassword = await api.login(users.leader.username, 'wrong-password');
    const noSuchUser = await api.login('nobody-at-all', 'wrong-password');
    expect([wrongPassword.status, noSuchUser.status]).toEqual([401, 401]);
    expect(wrongPassword.body).toEqual(noSuchUser.body);
    expect(wrongPassword.body.error).toBe('AUTH.INVALID_CREDENTIALS');
    expect((await api.as(null).request('POST', '/api/auth/login', { username: 'x' })).status).toBe(400);
  });

  it('rotates refresh tokens: each works once, and a reused one signs the user out everywhere', async () => {
    const first = await api.login(users.reporter.username, users.reporter.password);
    const second = await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await api.as(second.body.accessToken).request('GET', '/api/auth/me')).body.id).toBe(users.reporter.id);
    const reused = await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(reused.status).toBe(401);
    // The copy was used: the legitimate successor is revoked too.
    expect((await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: 'made-up' })).status).toBe(401);
  });

  it('revokes the refresh token at logout', async () => {
    const session = await api.login(users.auditor.username, users.auditor.password);
    const out = await api.as(session.body.accessToken).request('POST', '/api/auth/logout', { refreshToken: session.body.refreshToken });
    expect(out.status).toBe(204);
    expect((await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(401);
  });

  it('changes one’s own password with the current one', async () => {
    const user = await api.createUser('matrix-password', [`leader:${OWN}`]);
    const changed = await api
      .as(user)
      .request('POST', '/api/auth/password', { currentPassword: user.password, newPassword: 'a-brand-new-password' });
    expect(changed.status).toBe(204);
    expect((await api.login(user.username, user.password)).status).toBe(401);
    expect((await api.login(user.username, 'a-brand-new-password')).status).toBe(200);
    expect((await api.as(null).request('POST', '/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it(`rate-limits sign-in: more than ${LOGIN_LIMITS.perUser} attempts a minute for one username from one address get 429`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perUser; i++) statuses.push((await api.login('matrix-guessed', `guess-${i}`)).status);
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.perUser).fill(401), 429]);
    const limited = await api.login('matrix-guessed', 'guess-again');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another username from the same address is not limited.
    expect((await api.login(users.leader.username, users.leader.password)).status).toBe(200);
  });
});

describe('the acting user', () => {
  it('is the signed-in user in every event’s metadata; X-Actor is ignored', async () => {
    const recorded = await api.as(users.staff).request('POST', `${D(OWN)}/activities`, activity(), { 'X-Actor': 'someone-else' });
    expect(recorded.status).toBe(201);
    const events = await api.db.pool.query(`SELECT metadata FROM events WHERE stream_id = $1`, [`activity-${recorded.body.activityId}`]);
    expect(events.rows.map((r) => r.metadata.actor)).toEqual([users.staff.id]);
  });
});

describe('the OpenAPI document', () => {
  const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/refresh', 'GET /health', 'GET /api/meta']);
  const SAMPLE: Record<string, string> = { department: OWN, year: '2023', id: '00000000-0000-4000-8000-000000000000' };

  it('declares bearer auth, and every operation that is not public answers 401 without a token', async () => {
    const doc = await api.as(null).request('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.body.security).toEqual([{ bearer: [] }]);
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
    expect(operations.length).toBeGreaterThan(35);
    const answers: string[] = [];
    for (const { method, path, operation } of operations) {
      const key = `${method} ${path}`;
      if (PUBLIC.has(key) || !/^\/(api|admin)\//.test(path)) {
        expect({ key, security: operation.security }).toEqual({ key, security: [] });
        continue;
      }
      expect({ key, security: operation.security }).toEqual({ key, security: undefined });
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? 'x-sample');
      const reply = await api.as(null).request(method, concrete, ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
      answers.push(`${key} → ${reply.status}`);
    }
    expect(answers.filter((a) => !a.endsWith('→ 401'))).toEqual([]);
  });

  it('documents the auth endpoints', async () => {
    const doc = (await api.as(null).request('GET', '/api/docs-json')).body;
    for (const path of [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/users',
      '/api/users/{id}/roles',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/auth/login'].post.responses).toHaveProperty('200');
    expect(doc.paths['/api/auth/login'].post.responses).toHaveProperty('429');
  });
});

describe('the pages and operator tools', () => {
  it('serves the web pages and the API docs without a token', async () => {
    expect((await api.as(null).request('GET', '/health')).status).not.toBe(401);
    expect((await api.as(null).request('GET', '/api/docs')).status).toBe(200);
    const page = await api.as(null).request('GET', '/', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
  });

  it('admits only the admin to /admin/queues: Bearer header, or ?access_token= then its cookie', async () => {
    expect((await send('none', 'GET', '/admin/queues')).status).toBe(401);
    expect((await send('staff', 'GET', '/admin/queues')).status).toBe(403);
    expect((await send('none', 'GET', `/admin/queues?access_token=${users.staff.accessToken}`)).status).toBe(403);
    expect((await send('admin', 'GET', '/admin/queues')).status).toBe(200);
    expect((await send('none', 'GET', '/ADMIN/queues', undefined, { accept: 'application/json' })).status).toBe(401);
    const visit = await send('none', 'GET', `/admin/queues?access_token=${api.admin.accessToken}`);
    expect(visit.status).toBe(200);
    const cookie = visit.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kw_queue_admin=.+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    const queues = await send('none', 'GET', '/admin/queues/api/queues', undefined, { cookie: cookie.split(';')[0] });
    expect(queues.status).toBe(200);
    expect((await send('none', 'GET', '/admin/queues/api/queues')).status).toBe(401);
  });

  it('takes ?access_token= for the department stream only, never for other routes', async () => {
    expect((await send('none', 'GET', `${D(OWN)}/activities?access_token=${users.staff.accessToken}`)).status).toBe(401);
    expect((await send('none', 'GET', `${D(OWN)}/stream`)).status).toBe(401);
    // Express routes paths case-insensitively; the guard goes by the route, not the URL's case.
    const json = { accept: 'application/json' };
    expect((await send('none', 'GET', `/API/departments/${OWN}/stream`, undefined, json)).status).toBe(401);
    expect((await send('none', 'GET', `/Api/Departments/${OWN}/activities`, undefined, json)).status).toBe(401);
    expect((await send('none', 'GET', `${D(OTHER)}/stream?access_token=${users.staff.accessToken}`)).status).toBe(403);
    const controller = new AbortController();
    const stream = await fetch(`${api.baseUrl}${D(OWN)}/stream?access_token=${users.staff.accessToken}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });
});
