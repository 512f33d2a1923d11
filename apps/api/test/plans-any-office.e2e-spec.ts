import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { startApi, type ApiHarness } from './api-harness';

/**
 * Issue 15 over HTTP: catalogs as versioned files a department adopts, applies, relabels and
 * retires from; indicator points; revisions with an effective day; next year from last year.
 * The api reads its catalogs from a folder of this test (CATALOGS_DIR), edited while it runs.
 */
let api: ApiHarness;
let catalogs: string;
const D = (d: string) => `/api/departments/${d}`;
const Y = (d: string, year = 2023) => `${D(d)}/years/${year}`;
const FAO = readFileSync(join(process.cwd(), 'catalogs/foreign-affairs-office.yaml'), 'utf8');

/** Version 2 of the office's catalog: consulate tours dropped, a forum category added. */
function writeVersion2(): void {
  const v2 = FAO.replace('version: 1', 'version: 2')
    .replace(/ {2}- code: consulate-tour\n {4}label: .*\n {4}attributes:\n {6}- .*\n/, '')
    .concat('  - code: forum\n    label: 国际论坛\n    attributes: []\n');
  writeFileSync(join(catalogs, 'foreign-affairs-office.yaml'), v2);
}

const record = (d: string, category: string, occurredOn = '2023-05-10', attributes: Record<string, unknown> = {}) =>
  api.request('POST', `${D(d)}/activities`, { category, title: `${category} ${occurredOn}`, occurredOn, role: '主办', attributes });
const change = (d: string, kind: string, body: unknown, year = 2023, headers?: Record<string, string>) =>
  api.request('POST', `${Y(d, year)}/plan/changes`, { kind, change: body }, headers);
/** The department as the read model has it, once the events so far are projected. */
async function department(d: string) {
  await api.project();
  return (await api.request('GET', D(d))).body;
}
/** The plan as the read model has it, once the events so far are projected. */
async function plan(d: string, year: number) {
  await api.project();
  return (await api.request('GET', `${Y(d, year)}/plan`)).body;
}

beforeAll(async () => {
  catalogs = mkdtempSync(join(tmpdir(), 'keywork-catalogs-'));
  writeFileSync(join(catalogs, 'foreign-affairs-office.yaml'), FAO);
  api = await startApi({ CATALOGS_DIR: catalogs, QUEUE_PREFIX: `keywork-test-${process.pid}-${Date.now().toString(36)}` });
  for (const code of ['cat-a', 'cat-b']) {
    expect((await api.request('POST', '/api/departments', { code, name: `部门 ${code}` })).status).toBe(201);
  }
});

afterAll(async () => {
  if (api) {
    await api.app
      .get<Queue>(getQueueToken(REPORT_QUEUE))
      .obliterate({ force: true })
      .catch(() => undefined);
    await api.close();
  }
  rmSync(catalogs, { recursive: true, force: true });
});

