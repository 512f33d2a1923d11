import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import fc from 'fast-check';
import { REPORT_QUEUE } from '@app/reporting/jobs';
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
  // Its own queue prefix: the route sweep may request a report build, which must not reach anyone's worker.
  api = await startApi({ QUEUE_PREFIX: `keywork-hostile-${process.pid}-${Date.now().toString(36)}` });
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
  if (!api) return;
  await api.app
    .get<Queue>(getQueueToken(REPORT_QUEUE))
    .obliterate({ force: true })
    .catch(() => undefined);
  await api.close();
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

const CHINESE = /[\u4e00-\u9fff]/;

describe('category definitions: a client’s mistake is a 400, never a stored definition that breaks recording', () => {
  const put = (code: string, body: unknown) => api.request('PUT', `${D}/categories/${code}`, body);
  const record = (category: string, attributes: unknown) =>
    api.request('POST', `${D}/activities`, { category, title: '招待会', occurredOn: '2023-03-01', role: '主办', attributes });

  it.each<[string, unknown[], string]>([
    ['attributes: [null]', [null], 'attributes[0]'],
    ['an attribute without a key', [{ label: '人数', type: 'integer' }], 'attributes[0].name'],
    [
      'duplicate keys',
      [
        { name: 'guests', label: '来宾', type: 'integer' },
        { name: 'guests', label: '来宾', type: 'text' },
      ],
      'attributes[1].name',
    ],
    ['an unknown attribute type', [{ name: 'on', label: '日期', type: 'date' }], 'attributes[0].type'],
    ['an enum without options', [{ name: 'level', label: '层级', type: 'enum' }], 'attributes[0].options'],
    ['an option that is not text', [{ name: 'level', label: '层级', type: 'enum', options: { city: null } }], 'attributes[0].options.city'],
    ['a list as an attribute', [['guests', 'integer']], 'attributes[0]'],
  ])('%s: 400 naming the field, the reason in Chinese, nothing written', async (_, attributes, field) => {
    const before = await eventCount();
    const reply = await put('gala', { label: '招待会', attributes });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toContainEqual({ field, reason: expect.stringMatching(CHINESE) });
    expect(await eventCount()).toBe(before);
    // Nothing was stored: the category does not exist, so recording in it is a plain 400 naming the category.
    const recorded = await record('gala', {});
    expect(recorded.status).toBe(400);
    expect(recorded.body.errors[0].field).toBe('category');
  });

  it('any definition the api accepts can be recorded against: never a 500', async () => {
    const attribute = fc.oneof(
      nasty,
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('guests', 'level', 'constructor', '__proto__', 'Guests', ''), nasty),
          label: fc.oneof(fc.constant('名称'), nasty),
          type: fc.oneof(fc.constantFrom('integer', 'amount', 'text', 'enum', 'boolean', 'date'), nasty),
          required: fc.oneof(fc.boolean(), nasty),
          options: fc.oneof(fc.constant({ municipal: '市级' }), fc.dictionary(fc.string({ maxLength: 6 }), nasty, { maxKeys: 3 }), nasty),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(attribute, { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('guests', 'level'), nasty),
        async (attributes, values) => {
          const status = await expectSafe('PUT', `${D}/categories/fuzz-gala`, { label: '模糊类别', attributes });
          if (status === 200)
            await expectSafe('POST', `${D}/activities`, {
              category: 'fuzz-gala',
              title: '一场',
              occurredOn: '2023-03-01',
              role: '主办',
              attributes: values,
            });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a well-formed definition is stored and its activities recorded', async () => {
    const attributes = [
      { name: 'guests', label: '来宾人数', type: 'integer', required: true },
      { name: 'level', label: '层级', type: 'enum', options: { municipal: '市级', district: '区级' } },
    ];
    expect((await put('reception-gala', { label: '招待会', attributes })).status).toBe(200);
    expect((await record('reception-gala', { guests: 120, level: 'municipal' })).status).toBe(201);
    const refused = await record('reception-gala', { level: 'national' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attributes.guests', 'attributes.level']);
  });
});

describe('the queue admin’s cookie', () => {
  it.each(['%E0%A4%A', '%', '%zz', 'a%E0%A4b', '%C3'])(
    'kw_queue_admin=%s (not valid percent-encoding) is a 401 that drops the cookie, not a 500',
    async (value) => {
      const reply = await fetch(`${api.baseUrl}/admin/queues`, { headers: { cookie: `theme=dark; kw_queue_admin=${value}` } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('set-cookie')).toMatch(/^kw_queue_admin=; .*Max-Age=0/);
      expect(((await reply.json()) as { error: string }).error).toBe('AUTH.UNAUTHENTICATED');
    },
  );
});

describe('dates in queries: parseable but absurd is a 400 naming the parameter, not a 500', () => {
  const P = `${D}/years/2023/progress`;
  // With the department in the read models, knownAt=-271821-04-20T00:00:00Z reached the database: a 500.
  beforeAll(() => api.project());

  it.each([
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0000-01-01',
    '1969-12-31T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-05:00',
    '2023-02-30T00:00:00Z',
    '2023-07-15T25:00:00Z',
    '2023-07-15T00:00:00+99:00',
    'July 15, 2023',
    '1',
    '',
  ])('knownAt=%s', async (knownAt) => {
    const reply = await api.request('GET', `${P}?knownAt=${encodeURIComponent(knownAt)}`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toContainEqual({ field: 'knownAt', reason: expect.stringContaining('1970–9999') });
  });

  it.each(['-271821-04-20', '0000-00-00', '0000-01-01', '1969-12-31', '2023-02-30', '2023-13-01', '+275760-09-13'])(
    'asOf=%s, on the progress and on its drill-down',
    async (asOf) => {
      for (const path of [P, `${D}/years/2023/progress/home/activities`]) {
        const reply = await api.request('GET', `${path}?asOf=${encodeURIComponent(asOf)}`);
        expect(reply.status).toBe(400);
        expect(reply.body.errors).toContainEqual({ field: 'asOf', reason: expect.stringContaining('1970–9999') });
      }
    },
  );

  it.each([
    '2023-07-15T00:00:00+08:00',
    '2023-07-15T00:00:00Z',
    '2023-07-15T00:00',
    '2023-07-15T00:00:00.000Z',
    '2023-07-15',
    '1970-01-01T00:00:00Z',
  ])('knownAt=%s is answered', async (knownAt) => {
    // 404 when the department did not exist yet at that time; never a 400 or a 500.
    const reply = await api.request('GET', `${P}?knownAt=${encodeURIComponent(knownAt)}&asOf=2023-06-30`);
    expect([200, 404]).toContain(reply.status);
  });
});

describe('X-Request-Id', () => {
  const correlationOf = async (activityId: string) =>
    (
      await api.db.pool.query<{ id: string | null }>(`SELECT metadata->>'correlationId' AS id FROM events WHERE stream_id = $1`, [
        `activity-${activityId}`,
      ])
    ).rows[0].id;
  const recordWith = (requestId: string) =>
    api.request(
      'POST',
      `${D}/activities`,
      { category: 'home-in-wuhan', title: '请求编号', occurredOn: '2023-04-01', role: '主办' },
      { 'x-request-id': requestId },
    );

  it('a short safe id is kept: answered back and stored as the correlation id', async () => {
    const reply = await recordWith('req-2023.07:15_a');
    expect(reply.status).toBe(201);
    expect(reply.headers.get('x-request-id')).toBe('req-2023.07:15_a');
    expect(await correlationOf(reply.body.activityId)).toBe('req-2023.07:15_a');
  });

  it.each([
    ['8 kB', 'x'.repeat(8192)],
    ['65 characters', 'a'.repeat(65)],
    ['markup', '<script>alert(1)</script>'],
    ['spaces and quotes', 'a b "c"'],
    ['non-ASCII', encodeURIComponent('请求')],
  ])('an id of %s is replaced by a generated one, and the request still succeeds', async (_, requestId) => {
    const reply = await recordWith(requestId);
    expect(reply.status).toBe(201);
    const answered = reply.headers.get('x-request-id');
    expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    expect(await correlationOf(reply.body.activityId)).toBe(answered);
  });
});

/**
 * Every route the OpenAPI document lists (so a new route is covered without touching this file),
 * plus Bull Board's, with hostile path and query parameters: a handful of runs each, never a 500.
 */
describe('every route, with hostile path and query parameters', () => {
  const RUNS_PER_ROUTE = 12;
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  /** Values that reach past the parameter checks, so the handlers behind them run too. */
  const VALID: Record<string, () => string> = {
    department: () => 'wh-fuzz',
    year: () => '2023',
    id: () => activityId,
    activityId: () => activityId,
    measure: () => 'home',
    category: () => 'home-in-wuhan',
    targetId: () => 'kw-1-home',
    jobId: () => '1',
  };
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '举办“湖北武汉香港周”',
      "'; DROP TABLE events; --",
      '<script>alert(1)</script>',
      '__proto__',
      'constructor',
      'toString',
      'x'.repeat(2000),
      '-1',
      '0',
      '1e308',
      'NaN',
      'Infinity',
      '9'.repeat(40),
      '2023.5',
      'true',
      'null',
      '[]',
      '{}',
      '-271821-04-20T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '0000-00-00',
      '2023-02-30',
      '2023-06-30',
      '2023-07-15T00:00:00+08:00',
      'access_token',
    ),
  );
  /** Dates and times JavaScript parses but no query means (they once reached the database: 500s). */
  const dates = fc.constantFrom(
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0000-00-00',
    '-000001-01-01',
    '1969-12-31',
    '10000-01-01',
    '2023-02-30',
    '2023-06-30',
    '2023-07-15T00:00:00+08:00',
    '2023-07-15T24:00:00Z',
  );
  /** Raw (already encoded) text as it goes on the wire, invalid percent-encoding included. */
  const encoded = fc.oneof(
    text.map(encodeURIComponent),
    dates.map(encodeURIComponent),
    fc.constantFrom('%E0%A4%A', '%', '%zz', '%00', '%2F', '%2e%2e', '..', '.', '%C0%AF', '%FF%FE', '%uFFFF', '+', '%20'),
  );
  const queryKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', '__proto__[polluted]', 'a[b]', 'access_token', 'access%5Ftoken', 'page[]', '%E0%A4%A'),
    fc.string({ maxLength: 8 }).map(encodeURIComponent),
  );

  interface Operation {
    method: string;
    path: string;
    pathParams: string[];
    queryParams: string[];
  }

  async function operations(): Promise<Operation[]> {
    const document = (await api.request('GET', '/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const listed = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
    );
    // Bull Board is an express router outside the document.
    const board = ['status', 'activeQueue', 'page', 'jobsPerPage'];
    return [
      ...listed,
      { method: 'GET', path: '/admin/queues', pathParams: [], queryParams: board },
      { method: 'GET', path: '/admin/queues/api/queues', pathParams: [], queryParams: board },
    ];
  }

  /** The raw request of one run: each path parameter valid or hostile, any query parameters hostile, repeated or unknown. */
  const requestOf = (operation: Operation) =>
    fc.record({
      path: fc.tuple(
        ...operation.pathParams.map((name) =>
          VALID[name] ? fc.oneof({ arbitrary: fc.constant(VALID[name]()), weight: 3 }, { arbitrary: encoded, weight: 1 }) : encoded,
        ),
      ),
      // Each declared parameter in one run of two, then anything (repeated keys, unknown keys, pollution).
      query: fc
        .tuple(
          fc.tuple(
            ...operation.queryParams.map((name) =>
              fc.option(
                encoded.map((value) => [name, value] as const),
                { nil: undefined },
              ),
            ),
          ),
          fc.array(fc.tuple(fc.oneof(fc.constantFrom(...operation.queryParams, 'q'), queryKey), encoded), { maxLength: 4 }),
        )
        .map(([declared, extra]) => [...declared.filter((pair) => pair !== undefined), ...extra]),
    });

  async function send(operation: Operation, path: string): Promise<{ status: number; text: string }> {
    const withBody = ['POST', 'PUT', 'PATCH'].includes(operation.method);
    const reply = await fetch(`${api.baseUrl}${path}`, {
      method: operation.method,
      headers: { authorization: `Bearer ${api.admin.accessToken}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      body: withBody ? '{}' : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    // An event stream (…/stream) never ends: its status is all this test needs.
    const text = reply.status >= 500 ? await reply.text() : '';
    if (reply.status < 500) await reply.body?.cancel();
    return { status: reply.status, text };
  }

  it('answers every route without a 500, whatever the path and query parameters', async () => {
    await api.project();
    const all = await operations();
    expect(all.length).toBeGreaterThan(30);
    expect(all.some((o) => o.path.endsWith('/progress') && o.queryParams.includes('knownAt'))).toBe(true);
    const failures: string[] = [];
    for (const operation of all) {
      await fc
        .assert(
          fc.asyncProperty(requestOf(operation), async ({ path: values, query }) => {
            let i = 0;
            const path = operation.path.replace(/\{[^}]+\}/g, () => values[i++]);
            const search = query.map(([key, value]) => `${key}=${value}`).join('&');
            const url = search ? `${path}?${search}` : path;
            const { status, text } = await send(operation, url);
            if (status >= 500) failures.push(`${operation.method} ${url.slice(0, 300)} → ${status} ${text.slice(0, 200)}`);
            return status < 500;
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
