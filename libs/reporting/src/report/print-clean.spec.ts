import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import {
  ActivityIndex,
  computeProgress,
  emptyPlan,
  sangongFigures,
  warningsOfYear,
  type Activity,
  type CategorySpec,
  type Measure,
  type Plan,
  type Target,
} from '@app/tracking';
import { activity, fixtureReportInput } from '../../test/fixtures';
import { renderHtml } from '../render/html';
import { renderXlsx } from '../render/xlsx';
import { buildYearEndReport, type ReportInput, type YearEndReport } from './build-report';

/**
 * A made-up department whose own words are all Chinese: its categories, attributes and options,
 * measures, key-work items, goals, projects and activities. Whatever the report prints in ASCII
 * then comes from the product, and must not be a code (relation=mou), an id or an English word.
 */
const DEPARTMENT = { code: 'made-up', name: '某市人民政府外事办公室' };
const CATALOG: CategorySpec[] = [
  {
    code: 'visit',
    label: '来访接待',
    attributes: [
      { name: 'scale', label: '接待规格', type: 'enum', required: true, options: { high: '高规格', normal: '一般规格' } },
      { name: 'guests', label: '来宾人数', type: 'integer' },
    ],
  },
  {
    code: 'pact',
    label: '合作协议',
    attributes: [
      { name: 'kind', label: '协议类型', type: 'enum', options: { mou: '合作备忘录', treaty: '正式协议' } },
      { name: 'tier', label: '签署级别', type: 'enum', options: { city: '市级', district: '区级' } },
      { name: 'signed', label: '已签字', type: 'boolean' },
    ],
  },
  { code: 'milestone', label: '阶段性成果', attributes: [{ name: 'milestone', label: '成果编码', type: 'text', required: true }] },
];

const measure = (m: Partial<Measure> & Pick<Measure, 'code' | 'name' | 'unit' | 'kind'>): Measure => ({
  category: null,
  where: {},
  attribute: null,
  valueType: 'count',
  ...m,
});
const target = (
  t: Omit<Target, 'original' | 'revisions' | 'labels' | 'points' | 'carriedOver'> &
    Partial<Pick<Target, 'labels' | 'points' | 'carriedOver'>>,
): Target => ({
  labels: null,
  points: null,
  carriedOver: null,
  ...t,
  original: t.value,
  revisions: [],
});

function madeUpPlan(): Plan {
  const plan = emptyPlan(DEPARTMENT.code, 2023);
  plan.measures = [
    measure({ code: 'high-visits', name: '高规格来访接待', unit: '批', kind: 'count', category: 'visit', where: { scale: ['high'] } }),
    measure({
      code: 'city-treaties',
      name: '市级正式合作协议',
      unit: '项',
      kind: 'count',
      category: 'pact',
      where: { kind: ['treaty'], tier: ['city'], signed: [true] },
    }),
    measure({ code: 'guests', name: '来宾人数', unit: '人', kind: 'sum', category: 'visit', attribute: 'guests' }),
    measure({ code: 'satisfaction', name: '来宾满意度', unit: '%', kind: 'measured', valueType: 'rate' }),
  ];
  plan.keyWork = [
    { no: 1, matter: '做好高规格来访接待', content: '接待高规格来访 4 批以上', milestones: [] },
    {
      no: 2,
      matter: '拓展对外合作',
      content: '签署市级正式合作协议 2 项，建立青年实践基地',
      milestones: [{ code: 'ms-practice-base', title: '建立青年实践基地' }],
    },
  ];
  plan.projects = [{ code: 'proj-outreach', name: '对外交往专项' }];
  plan.goals = [
    { scope: 'department', project: null, no: 1, text: '提升对外交往水平', points: 40 },
    { scope: 'project', project: 'proj-outreach', no: 1, text: '产出指标', points: 60 },
  ];
  plan.targets = [
    target({ id: 'kw-1-high-visits', plan: { kind: 'key-work', item: 1 }, measure: 'high-visits', direction: '>=', value: 4, unit: '批' }),
    target({
      id: 'kw-3-new-friendship-cities',
      plan: { kind: 'key-work', item: 2 },
      measure: 'city-treaties',
      direction: '>=',
      value: 2,
      unit: '项',
    }),
    target({
      id: 'dg-1-treaties',
      plan: { kind: 'department-goal', goal: 1 },
      measure: 'city-treaties',
      direction: '>=',
      value: 1,
      unit: '项',
      labels: { level1: '产出指标', level2: '数量指标', level3: '签署正式合作协议' },
    }),
    target({
      id: 'pg-outreach-1-guests',
      plan: { kind: 'project-goal', project: 'proj-outreach', goal: 1 },
      measure: 'guests',
      direction: '>=',
      value: 500,
      unit: '人',
      labels: { level1: '产出指标', level2: '数量指标', level3: '来宾人数' },
    }),
    target({
      id: 'pg-outreach-1-satisfaction',
      plan: { kind: 'project-goal', project: 'proj-outreach', goal: 1 },
      measure: 'satisfaction',
      direction: '>=',
      value: 95,
      unit: '%',
      labels: { level1: '满意度指标', level2: '服务对象满意度', level3: '来宾满意度' },
    }),
  ];
  plan.budgets = { department: { initial: 100, adjusted: 120, executed: 110 }, projects: {} };
  return plan;
}

