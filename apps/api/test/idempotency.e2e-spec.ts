import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness, type Reply, type TestUser } from './api-harness';

/**
 * Idempotency-Key over HTTP (docs/architecture.md, "Idempotency"): a key is scoped by department
 * and user, and bound to the request's content. The same request replays the first result; the
 * same key from another user or department is a command of its own; the same key with another
 * request is 422 COMMAND.KEY_REUSED and writes nothing.
 */
let api: ApiHarness;
let a1: TestUser;
let a2: TestUser;
let b1: TestUser;
const A = '/api/departments/idem-a';
const B = '/api/departments/idem-b';
const KEY = 'shared-key-0001';

const activity = (overrides: Record<string, unknown> = {}) => ({
  category: 'home-in-wuhan',
  title: '幂等键测试活动',
  occurredOn: '2023-05-10',
  role: '主办',
  attributes: { participants: 12 },
  ...overrides,
});

const eventCount = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
const eventsOf = async (activityId: string) =>
  (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1', [`%${activityId}`])).rows[0].n;

function expectRecorded(reply: Reply, replayed: boolean): string {
  expect(reply.status).toBe(201);
  expect(reply.headers.get('idempotent-replayed')).toBe(replayed ? 'true' : null);
  return reply.body.activityId as string;
}

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-06-01T02:00:00Z');
  for (const [code, name] of [
    ['idem-a', '幂等测试甲'],
    ['idem-b', '幂等测试乙'],
  ]) {
    expect((await api.request('POST', '/api/departments', { code, name })).status).toBe(201);
  }
  a1 = await api.createUser('idem-a1', ['staff:idem-a']);
  a2 = await api.createUser('idem-a2', ['staff:idem-a']);
  b1 = await api.createUser('idem-b1', ['staff:idem-b']);
});

afterAll(async () => {
  await api?.close();
});

describe('Idempotency-Key', () => {
  let first: string;

  it('replays the first result for the same key and the same request of the same user: one event', async () => {
    const before = await eventCount();
    first = expectRecorded(await api.as(a1).request('POST', `${A}/activities`, activity(), { 'Idempotency-Key': KEY }), false);
    const again = await api.as(a1).request('POST', `${A}/activities`, activity(), { 'Idempotency-Key': KEY });
    expect(expectRecorded(again, true)).toBe(first);
    expect(again.body).toEqual({ activityId: first, version: 1 });
    // The same content with its keys in another order is the same request.
    const reordered = JSON.stringify({
      attributes: { participants: 12 },
      role: '主办',
      occurredOn: '2023-05-10',
      title: '幂等键测试活动',
      category: 'home-in-wuhan',
    });
    expect(expectRecorded(await api.as(a1).request('POST', `${A}/activities`, reordered, { 'Idempotency-Key': KEY }), true)).toBe(first);
    expect(await eventCount()).toBe(before + 1);
    const stored = await api.db.pool.query<{ command_id: string; fingerprint: string }>(
      'SELECT command_id, fingerprint FROM processed_commands WHERE stream_id LIKE $1',
      [`%${first}`],
    );
    expect(stored.rows).toEqual([{ command_id: `http:idem-a:${a1.id}:${KEY}`, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('records a new activity in their own department for a user of another department using the same key', async () => {
    const theirs = expectRecorded(await api.as(b1).request('POST', `${B}/activities`, activity(), { 'Idempotency-Key': KEY }), false);
    expect(theirs).not.toBe(first);
    await api.project();
    const read = await api.as(b1).request('GET', `${B}/activities/${theirs}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ title: '幂等键测试活动' });
    expect((await api.as(b1).request('GET', `${B}/activities/${first}`)).status).toBe(404);
    expect(await eventsOf(theirs)).toBe(1);
  });

  it('records a new activity for another user of the same department using the same key', async () => {
    const theirs = expectRecorded(await api.as(a2).request('POST', `${A}/activities`, activity(), { 'Idempotency-Key': KEY }), false);
    expect(theirs).not.toBe(first);
    expect(await eventsOf(theirs)).toBe(1);
    // Their own retry replays their own result.
    expect(expectRecorded(await api.as(a2).request('POST', `${A}/activities`, activity(), { 'Idempotency-Key': KEY }), true)).toBe(theirs);
  });

  it.each([
    ['another title', 'POST', '/activities', activity({ title: '另一项活动' })],
    ['another date', 'POST', '/activities', activity({ occurredOn: '2023-05-11' })],
    ['a field more', 'POST', '/activities', activity({ notes: '备注' })],
    ['another route', 'POST', '/activities/:first/withdraw', { reason: '重复登记' }],
  ])('refuses the same key with %s: 422 COMMAND.KEY_REUSED, nothing written, never the first result', async (_, method, path, body) => {
    const before = await eventCount();
    const reply = await api.as(a1).request(method, `${A}${path.replace(':first', first)}`, body, { 'Idempotency-Key': KEY });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ statusCode: 422, error: 'COMMAND.KEY_REUSED', message: expect.stringContaining('幂等键') });
    expect(JSON.stringify(reply.body)).not.toContain(first);
    expect(reply.headers.get('idempotent-replayed')).toBeNull();
    expect(await eventCount()).toBe(before);
    // The first activity is untouched.
    await api.project();
    const read = await api.as(a1).request('GET', `${A}/activities/${first}`);
    expect(read.body).toMatchObject({ title: '幂等键测试活动', occurredOn: '2023-05-10', version: 1 });
  });

  it("answers a body too deep to fingerprint with the body check's 400, not a 500", async () => {
    const deep = `{"title": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const reply = await api.as(a1).request('POST', `${A}/activities`, deep, { 'Idempotency-Key': 'deep-body-0001' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('VALIDATION.FAILED');
  });

  it('scopes a key on a route without a department to the user, and binds it to the body too', async () => {
    const key = 'create-dept-0001';
    const created = await api.request('POST', '/api/departments', { code: 'idem-c', name: '幂等测试丙' }, { 'Idempotency-Key': key });
    expect(created.status).toBe(201);
    const before = await eventCount();
    const again = await api.request('POST', '/api/departments', { code: 'idem-c', name: '幂等测试丙' }, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created.body);
    const other = await api.request('POST', '/api/departments', { code: 'idem-d', name: '幂等测试丁' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('COMMAND.KEY_REUSED');
    expect(await eventCount()).toBe(before);
    const command = await api.db.pool.query<{ command_id: string }>('SELECT command_id FROM processed_commands WHERE command_id LIKE $1', [
      `%:${key}`,
    ]);
    expect(command.rows).toEqual([{ command_id: `http:-:${api.admin.id}:${key}` }]);
  });
});