describe('catalogs are files a department adopts one version of', () => {
  it('lists the catalogs; a department records the name and version it adopted; an unknown name is refused in Chinese', async () => {
    const listed = await api.request('GET', '/api/catalogs');
    expect(listed.body).toMatchObject([{ name: 'foreign-affairs-office', label: '外事工作机构类别目录', version: 1 }]);
    expect((await department('cat-a')).adopted).toMatchObject({ name: 'foreign-affairs-office', version: 1 });
    const unknown = await api.request('POST', '/api/departments', { code: 'cat-x', name: '部门', catalog: 'no-such-catalog' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'catalog', reason: '未知的类别目录；可选：外事工作机构类别目录' }]);
    const own = await api.request('POST', '/api/departments', { code: 'cat-own', name: '自有类别的部门', catalog: null });
    expect(own.status).toBe(201);
    expect(await department('cat-own')).toMatchObject({ adopted: null, catalog: [] });
  });

  it('a new version of the file changes no department; applied to one, only that one has it', async () => {
    writeVersion2();
    expect((await api.request('GET', '/api/catalogs')).body[0].version).toBe(2);
    expect((await department('cat-a')).adopted.version).toBe(1);

    const applied = await api.request('POST', `${D('cat-a')}/catalog/apply`, {});
    expect(applied.status).toBe(201);
    expect(applied.body.catalog).toEqual({ name: 'foreign-affairs-office', label: '外事工作机构类别目录', version: 2 });
    await api.project();
    const a = await department('cat-a');
    const b = await department('cat-b');
    expect(a.adopted.version).toBe(2);
    expect(a.catalog.find((c: { code: string }) => c.code === 'forum')).toBeDefined();
    expect(a.catalog.find((c: { code: string }) => c.code === 'consulate-tour')).toMatchObject({ retired: true });
    expect(b.adopted.version).toBe(1);
    expect(b.catalog.find((c: { code: string }) => c.code === 'forum')).toBeUndefined();

    // The category v2 dropped is retired in cat-a only.
    const refused = await record('cat-a', 'consulate-tour');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'category', reason: '类别（驻汉领馆、境外机构武汉行）已停用，不能再登记或移入活动（已登记的活动仍计入统计）' },
    ]);
    expect((await record('cat-b', 'consulate-tour')).status).toBe(201);
    expect((await record('cat-a', 'forum')).status).toBe(201);

    const again = await api.request('POST', `${D('cat-a')}/catalog/apply`, {});
    expect(again.status).toBe(400);
    expect(again.body.errors[0].reason).toMatch(/已采用“外事工作机构类别目录”第 2 版/);
  });

  it('relabels a category for one department only', async () => {
    const relabelled = await api.request('PUT', `${D('cat-b')}/categories/home-in-wuhan/label`, { label: '外籍人士服务活动' });
    expect(relabelled.status).toBe(200);
    await api.project();
    const label = async (d: string) => (await department(d)).catalog.find((c: { code: string }) => c.code === 'home-in-wuhan').label;
    expect([await label('cat-b'), await label('cat-a')]).toEqual(['外籍人士服务活动', '“家在武汉”活动']);
  });

  it('retires a category: no new record or move into it (400), what was recorded still counts', async () => {
    const old = await record('cat-b', 'policy-briefing', '2023-03-01', { participants: 30 });
    expect(old.status).toBe(201);
    await change('cat-b', 'define-measure', {
      measure: { code: 'briefings', name: '政策宣讲', unit: '场', kind: 'count', category: 'policy-briefing', valueType: 'count' },
    });
    expect((await api.request('POST', `${D('cat-b')}/categories/policy-briefing/retire`, { reason: '职能划转' })).status).toBe(201);

    const recorded = await record('cat-b', 'policy-briefing', '2023-04-01');
    expect([recorded.status, recorded.body.errors?.[0]?.field]).toEqual([400, 'category']);
    expect(recorded.body.errors[0].reason).toMatch(/已停用/);
    const major = await record('cat-b', 'major-event');
    const moved = await api.request('POST', `${D('cat-b')}/activities/${major.body.activityId}/move`, {
      category: 'policy-briefing',
      attributes: {},
      reason: '调整',
    });
    expect([moved.status, moved.body.errors?.[0]?.field]).toEqual([400, 'category']);
    const renamed = await api.request(
      'PATCH',
      `${D('cat-b')}/activities/${old.body.activityId}`,
      { title: '政策宣讲会（更正标题）' },
      { 'If-Match': '"1"' },
    );
    expect(renamed.status).toBe(200);

    await api.project();
    const progress = (await api.request('GET', `${Y('cat-b')}/progress`)).body;
    expect(progress.measures.find((m: { code: string }) => m.code === 'briefings').actual).toBe(1);
  });
});