const mine = (a: Activity): Activity => ({ ...a, department: DEPARTMENT.code, recordedBy: '00000000-0000-4000-8000-000000000001' });
function madeUpActivities(): Activity[] {
  return [
    activity('v-1', 'visit', '接待友好城市市长代表团', '2023-03-02', { attributes: { scale: 'high', guests: 30 } }),
    activity('v-2', 'visit', '接待驻华使节参访团', '2023-05-12', { attributes: { scale: 'normal', guests: 12 } }),
    activity('v-3', 'visit', '接待商会考察团', '2023-06-01', { attributes: { guests: 8 } }),
    // The same visit twice (a likely duplicate), the second recorded months late.
    activity('v-4', 'visit', '接待青年交流访问团', '2023-07-01', { attributes: { scale: 'high', guests: 20 } }),
    activity('v-5', 'visit', '接待青年交流访问团。', '2023-07-01', {
      attributes: { scale: 'high', guests: 20 },
      recordedAt: '2023-12-20T02:00:00.000Z',
    }),
    activity('p-1', 'pact', '签署经贸合作备忘录', '2023-04-18', { attributes: { kind: 'mou', tier: 'city', signed: true } }),
    activity('p-2', 'pact', '区级签署友好交流协议', '2023-08-08', { attributes: { kind: 'treaty', tier: 'district', signed: false } }),
    activity('p-3', 'pact', '签署市级正式合作协议', '2023-09-09', { attributes: { kind: 'treaty', tier: 'city', signed: true } }),
    // Counts for a measure the year does not define; dated 2023, its title names 2024.
    activity('x-1', 'visit', '筹备 2024 年友城大会', '2023-10-10', { attributes: { scale: 'normal' }, alsoCountsFor: ['no-such-measure'] }),
  ].map(mine);
}

/** A report of the made-up department, with every warning the year can raise. */
function madeUpReport(): YearEndReport {
  const plan = madeUpPlan();
  const activities = madeUpActivities();
  const movedOut: Activity = mine({
    ...activity('moved', 'visit', '接待外国议员团', '2024-01-08', { attributes: { scale: 'normal' } }),
    movedOutOf: [{ year: 2023, from: '2023-12-28', to: '2024-01-08', at: '2024-01-09T00:00:00.000Z' }],
  });
  const progress = computeProgress(plan, activities, { asOf: '2023-12-31', today: '2024-03-01' });
  const input: ReportInput = {
    ...fixtureReportInput(),
    department: DEPARTMENT,
    plan,
    progress,
    activities,
    catalog: CATALOG,
    sangong: sangongFigures([], 2023, '2023-12-31'),
    warnings: warningsOfYear(plan, new ActivityIndex(activities), { progress, movedOut: [movedOut] }),
  };
  return buildYearEndReport(input);
}

/** Keys of the report's JSON that hold codes and ids for programs, never printed as they are. */
const MACHINE_KEYS = new Set([
  'format',
  'scoring',
  'code',
  'id',
  'targetId',
  'measure',
  'countedFor',
  'excludedFrom',
  'milestones',
  'activityIds',
  'kind',
  'line',
  'half',
  'identity',
  'direction',
  'valueType',
  'missing',
  'transactionId',
]);

/** The texts of the report's JSON a reader may see (the preview), with where they are. */
function jsonTexts(value: unknown, path: string[] = []): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at: path.join('.'), text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonTexts(v, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      // `missing` is a list of words in a key-work row, a list of 三公 kinds elsewhere.
      if (MACHINE_KEYS.has(k) && !(k === 'missing' && path.includes('keyWork'))) return [];
      return jsonTexts(v, [...path, k]);
    });
  }
  return [];
}

