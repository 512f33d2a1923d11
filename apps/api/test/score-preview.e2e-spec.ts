import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from './api-harness';

/**
 * GET …/plan/score-preview: the scores the plan would give today, by the year-end report's rules,
 * for a department of its own (its own categories, not the office's catalog).
 */
let api: ApiHarness;
const CODE = 'sp-district';
const D = `/api/departments/${CODE}`;
const Y = `${D}/years/2023`;

const change = async (kind: string, fields: unknown) => {
  const reply = await api.request('POST', `${Y}/plan/changes`, { kind, change: fields });
  expect({ kind, status: reply.status, body: reply.status === 201 ? undefined : reply.body }).toEqual({
    kind,
    status: 201,
    body: undefined,
  });
  return reply.body.version as number;
};
const preview = async (query = '') => {
  await api.project();
  const reply = await api.request('GET', `${Y}/plan/score-preview${query}`);
  expect(reply.status).toBe(200);
  return reply.body;
};

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-11-15T02:00:00Z');
  expect((await api.request('POST', '/api/departments', { code: CODE, name: '某区发展和改革局', catalog: null })).status).toBe(201);
  const category = { label: '政策宣讲会', attributes: [{ name: 'participants', label: '参与人数', type: 'integer' }] };
  expect((await api.request('PUT', `${D}/categories/briefing`, category)).status).toBe(200);
  for (const occurredOn of ['2023-03-01', '2023-05-10']) {
    const body = { category: 'briefing', title: `政策宣讲 ${occurredOn}`, occurredOn, role: '主办', attributes: { participants: 30 } };
    expect((await api.request('POST', `${D}/activities`, body)).status).toBe(201);
  }
  await change('define-measure', {
    measure: { code: 'briefings', name: '政策宣讲场次', unit: '场', kind: 'count', category: 'briefing', valueType: 'count' },
  });
  await change('define-measure', { measure: { code: 'satisfaction', name: '群众满意度', unit: '%', kind: 'measured', valueType: 'rate' } });
  await change('set-goal', { goal: { scope: 'department', no: 1, text: '做好政策宣讲', points: 40 } });
  const labels = { level1: '产出指标', level2: '数量指标', level3: '政策宣讲场次' };
  await change('set-target', {
    target: {
      id: 't-briefings',
      plan: { kind: 'department-goal', goal: 1 },
      measure: 'briefings',
      direction: '>=',
      value: 4,
      labels,
      points: 30,
    },
  });
  await change('set-target', {
    target: {
      id: 't-satisfaction',
      plan: { kind: 'department-goal', goal: 1 },
      measure: 'satisfaction',
      direction: '>=',
      value: 90,
      points: 10,
    },
  });
  await change('record-measurement', { measure: 'satisfaction', value: 95, measuredOn: '2023-06-30' });
  await change('set-budget', { scope: 'department', budget: { initial: 100, adjusted: 100, executed: 50 } });
});

afterAll(async () => {
  await api?.close();
});

describe('GET …/plan/score-preview', () => {
  it('scores budget execution and each indicator on its weight, as of today', async () => {
    const scores = await preview();
    expect(scores.asOf).toBe('2023-11-15');
    expect(scores.department.budget).toMatchObject({ A: 100, B: 50, score: 10, points: 20 });
    // 30 × 2/4 + 10 × min(95/90, 1)
    expect(scores.department.goals).toEqual([expect.objectContaining({ no: 1, scoring: 'indicators', computedScore: 25, finalScore: 25 })]);
    expect(scores.department.total).toBe(35);
    expect(scores.projects).toEqual([]);
    const plan = await api.request('GET', `${Y}/plan`);
    expect(scores.planVersion).toBe(plan.body.version);
  });

  it('follows deductions and revisions, a revision only from its effective day', async () => {
    await change('record-score-adjustment', {
      adjustment: { id: 'adj-1', scope: 'department-goal:1', points: 2, reason: '宣讲资料归档不完整' },
    });
    expect((await preview()).department.total).toBe(33);

    await change('revise-target', { targetId: 't-briefings', value: 2, reason: '年中调整宣讲计划', effectiveFrom: '2023-07-01' });
    const now = await preview();
    expect(now.department.goals[0]).toMatchObject({ computedScore: 40, finalScore: 38 });
    expect(now.department.total).toBe(48);
    const june = await preview('?asOf=2023-06-30');
    expect(june.asOf).toBe('2023-06-30');
    expect(june.department.goals[0]).toMatchObject({ computedScore: 25, finalScore: 23 });
  });

  it('answers every role of the department, and refuses a malformed day', async () => {
    const leader = await api.createUser('sp-leader', [`leader:${CODE}`]);
    expect((await api.as(leader).request('GET', `${Y}/plan/score-preview`)).status).toBe(200);
    const bad = await api.request('GET', `${Y}/plan/score-preview?asOf=2023-02-30`);
    expect({ status: bad.status, error: bad.body.error }).toEqual({ status: 400, error: 'VALIDATION.FAILED' });
  });
});