describe('points, effective dates and next year, over HTTP', () => {
  beforeAll(async () => {
    const changes: [string, unknown][] = [
      [
        'define-measure',
        { measure: { code: 'majors', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' } },
      ],
      ['set-key-work-item', { item: { no: 1, matter: '举办重要外事活动', content: '举办重要外事活动 4 场以上' } }],
      ['set-goal', { goal: { scope: 'department', no: 1, text: '扩大对外交往', points: 40 } }],
      ['set-target', { target: { id: 'kw-1-majors', plan: { kind: 'key-work', item: 1 }, measure: 'majors', direction: '>=', value: 4 } }],
      [
        'set-target',
        {
          target: {
            id: 'dg-1-1',
            plan: { kind: 'department-goal', goal: 1 },
            measure: 'majors',
            direction: '>=',
            value: 4,
            points: 20,
            labels: { level1: '产出指标', level2: '数量指标', level3: '重要外事活动' },
          },
        },
      ],
    ];
    for (const [kind, body] of changes) expect((await change('cat-b', kind, body)).status).toBe(201);
  });

  it('keeps an indicator’s 分值 and changes it', async () => {
    expect((await change('cat-b', 'set-target-points', { targetId: 'dg-1-1', points: 25 })).status).toBe(201);
    const bad = await change('cat-b', 'set-target-points', { targetId: 'dg-1-1', points: 0 });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'points']);
    expect((await plan('cat-b', 2023)).targets.find((t: { id: string }) => t.id === 'dg-1-1').points).toBe(25);
  });

  it('a revision applies from its effective day: progress as of the day before shows the earlier target, as of the day the new one', async () => {
    api.clock.set('2023-06-20T02:00:00Z');
    const revised = await change('cat-b', 'revise-target', {
      targetId: 'kw-1-majors',
      value: 6,
      reason: '年中调整',
      effectiveFrom: '2023-07-01',
    });
    expect(revised.status).toBe(201);
    const defaulted = await change('cat-b', 'revise-target', { targetId: 'dg-1-1', value: 5, reason: '年中调整' });
    expect(defaulted.status).toBe(201);
    await api.project();
    const target = async (asOf: string, id: string) =>
      (await api.request('GET', `${Y('cat-b')}/progress?asOf=${asOf}`)).body.measures
        .find((m: { code: string }) => m.code === 'majors')
        .targets.find((t: { targetId: string }) => t.targetId === id);
    expect(await target('2023-06-30', 'kw-1-majors')).toMatchObject({ target: 4, revised: false, latest: 6 });
    expect(await target('2023-07-01', 'kw-1-majors')).toMatchObject({ target: 6, revised: true, inForceFrom: '2023-07-01', original: 4 });
    // Without effectiveFrom: from the day it was decided (2023-06-20 in the department's zone).
    expect(await target('2023-06-19', 'dg-1-1')).toMatchObject({ target: 4, points: 25 });
    expect(await target('2023-06-20', 'dg-1-1')).toMatchObject({ target: 5, inForceFrom: '2023-06-20' });

    const history = (await api.request('GET', `${Y('cat-b')}/targets/kw-1-majors/history`)).body;
    const entry = history.find((e: { type: string }) => e.type === 'plan.target-revised.v2');
    expect(entry.recordedAt).toMatch(/^2023-06-20T02:00:00/);
    expect(entry.data).toMatchObject({ value: 6, previous: 4, effectiveFrom: '2023-07-01' });
  });

  it('refuses an effective day after the year', async () => {
    const late = await change('cat-b', 'revise-target', { targetId: 'kw-1-majors', value: 7, reason: '调整', effectiveFrom: '2024-01-05' });
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([{ field: 'effectiveFrom', reason: '生效日期不能晚于 2023 年末' }]);
  });

  it('copies 2023 into 2024 once: twice gives one plan, its targets carried over until confirmed', async () => {
    const first = await api.request('POST', `${Y('cat-b', 2024)}/plan/copy-from/2023`);
    expect(first.status).toBe(201);
    const second = await api.request('POST', `${Y('cat-b', 2024)}/plan/copy-from/2023`);
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ version: first.body.version, duplicate: true });

    const y2024 = await plan('cat-b', 2024);
    expect(y2024.copiedFrom).toBe(2023);
    expect(
      y2024.targets.map((t: { id: string; value: number; points: number | null; carriedOver: unknown }) => [
        t.id,
        t.value,
        t.points,
        t.carriedOver,
      ]),
    ).toEqual([
      ['kw-1-majors', 6, null, { fromYear: 2023 }],
      ['dg-1-1', 5, 25, { fromYear: 2023 }],
    ]);
    expect(y2024.measures.map((m: { code: string }) => m.code)).toContain('majors');

    await api.project();
    const progress = (await api.request('GET', `${Y('cat-b', 2024)}/progress`)).body;
    const carried = progress.measures
      .find((m: { code: string }) => m.code === 'majors')
      .targets.map((t: { carriedOver: unknown }) => t.carriedOver);
    expect(carried).toEqual([{ fromYear: 2023 }, { fromYear: 2023 }]);

    const revise = await change('cat-b', 'revise-target', { targetId: 'kw-1-majors', value: 8, reason: '调整' }, 2024);
    expect(revise.status).toBe(400);
    expect((await change('cat-b', 'confirm-target', { targetId: 'kw-1-majors' }, 2024)).status).toBe(201);
    expect((await change('cat-b', 'confirm-target', { targetId: 'dg-1-1', value: 6 }, 2024)).status).toBe(201);
    const confirmed = (await plan('cat-b', 2024)).targets;
    expect(confirmed.map((t: { value: number; original: number; carriedOver: unknown }) => [t.value, t.original, t.carriedOver])).toEqual([
      [6, 6, null],
      [6, 6, null],
    ]);
  });

  it('a copy from a year without a plan is refused in Chinese', async () => {
    const empty = await api.request('POST', `${Y('cat-b', 2025)}/plan/copy-from/2021`);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'from', reason: '2021 年度没有可沿用的计划' }]);
  });

  it('sets the office level the report titles are built from', async () => {
    const set = await api.request('PUT', `${D('cat-b')}/settings`, { officeLevel: '区直' });
    expect(set.status).toBe(200);
    expect(set.body.officeLevel).toBe('区直');
  });
});