/** The text a reader of the HTML page sees: no markup, no style sheet. */
function htmlTexts(page: string): string[] {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<!DOCTYPE[^>]*>/i, ' ')
    .split(/<[^>]+>/)
    .map((t) =>
      t.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '').trim(),
    )
    .filter(Boolean);
}

async function xlsxTexts(report: YearEndReport): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(report)) as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.eachSheet((ws) => {
    texts.push(ws.name);
    ws.eachRow((row) => row.eachCell((cell) => texts.push(typeof cell.value === 'string' ? cell.value : String(cell.text ?? ''))));
  });
  return texts.filter(Boolean);
}

/** What no printed text may contain, each with why. */
function problems(texts: readonly string[], report: YearEndReport): string[] {
  const plan = madeUpPlan();
  const codes = [
    ...plan.targets.map((t) => t.id),
    ...plan.measures.map((m) => m.code),
    ...plan.keyWork.flatMap((k) => k.milestones.map((m) => m.code)),
    ...plan.projects.map((p) => p.code),
    ...CATALOG.map((c) => c.code),
    ...CATALOG.flatMap((c) => c.attributes.flatMap((a) => [a.name, ...Object.keys(a.options ?? {})])),
    ...madeUpActivities().map((a) => a.id),
    'moved',
    'no-such-measure',
    DEPARTMENT.code,
  ];
  const found: string[] = [];
  for (const text of texts) {
    if (/\w+=\w+/.test(text)) found.push(`code “${text}”`);
    for (const code of codes) if (new RegExp(`(^|[^A-Za-z0-9-])${code}($|[^A-Za-z0-9-])`).test(text)) found.push(`“${code}” in “${text}”`);
    // ASCII words the product wrote (the department's own words are all Chinese).
    const words = text.match(/[A-Za-z][A-Za-z_-]+/g) ?? [];
    if (words.length > 0) found.push(`ASCII ${words.join(' ')} in “${text}”`);
  }
  expect(report.header.department.name).toBe(DEPARTMENT.name);
  return [...new Set(found)];
}

describe('a report prints words, never codes or ids', () => {
  const report = madeUpReport();

  it('raises the warnings the made-up year has (so their texts are scanned too)', () => {
    expect(new Set(report.warnings.map((w) => w.kind))).toEqual(
      new Set([
        'conflicting-targets',
        'target-without-activity',
        'unknown-measure',
        'likely-duplicate',
        'date-mismatch',
        'missing-deviation-analysis',
        'late-entry',
        'moved-out-of-year',
      ]),
    );
    const excluded = report.keyWork.flatMap((row) => row.activities).filter((a) => a.excludedBecause);
    expect(new Set(excluded.map((a) => a.excludedBecause))).toEqual(
      new Set(['协议类型：合作备忘录', '签署级别：区级；已签字：否', '接待规格：一般规格', '接待规格：（空）']),
    );
  });

  it('(the scan itself finds codes, ids and English words, and passes Chinese)', () => {
    for (const planted of [
      '不计入（relation=mou）',
      '目标 kw-1-high-visits 未完成',
      '来访（visit）',
      'Total 合计',
      '编码 ms-practice-base',
    ]) {
      expect({ planted, found: problems([planted], report).length > 0 }).toEqual({ planted, found: true });
    }
    expect(problems(['不计入（协议类型：合作备忘录）', '重点工作 2：目标“市级正式合作协议”未完成', '2023-12-31 共 3 项'], report)).toEqual(
      [],
    );
  });

  it('in the JSON a preview shows', () => {
    const texts = jsonTexts(JSON.parse(JSON.stringify(report)));
    expect(texts.length).toBeGreaterThan(50);
    expect(
      problems(
        texts.map((t) => t.text),
        report,
      ),
    ).toEqual([]);
  });

  it('in the printable HTML', () => {
    const texts = htmlTexts(renderHtml(report));
    expect(texts.some((t) => t.includes('不计入（协议类型：合作备忘录）'))).toBe(true);
    expect(problems(texts, report)).toEqual([]);
  });

  it('in the XLSX workbook', async () => {
    const texts = await xlsxTexts(report);
    expect(texts).toContain('不计入（签署级别：区级；已签字：否）');
    expect(problems(texts, report)).toEqual([]);
  });
});
