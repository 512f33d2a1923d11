import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS } from '../src/auth/login-limiter';
import { startApi, type ApiHarness, type TestUser } from './api-harness';

/** Issue 17: the api's GET /metrics for Prometheus (scrape token or an admin), with what a command leaves there. */
const TOKEN = 'metrics-e2e-scrape-token-0123456789abcdef';
const D = '/api/departments/wh-metrics';
const activity = (title: string) => ({
  category: 'home-in-wuhan',
  title,
  occurredOn: '2023-06-01',
  role: '主办',
  attributes: { participants: 10 },
});

let api: ApiHarness;
let leader: TestUser;
let activityId: string;

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  api.as(null).request('GET', '/metrics', undefined, headers);

/** The value of one series of the exposition, or undefined. */
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

beforeAll(async () => {
  api = await startApi({ METRICS_TOKEN: TOKEN });
  expect((await api.request('POST', '/api/departments', { code: 'wh-metrics', name: '指标测试外办' })).status).toBe(201);
  const recorded = await api.request('POST', `${D}/activities`, activity('指标测试活动'), { 'Idempotency-Key': 'metrics-record-0001' });
  expect(recorded.status).toBe(201);
  activityId = recorded.body.activityId;
  // The same request again: answered from the first run.
  const replay = await api.request('POST', `${D}/activities`, activity('指标测试活动'), { 'Idempotency-Key': 'metrics-record-0001' });
  expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
  expect((await api.request('PATCH', `${D}/activities/${activityId}`, { notes: '更正' }, { 'If-Match': '"1"' })).status).toBe(200);
  expect((await api.request('PATCH', `${D}/activities/${activityId}`, { notes: '再更正' }, { 'If-Match': '"1"' })).status).toBe(409);
  const unknown = '00000000-0000-4000-8000-000000000000';
  expect((await api.request('POST', `${D}/activities/${unknown}/withdraw`, { reason: '不存在' })).status).toBe(404);
  for (let i = 0; i <= LOGIN_LIMITS.perUser; i++) await api.login('metrics-guessed', `guess-${i}`);
  leader = await api.createUser('metrics-leader', ['leader:wh-metrics']);
});

afterAll(async () => {
  await api?.close();
});

describe('GET /metrics', () => {
  it('answers the scrape token with the Prometheus text format and the metrics of what happened', async () => {
    const reply = await scrape();
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = reply.body as string;
    // Commands by type and outcome.
    expect(sample(text, 'keywork_commands_total', { command: 'RecordActivity', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'keywork_commands_total', { command: 'RecordActivity', outcome: 'replayed' })).toBe(1);
    expect(sample(text, 'keywork_commands_total', { command: 'AmendActivity', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'keywork_commands_total', { command: 'AmendActivity', outcome: 'conflict' })).toBe(1);
    expect(sample(text, 'keywork_commands_total', { command: 'WithdrawActivity', outcome: 'refused-ACTIVITY.NOT_FOUND' })).toBe(1);
    expect(sample(text, 'keywork_commands_total', { command: 'CreateDepartment', outcome: 'ok' })).toBe(1);
    // Events appended, by type prefix: the department's creation, the activity's record and amendment.
    expect(sample(text, 'keywork_events_appended_total', { type_prefix: 'activity' })).toBe(2);
    expect(sample(text, 'keywork_events_appended_total', { type_prefix: 'department' })).toBeGreaterThanOrEqual(1);
    // Request durations by route template, method and status class; never a raw URL.
    const recorded = { route: '/api/departments/:department/activities', method: 'POST', status_class: '2xx' };
    expect(sample(text, 'keywork_http_request_duration_seconds_count', recorded)).toBe(2);
    expect(sample(text, 'keywork_http_request_duration_seconds_bucket', { ...recorded, le: '+Inf' })).toBe(2);
    const amended = { route: '/api/departments/:department/activities/:id', method: 'PATCH' };
    expect(sample(text, 'keywork_http_request_duration_seconds_count', { ...amended, status_class: '4xx' })).toBe(1);
    expect(text).not.toContain(activityId);
    expect(text).not.toContain('wh-metrics');
    // The login limiter's refusals, the dependencies as /health sees them, the process.
    expect(sample(text, 'keywork_login_limited_total', { reason: 'user-address' })).toBe(1);
    expect(sample(text, 'keywork_dependency_up', { dependency: 'database' })).toBe(1);
    expect(sample(text, 'keywork_dependency_up', { dependency: 'redis' })).toBe(1);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('answers 401 without a token or with a wrong one, also to a browser', async () => {
    const none = await scrape({});
    expect([none.status, none.body.error, none.headers.get('www-authenticate')]).toEqual([
      401,
      'AUTH.UNAUTHENTICATED',
      'Bearer realm="keywork"',
    ]);
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await scrape({ accept: 'text/html' })).status).toBe(401);
    expect((await api.as(null).request('GET', `/metrics?access_token=${api.admin.accessToken}`)).status).toBe(401);
  });

  it('answers 403 to a user who is not an admin, 200 to an admin', async () => {
    const refused = await api.as(leader).request('GET', '/metrics');
    expect([refused.status, refused.body.error]).toEqual([403, 'AUTH.FORBIDDEN']);
    const admin = await api.request('GET', '/metrics');
    expect(admin.status).toBe(200);
    expect(admin.body).toContain('keywork_commands_total');
  });

  it('counts the scrapes themselves under their route, and stays out of the OpenAPI document', async () => {
    await scrape();
    const text = (await scrape()).body as string;
    expect(
      sample(text, 'keywork_http_request_duration_seconds_count', { route: '/metrics', method: 'GET', status_class: '2xx' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'keywork_http_request_duration_seconds_count', { route: '/metrics', status_class: '4xx' })).toBeGreaterThanOrEqual(
      1,
    );
    const doc = await api.as(null).request('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });
});
