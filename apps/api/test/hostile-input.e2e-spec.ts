import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PLAN_CHANGE_KINDS } from '@app/tracking';
import { startApi, type ApiHarness } from './api-harness';

/**
 * Random and boundary input against every command endpoint: the answer is always a success or a
 * 400 (never a 500), and a refused command writes nothing.
 */
let api: ApiHarness;
let activityId: string;
const D = '/api/departments/wh-fuzz';

const eventCount = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u0007\b\t\n\r',
    '举办“湖北武汉香港周”',
    'مرحبا שלום Привет 你好 🙂',
    "'; DROP TABLE events; --",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    '2023-02-30',
    '2023-13-01',
    '0000-00-00',
    '2023-02-29',
    '2024-02-29',
    '__proto__',
    'constructor',
    'x'.repeat(10_000),
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 53), 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 5 }),
  fc.letrec((tie) => ({ deep: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.record({ a: tie('deep') })) })).deep,
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const recordBody = fc.record(
  {
    category: fc.oneof(fc.constantFrom('major-event', 'home-in-wuhan', 'new-friendship-city', 'milestone'), nasty),
    title: fc.oneof(fc.constantFrom('一场活动', '举办“家在武汉”端午文化体验活动'), nasty),
    occurredOn: fc.oneof(fc.constantFrom('2023-06-01', '2023-02-28'), nasty),
    role: fc.oneof(fc.constantFrom('主办', '协办', '配合'), nasty),
    attributes: maybe(
      fc.oneof(
        fc.record({ participants: fc.oneof(fc.nat(), nasty) }, { requiredKeys: [] }),
        fc.record({ city: nasty, country: nasty, relation: nasty, level: nasty }, { requiredKeys: [] }),
        nasty,
      ),
    ),
    parentId: maybe(fc.oneof(fc.uuid(), nasty)),
    alsoCountsFor: maybe(fc.oneof(fc.array(fc.oneof(fc.constantFrom('major-events'), nasty), { maxLength: 3 }), nasty)),
    notes: maybe(nasty),
  },
  { requiredKeys: [] },
);

const amendBody = fc.record(
  { title: nasty, occurredOn: nasty, role: nasty, category: nasty, attributes: nasty, parentId: nasty, alsoCountsFor: nasty, notes: nasty },
  { requiredKeys: [] },
);

const planKinds = fc.constantFrom(...PLAN_CHANGE_KINDS);
const planBody = fc.record(
  {
    kind: fc.oneof(planKinds, nasty),
    change: fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          'measure',
          'item',
          'project',
          'goal',
          'target',
          'targetId',
          'value',
          'reason',
          'scope',
          'budget',
          'line',
          'sangongKind',
          'adjustment',
          'id',
          'text',
          'no',
          'measuredOn',
        ),
        nasty,
        { maxKeys: 6 },
      ),
      nasty,
    ),
  },
  { requiredKeys: [] },
);

