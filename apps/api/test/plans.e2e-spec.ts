import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PLAN_CHANGE_KINDS } from '@app/tracking';
import { startApi, type ApiHarness, type Reply } from './api-harness';

/** The plan over HTTP: one DTO per kind of change, picked by `kind`; ETag and If-Match like activities. */
let api: ApiHarness;
const D = '/api/departments/wh-plans';
const PLAN = `${D}/years/2023/plan`;

const eventCount = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
const change = (kind: string, fields: unknown, headers: Record<string, string> = {}) =>
  api.request('POST', `${PLAN}/changes`, { kind, change: fields }, headers);

/** A refused change: 400, nothing written; its field errors. */
async function refused(body: unknown): Promise<{ field: string; reason: string }[]> {
  const before = await eventCount();
  const reply = await api.request('POST', `${PLAN}/changes`, body);
  expect({ status: reply.status, error: reply.body?.error }).toEqual({ status: 400, error: 'VALIDATION.FAILED' });
  expect(await eventCount()).toBe(before);
  return reply.body.errors;
}

const expectCreated = (reply: Reply) => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status: 201, body: { version: expect.any(Number) } });
  expect(reply.headers.get('etag')).toBe(`"${reply.body.version}"`);
  return reply.body.version as number;
};

beforeAll(async () => {
  api = await startApi();
  expect((await api.request('POST', '/api/departments', { code: 'wh-plans', name: '计划测试外办' })).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

describe('POST …/plan/changes', () => {
  it('accepts a valid change of each of several kinds, answering the new version as the ETag', async () => {
    const versions = [
      await change('define-measure', {
        measure: { code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' },
      }),
      await change('define-measure', {
        measure: { code: 'awareness-rate', name: '知晓率', unit: '%', kind: 'measured', valueType: 'rate' },
      }),
      await change('set-key-work-item', { item: { no: 1, matter: '重要外事活动', content: '举办重要外事活动 5 场以上' } }),
      await change('set-target', {
        target: { id: 'kw-1-major-events', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 },
      }),
      await change('revise-target', { targetId: 'kw-1-major-events', value: 6, reason: '年中预算调整' }),
      await change('record-measurement', { measure: 'awareness-rate', value: 100, measuredOn: '2023-12-31' }),
      await change('set-budget', { scope: 'department', budget: { initial: 2486.85, adjusted: 2486.85, executed: 2486.85 } }),
      await change('set-sangong', { sangongKind: 'receptions', line: { budget: 9.42, perPersonStandard: 150 } }),
    ].map(expectCreated);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    await api.project();
    const plan = (await api.request('GET', PLAN)).body;
    expect(plan.targets).toEqual([
      expect.objectContaining({
        id: 'kw-1-major-events',
        value: 6,
        original: 5,
        unit: '场', // left out: the measure's unit
        labels: null,
        plan: { kind: 'key-work', item: 1 },
      }),
    ]);
    expect(plan.measures.find((m: { code: string }) => m.code === 'awareness-rate')).toEqual({
      code: 'awareness-rate',
      name: '知晓率',
      unit: '%',
      kind: 'measured',
      category: null,
      where: {},
      attribute: null,
      valueType: 'rate',
    });
    // The plan holds the 三公 budgets only (what was spent is the 三公 records' sum).
    expect(plan.sangong.receptions).toEqual({ budget: 9.42, perPersonStandard: 150 });
  });

  it('refuses an unknown kind with 400 naming kind and the kinds allowed', async () => {
    for (const kind of ['rename-plan', 'constructor', '__proto__', 7, null]) {
      const errors = await refused({ kind, change: {} });
      expect(errors).toEqual([{ field: 'kind', reason: `must be one of ${PLAN_CHANGE_KINDS.join(', ')}` }]);
    }
    expect(await refused({ change: { targetId: 'kw-1-major-events' } })).toEqual([{ field: 'kind', reason: expect.any(String) }]);
    expect(await refused([{ kind: 'set-target' }])).toEqual([{ field: 'body', reason: 'must be an object with a kind' }]);
  });

  it('refuses a bad field of one kind with 400 naming it, by the DTO of that kind', async () => {
    const revise = await refused({ kind: 'revise-target', change: { targetId: 'kw-1-major-events', value: '7', reason: '调整' } });
    expect(revise.map((e) => e.field)).toEqual(['change.value']);

    // A field of another kind is not whitelisted for this one.
    const foreign = await refused({
      kind: 'revise-target',
      change: { targetId: 'kw-1-major-events', value: 7, reason: '调整', text: 'x' },
    });
    expect(foreign).toEqual([{ field: 'change.text', reason: 'property text should not exist' }]);

    const nested = await refused({
      kind: 'set-target',
      change: { target: { id: 'kw-1-b', plan: { kind: 'key-work', item: '1' }, measure: 'major-events', direction: '≥', value: 5 } },
    });
    expect(nested.map((e) => e.field).sort()).toEqual(['change.target.direction', 'change.target.plan.item']);

    const unknownRef = await refused({
      kind: 'set-target',
      change: { target: { id: 'kw-1-b', plan: { kind: 'five-year-plan' }, measure: 'major-events', direction: '>=', value: 5 } },
    });
    expect(unknownRef.map((e) => e.field)).toEqual(['change.target.plan.kind']);

    const milestones = await refused({
      kind: 'set-key-work-item',
      change: { item: { no: 2, matter: 'm', content: 'c', milestones: [{ code: 1 }] } },
    });
    expect([...new Set(milestones.map((e) => e.field))].sort()).toEqual([
      'change.item.milestones.0.code',
      'change.item.milestones.0.title',
    ]);

    expect((await refused({ kind: 'set-budget', change: 'department' })).map((e) => e.field)).toContain('change');
    expect((await refused({ kind: 'set-budget' })).map((e) => e.field)).toContain('change');
  });

  it('leaves the plan’s rules to the domain: a well-formed change it refuses is still a 400 naming the field', async () => {
    const errors = await refused({ kind: 'revise-target', change: { targetId: 'kw-1-major-events', value: -1, reason: '调整' } });
    expect(errors).toEqual([{ field: 'value', reason: 'must be a number ≥ 0' }]);
  });

  it('answers a stale If-Match with 409 and the current version, and writes nothing', async () => {
    await api.project();
    const read = await api.request('GET', PLAN);
    const version = read.body.version as number;
    expect(read.headers.get('etag')).toBe(`"${version}"`);

    const first = await change('revise-target', { targetId: 'kw-1-major-events', value: 7, reason: '甲' }, { 'If-Match': `"${version}"` });
    expect(expectCreated(first)).toBe(version + 1);

    const before = await eventCount();
    const stale = await change('revise-target', { targetId: 'kw-1-major-events', value: 8, reason: '乙' }, { 'If-Match': `"${version}"` });
    expect({ status: stale.status, error: stale.body.error, currentVersion: stale.body.currentVersion }).toEqual({
      status: 409,
      error: 'STREAM.VERSION_CONFLICT',
      currentVersion: version + 1,
    });
    expect(await eventCount()).toBe(before);

    expect((await change('revise-target', { targetId: 'kw-1-major-events', value: 8, reason: '乙' }, { 'If-Match': 'W/"x"' })).status).toBe(
      400,
    );
  });
});

describe('GET …/plan', () => {
  it('answers with the plan stream’s version as its ETag', async () => {
    await api.project();
    const reply = await api.request('GET', PLAN);
    expect(reply.status).toBe(200);
    const { rows } = await api.db.pool.query<{ version: number }>(
      'SELECT max(stream_version)::int AS version FROM events WHERE stream_id = $1',
      ['plan-wh-plans-2023'],
    );
    expect(reply.body.version).toBe(rows[0].version);
    expect(reply.headers.get('etag')).toBe(`"${rows[0].version}"`);
  });

  it('answers a year without a plan with version 0', async () => {
    const reply = await api.request('GET', `${D}/years/2022/plan`);
    expect([reply.status, reply.headers.get('etag'), reply.body.version]).toEqual([200, '"0"', 0]);
  });
});

describe('the OpenAPI document', () => {
  it('shows the plan-change body as one schema per kind, told apart by kind', async () => {
    const doc = (await api.as(null).request('GET', '/api/docs-json')).body;
    const body = doc.paths['/api/departments/{department}/years/{year}/plan/changes'].post.requestBody.content['application/json'].schema;
    const refs: string[] = body.oneOf.map((s: { $ref: string }) => s.$ref);
    expect(refs).toHaveLength(PLAN_CHANGE_KINDS.length);
    expect(body.discriminator.propertyName).toBe('kind');
    expect(Object.keys(body.discriminator.mapping).sort()).toEqual([...PLAN_CHANGE_KINDS].sort());
    expect(Object.values(body.discriminator.mapping).sort()).toEqual([...refs].sort());

    for (const kind of PLAN_CHANGE_KINDS) {
      const name = body.discriminator.mapping[kind].replace('#/components/schemas/', '');
      const schema = doc.components.schemas[name];
      expect({ kind, enum: schema.properties.kind.enum, required: schema.required }).toEqual({
        kind,
        enum: [kind],
        required: ['kind', 'change'],
      });
      // Each kind's fields are a schema of their own.
      const fields = doc.components.schemas[schema.properties.change.$ref.replace('#/components/schemas/', '')];
      expect({ kind, fields: Object.keys(fields?.properties ?? {}).length > 0 }).toEqual({ kind, fields: true });
    }
    expect(doc.components.schemas.SetTargetPlanChange.properties.change.$ref).toBe('#/components/schemas/SetTargetDto');
    expect(doc.components.schemas.TargetDto.properties.plan.discriminator.mapping).toEqual({
      'key-work': '#/components/schemas/KeyWorkRefDto',
      'department-goal': '#/components/schemas/DepartmentGoalRefDto',
      'project-goal': '#/components/schemas/ProjectGoalRefDto',
    });
    const plan = doc.paths['/api/departments/{department}/years/{year}/plan/changes'].post;
    expect(plan.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['If-Match', 'Idempotency-Key']));
  });
});
