import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from './api-harness';

/**
 * Issue 13: the progress answer's size does not grow with the department. Its warnings are
 * counted by kind with the first few of each; `GET …/warnings` lists them all, by kind and by page.
 */
let api: ApiHarness;
const CODE = 'wh-dupes';
const D = `/api/departments/${CODE}`;
const Y = `${D}/years/2023`;
/** The examples of a kind a progress view carries. */
const EXAMPLES = 5;

interface Warning {
  kind: string;
  message: string;
  activityIds: string[];
  measure: string | null;
}

/** n more records of one event on one day: every pair of them is a likely duplicate. */
async function recordSame(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const reply = await api.request('POST', `${D}/activities`, {
      category: 'major-event',
      title: '举办“湖北武汉香港周”活动',
      occurredOn: '2023-03-01',
      role: '主办',
      attributes: {},
    });
    expect(reply.status).toBe(201);
  }
  await api.project();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any field of the view
async function progress(): Promise<{ text: string; body: any }> {
  const reply = await fetch(`${api.baseUrl}${Y}/progress`, { headers: { authorization: `Bearer ${api.admin.accessToken}` } });
  expect(reply.status).toBe(200);
  const text = await reply.text();
  return { text, body: JSON.parse(text) };
}

async function duplicates(query: string): Promise<{ items: Warning[]; total: number; page: number; pageSize: number }> {
  const reply = await api.request('GET', `${Y}/warnings?kind=likely-duplicate&${query}`);
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 200 });
  return reply.body;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

beforeAll(async () => {
  api = await startApi();
  api.clock.set('2023-06-10T02:00:00Z');
  expect((await api.request('POST', '/api/departments', { code: CODE, name: '重复录入测试外办' })).status).toBe(201);
  await recordSame(12);
});

afterAll(async () => {
  await api?.close();
});

describe('the progress view of a department with many likely duplicates', () => {
  it('carries the count of each kind and its first few warnings only', async () => {
    const { body } = await progress();
    const ofKind = body.warnings.byKind.find((k: { kind: string }) => k.kind === 'likely-duplicate');
    expect(ofKind.count).toBe(pairs(12));
    expect(ofKind.examples).toHaveLength(EXAMPLES);
    expect(ofKind.examples[0]).toMatchObject({ kind: 'likely-duplicate', activityIds: [expect.any(String), expect.any(String)] });
    expect(body.warnings.total).toBe(body.warnings.byKind.reduce((n: number, k: { count: number }) => n + k.count, 0));
    for (const k of body.warnings.byKind) expect(k.examples.length).toBeLessThanOrEqual(EXAMPLES);
  });

  it('stays the same size when the department has more of them', async () => {
    const before = await progress();
    await recordSame(8);
    const after = await progress();
    const ofKind = after.body.warnings.byKind.find((k: { kind: string }) => k.kind === 'likely-duplicate');
    expect(ofKind.count).toBe(pairs(20));
    // 66 → 190 warnings; the answer differs by the digits of the counts and figures only.
    expect(Math.abs(after.text.length - before.text.length)).toBeLessThan(20);
    expect(after.text.length).toBeLessThan(8_000);
  });

  it('lists all of them from GET …/warnings, page by page, the view’s examples first', async () => {
    const { body } = await progress();
    const examples = body.warnings.byKind.find((k: { kind: string }) => k.kind === 'likely-duplicate').examples;
    const first = await duplicates('pageSize=50');
    expect({ total: first.total, page: first.page, pageSize: first.pageSize, items: first.items.length }).toEqual({
      total: pairs(20),
      page: 1,
      pageSize: 50,
      items: 50,
    });
    expect(first.items.slice(0, EXAMPLES)).toEqual(examples);
    const all = [...first.items];
    for (let page = 2; page <= Math.ceil(first.total / 50); page++) all.push(...(await duplicates(`pageSize=50&page=${page}`)).items);
    expect(all).toHaveLength(pairs(20));
    expect(all.every((w) => w.kind === 'likely-duplicate')).toBe(true);
    expect(new Set(all.map((w) => [...w.activityIds].sort().join())).size).toBe(pairs(20));
    expect((await duplicates('pageSize=50&page=5')).items).toEqual([]);
  });

  it('pages 100 warnings at a time unless asked otherwise, of every kind', async () => {
    const reply = await api.request('GET', `${Y}/warnings`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ page: 1, pageSize: 100 });
    expect(reply.body.items).toHaveLength(100);
    expect(reply.body.total).toBeGreaterThanOrEqual(pairs(20));
  });

  it('refuses an unknown kind and pages out of range', async () => {
    for (const query of ['kind=nope', 'pageSize=0', 'pageSize=501', 'page=0', 'page=x']) {
      const reply = await api.request('GET', `${Y}/warnings?${query}`);
      expect({ query, status: reply.status }).toEqual({ query, status: 400 });
      expect(reply.body.errors[0].field).toBe(query.split('=')[0]);
    }
  });

  it('are documented: the progress view’s summary and the warnings’ filters and page', async () => {
    const doc = (await api.as(null).request('GET', '/api/docs-json')).body;
    const view = doc.paths['/api/departments/{department}/years/{year}/progress'].get.responses['200'].content['application/json'].schema;
    expect(view.$ref).toBe('#/components/schemas/ProgressViewDto');
    expect(JSON.stringify(doc.components.schemas.ProgressViewDto.properties.warnings)).toContain('#/components/schemas/WarningSummaryDto');
    expect(Object.keys(doc.components.schemas.WarningsOfKindDto.properties).sort()).toEqual(['count', 'examples', 'kind']);
    expect(doc.components.schemas.MilestoneProgressDto.properties).toHaveProperty('evidenceCount');
    const list = doc.paths['/api/departments/{department}/years/{year}/warnings'].get;
    expect(
      list.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['asOf', 'kind', 'knownAt', 'page', 'pageSize']);
    expect(list.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/WarningsPageDto');
  });
});