async function expectSafe(method: string, path: string, body: unknown, raw = false): Promise<number> {
  const before = await eventCount();
  const reply = await api.request(method, path, raw ? (body as string) : body);
  const after = await eventCount();
  if (![200, 201, 400, 404, 409, 413].includes(reply.status)) {
    throw new Error(
      `${method} ${path} answered ${reply.status} for ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
  }
  if (reply.status >= 400) expect(after).toBe(before);
  else expect(after).toBeGreaterThanOrEqual(before);
  return reply.status;
}

beforeAll(async () => {
  api = await startApi();
  expect((await api.request('POST', '/api/departments', { code: 'wh-fuzz', name: '模糊测试部门' })).status).toBe(201);
  const created = await api.request('POST', `${D}/activities`, {
    category: 'home-in-wuhan',
    title: '被修改的活动',
    occurredOn: '2023-05-01',
    role: '主办',
  });
  activityId = created.body.activityId;
  await api.request('POST', `${D}/years/2023/plan/changes`, {
    kind: 'define-measure',
    change: { measure: { code: 'home', name: '家在武汉', unit: '场', kind: 'count', category: 'home-in-wuhan', valueType: 'count' } },
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('hostile input never causes a 500 or a partial write', () => {
  it('record activity', async () => {
    await fc.assert(
      fc.asyncProperty(recordBody, async (body) => void (await expectSafe('POST', `${D}/activities`, body))),
      { numRuns: 600 },
    );
  });

  it('amend, move and withdraw', async () => {
    await fc.assert(
      fc.asyncProperty(amendBody, fc.constantFrom('PATCH', 'move', 'withdraw'), async (body, action) => {
        const path = action === 'PATCH' ? `${D}/activities/${activityId}` : `${D}/activities/${activityId}/${action}`;
        await expectSafe(action === 'PATCH' ? 'PATCH' : 'POST', path, body);
      }),
      { numRuns: 500 },
    );
  });

  it('plan changes', async () => {
    await fc.assert(
      fc.asyncProperty(planBody, async (body) => void (await expectSafe('POST', `${D}/years/2023/plan/changes`, body))),
      {
        numRuns: 600,
      },
    );
  });

  it('prototype-pollution keys and malformed JSON', async () => {
    const bodies = [
      '{"__proto__": {"polluted": true}, "category": "home-in-wuhan", "title": "x", "occurredOn": "2023-01-01", "role": "主办"}',
      '{"category": "home-in-wuhan", "title": "x", "occurredOn": "2023-01-01", "role": "主办", "attributes": {"__proto__": {"participants": 1}}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      '{"category": "home-in-wuhan", "title": "x", "occurredOn": "2023-01-01", "role": "主办", "attributes": {"constructor": 1}}',
      '{',
      '[]',
      'null',
      '"just a string"',
      `{"title": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ];
    const statuses = [];
    for (const body of bodies) statuses.push(await expectSafe('POST', `${D}/activities`, body, true));
    // __proto__ and constructor keys are dropped by the DTO transformation (nothing reaches a
    // prototype); a top-level constructor is an unknown field; malformed or too deep bodies are 400s.
    expect(statuses).toEqual([201, 201, 400, 201, 400, 400, 400, 400, 400]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('participants');
    const stored = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%polluted%' OR data::text LIKE '%__proto__%' OR data->'attributes' ? 'constructor'`,
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('stores SQL and HTML injection strings verbatim', async () => {
    const title = `'); DROP TABLE events; -- <script>alert("x")</script> =1+1`;
    const created = await api.request('POST', `${D}/activities`, {
      category: 'home-in-wuhan',
      title,
      occurredOn: '2023-07-01',
      role: '主办',
    });
    expect(created.status).toBe(201);
    await api.project();
    const read = await api.request('GET', `${D}/activities/${created.body.activityId}`);
    expect(read.body.title).toBe(title);
    const listed = await api.request('GET', `${D}/activities?q=${encodeURIComponent("'); DROP")}&year=2023`);
    expect(listed.body.items.map((a: { title: string }) => a.title)).toContain(title);
  });
});

describe('the character U+0000, which PostgreSQL cannot store', () => {
  it('is refused with 400 naming the field, in a body and in a query, and nothing is written', async () => {
    const before = await eventCount();
    const body = { category: 'major-event', title: '\u0000', occurredOn: '2023-06-01', role: '主办' };
    const recorded = await api.request('POST', `${D}/activities`, body);
    expect(recorded.status).toBe(400);
    expect(recorded.body.errors).toEqual([{ field: 'title', reason: 'must not contain the character U+0000' }]);
    const nested = await api.request('POST', `${D}/activities`, { ...body, title: '一场活动', attributes: { counterpart: 'a\u0000' } });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].field).toBe('attributes.counterpart');
    const listed = await api.request('GET', `${D}/activities?q=%00`);
    expect(listed.status).toBe(400);
    expect(listed.body.errors[0].field).toBe('q');
    expect(await eventCount()).toBe(before);
  });
});
