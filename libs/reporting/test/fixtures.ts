import type { Activity, Role, Attributes } from '@app/tracking';
import { emptyPlan, type Measure, type Plan, type Target, computeProgress, dataQualityWarnings, readCatalogSync } from '@app/tracking';
import { sangongDaysOf, sangongFigures, sangongRecordOf, type SangongRecord, type SummaryFields } from '@app/tracking';
import type { ReportInput } from '../src/report/build-report';

/**
 * A small hand-made department-year for the report's tests, shaped like the office's 2023 year
 * (seed 000_d37063cf3fb09e26.txt) but cut down so every figure can be checked by hand:
 *
 * - key work 1: 重要外事活动 ≥5, 3 held → 未完成 "重要外事活动 3/5";
 * - key work 2: 对外重点交流项目 ≥2, one project of 2 parts + one single → 2 → 完成;
 * - key work 3: new cities ≥2, 4 agreements logged (city, city, MoU, district) → 2 count → 完成;
 * - key work 4: two milestones, the practice base not established → 未完成;
 * - department goal 1 (40): 40 computed, 2 deducted → 38; goal 2 (40): rates, 40;
 * - project 对外交往业务支出: 433.72/433.72 → 20; 60 − 4, 10, 10 → 96;
 * - project 行政管理支出: 17.81 budget, 16.03 executed, 2 of 3 practical deeds → partial scores;
 * - 三公: the seed's 2023 budgets in the plan, its figures (23.88) as four summary records.
 */
export const FIXTURE_DEPARTMENT = { code: 'test-fao', name: '测试市委外事工作委员会办公室' } as const;
/** The department's categories: the built-in foreign-affairs office catalog (labels of attributes and options). */
export const FIXTURE_CATALOG = readCatalogSync('foreign-affairs-office').categories;
export const FIXTURE_YEAR = 2023;

export function activity(
  id: string,
  category: string,
  title: string,
  occurredOn: string,
  extra: Partial<Omit<Activity, 'id' | 'category' | 'title' | 'occurredOn'>> & { attributes?: Attributes; role?: Role } = {},
): Activity {
  return {
    id,
    department: FIXTURE_DEPARTMENT.code,
    category,
    title,
    occurredOn,
    role: '主办',
    attributes: {},
    parentId: null,
    alsoCountsFor: [],
    notes: null,
    status: 'active',
    withdrawnReason: null,
    version: 1,
    recordedAt: '2024-01-02T03:04:05.000Z',
    recordedBy: 'staff-1',
    updatedAt: '2024-01-02T03:04:05.000Z',
    ...extra,
  };
}

const measure = (m: Partial<Measure> & Pick<Measure, 'code' | 'name' | 'unit' | 'kind'>): Measure => ({
  category: null,
  where: {},
  attribute: null,
  valueType: 'count',
  ...m,
});

const target = (
  t: Omit<Target, 'original' | 'revisions' | 'labels' | 'unit' | 'points' | 'carriedOver'> &
    Partial<Pick<Target, 'labels' | 'unit' | 'points' | 'carriedOver'>>,
): Target => ({
  labels: null,
  unit: '',
  points: null,
  carriedOver: null,
  ...t,
  original: t.value,
  revisions: [],
});

const indicator = (level1: string, level2: string, level3: string) => ({ level1, level2, level3 });

export function fixturePlan(): Plan {
  const plan = emptyPlan(FIXTURE_DEPARTMENT.code, FIXTURE_YEAR);
  plan.measures = [
    measure({ code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event' }),
    measure({
      code: 'exchange-projects',
      name: '对外重点交流项目',
      unit: '项',
      kind: 'count-distinct-parents',
      category: 'exchange-project',
    }),
    measure({
      code: 'new-cities',
      name: '新增友好交流城市',
      unit: '个',
      kind: 'count',
      category: 'new-friendship-city',
      where: { relation: ['sister-city', 'friendly-exchange'], level: ['municipal'] },
    }),
    measure({
      code: 'investment-info',
      name: '提供“双招双引”外交外事信息',
      unit: '条',
      kind: 'sum',
      category: 'investment-info',
      attribute: 'items',
    }),
    measure({ code: 'apec-awareness-rate', name: 'APEC 商务旅行卡知晓率', unit: '%', kind: 'measured', valueType: 'rate' }),
    measure({ code: 'permit-complaint-rate', name: '证照办理投诉率', unit: '%', kind: 'measured', valueType: 'rate' }),
    measure({ code: 'permit-satisfaction-rate', name: '证照办理满意度', unit: '%', kind: 'measured', valueType: 'rate' }),
    measure({ code: 'practical-deeds', name: '办实事数量', unit: '项', kind: 'measured', valueType: 'count' }),
  ];
  plan.keyWork = [
    { no: 1, matter: '举办重要外事活动 5 场以上', content: '举办重要外事活动 5 场以上', milestones: [] },
    { no: 2, matter: '开展对外重点交流项目 2 项以上', content: '举办“武汉-杰尔友好交流活动”\n举办“瑞士—武汉水务交流会”', milestones: [] },
    { no: 3, matter: '新增国际友好城市或国际友好交流城市 2个', content: '拉马拉市、索罗卡市结好', milestones: [] },
    {
      no: 4,
      matter: '组织开展汉港澳青年交流活动，建立创业实践基地',
      content: '建立创业实践基地；编发参考手册',
      milestones: [
        { code: 'hk-youth-base', title: '建立创业实践基地' },
        { code: 'policy-handbook', title: '编发《出国来华管理工作参考手册》' },
      ],
    },
  ];
  plan.projects = [
    { code: 'foreign-exchange', name: '对外交往业务支出' },
    { code: 'admin', name: '行政管理支出' },
  ];
  plan.goals = [
    { scope: 'department', project: null, no: 1, text: '稳步提升城市国际化水平，提升城市美誉度。', points: 40 },
    { scope: 'department', project: null, no: 2, text: '强化外事管理，筑牢涉外安全防线。', points: 40 },
    { scope: 'project', project: 'foreign-exchange', no: 1, text: '产出指标', points: 60 },
    { scope: 'project', project: 'foreign-exchange', no: 2, text: '效益指标', points: 10 },
    { scope: 'project', project: 'foreign-exchange', no: 3, text: '满意度指标', points: 10 },
    { scope: 'project', project: 'admin', no: 1, text: '产出指标', points: 40 },
  ];
  plan.targets = [
    target({ id: 'kw1-major-events', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 }),
    target({ id: 'kw2-exchange-projects', plan: { kind: 'key-work', item: 2 }, measure: 'exchange-projects', direction: '>=', value: 2 }),
    target({ id: 'kw3-new-cities', plan: { kind: 'key-work', item: 3 }, measure: 'new-cities', direction: '>=', value: 2 }),
    target({
      id: 'dg1-major-events',
      plan: { kind: 'department-goal', goal: 1 },
      measure: 'major-events',
      direction: '>=',
      value: 3,
      unit: '场',
      labels: indicator('产出指标', '数量指标', '举办重要外事活动'),
    }),
    target({
      id: 'dg1-new-cities',
      plan: { kind: 'department-goal', goal: 1 },
      measure: 'new-cities',
      direction: '>=',
      value: 1,
      unit: '个',
      labels: indicator('效益指标', '社会效益指标', '新增友好交流城市'),
    }),
    target({
      id: 'dg2-apec',
      plan: { kind: 'department-goal', goal: 2 },
      measure: 'apec-awareness-rate',
      direction: '>=',
      value: 100,
      unit: '%',
      labels: indicator('效益指标', '社会效益指标', '对于 APEC 商务旅行卡知晓率'),
    }),
    target({
      id: 'dg2-complaints',
      plan: { kind: 'department-goal', goal: 2 },
      measure: 'permit-complaint-rate',
      direction: '<=',
      value: 0,
      labels: indicator('满意度指标', '服务对象满意度指标', '证照办理投诉率'),
    }),
    target({
      id: 'pg-fx-1-info',
      plan: { kind: 'project-goal', project: 'foreign-exchange', goal: 1 },
      measure: 'investment-info',
      direction: '>=',
      value: 15,
      unit: '条',
      labels: indicator('产出指标', '数量指标', '提供“双招双引”外交外事信息'),
    }),
    target({
      id: 'pg-fx-2-apec',
      plan: { kind: 'project-goal', project: 'foreign-exchange', goal: 2 },
      measure: 'apec-awareness-rate',
      direction: '>=',
      value: 100,
      unit: '%',
      labels: indicator('效益指标', '社会效益指标', 'APEC 商务旅行卡知晓率'),
    }),
    target({
      id: 'pg-fx-3-satisfaction',
      plan: { kind: 'project-goal', project: 'foreign-exchange', goal: 3 },
      measure: 'permit-satisfaction-rate',
      direction: '>=',
      value: 95,
      unit: '%',
      labels: indicator('满意度指标', '满意度指标', '证照办理满意度'),
    }),
    target({
      id: 'pg-admin-1-deeds',
      plan: { kind: 'project-goal', project: 'admin', goal: 1 },
      measure: 'practical-deeds',
      direction: '>=',
      value: 3,
      labels: indicator('产出指标', '数量指标', '办实事数量'),
    }),
  ];
  plan.budgets = {
    department: { initial: 2281.26, adjusted: 2486.85, executed: 2486.85 },
    projects: {
      'foreign-exchange': { initial: 223.61, adjusted: 433.72, executed: 433.72 },
      admin: { initial: 17.81, adjusted: 17.81, executed: 16.03 },
    },
  };
  plan.sangong = {
    tripsAbroad: { budget: 10.55, perPersonStandard: null },
    vehiclePurchase: { budget: 0, perPersonStandard: null },
    vehicleRunning: { budget: 3.91, perPersonStandard: null },
    receptions: { budget: 9.42, perPersonStandard: null },
  };
  const measured = (m: string, value: number) => ({
    measure: m,
    value,
    measuredOn: '2023-12-31',
    note: null,
    recordedAt: '2024-01-05T00:00:00.000Z',
    recordedBy: 'staff-1',
  });
  plan.measurements = [
    measured('apec-awareness-rate', 100),
    measured('permit-complaint-rate', 0),
    measured('permit-satisfaction-rate', 98),
    measured('practical-deeds', 2),
  ];
  plan.adjustments = [
    { id: 'adj-dg1', scope: 'department-goal:1', points: 2, reason: '指标体系覆盖不够全面，知晓率未附测评过程。', withdrawn: false },
    { id: 'adj-dg2-withdrawn', scope: 'department-goal:2', points: 5, reason: '录入有误，已撤回', withdrawn: true },
    { id: 'adj-fx-1', scope: 'project-goal:foreign-exchange:1', points: 4, reason: '绩效目标表填报不完整。', withdrawn: false },
  ];
  plan.deviationAnalysis = {
    department: '年度绩效目标已全部达到或超额完成。',
    'project:foreign-exchange': '预算执行为 100.00%。',
  };
  plan.version = 42;
  return plan;
}

export function fixtureActivities(): Activity[] {
  return [
    // 重要外事活动: 3 of 5, one only assisted (配合 still counts), plus a withdrawn one and one of 2022.
    activity('major-1', 'major-event', '举办“湖北武汉香港周”', '2023-02-01'),
    activity('major-2', 'major-event', '配合举办南南合作与全球发展倡议研讨会', '2023-03-01', { role: '配合' }),
    activity('major-3', 'major-event', '举办“武汉都市圈-英国大曼彻斯特地区经贸合作交流会”', '2023-09-01'),
    activity('major-withdrawn', 'major-event', '误录的重要外事活动', '2023-05-01', { status: 'withdrawn', withdrawnReason: '重复录入' }),
    activity('major-2022', 'major-event', '2022 年的重要外事活动', '2022-12-01'),
    // 对外重点交流项目: the Győr project with two parts (one titled with next year's book fair) + one single.
    activity('exchange-gyor', 'exchange-project', '举办“武汉-杰尔友好交流活动”', '2023-03-01'),
    activity('exchange-gyor-1', 'exchange-project', '举办“武汉-杰尔青少年视频交流活动”', '2023-03-01', {
      parentId: 'exchange-gyor',
      role: '联合',
    }),
    activity('exchange-gyor-2', 'exchange-project', '出席“2024 杰尔国际书展”', '2023-11-01', { parentId: 'exchange-gyor' }),
    activity('exchange-swiss', 'exchange-project', '举办“瑞士—武汉水务交流会”', '2023-04-01'),
    // Four agreements, two cities.
    activity('city-ramallah', 'new-friendship-city', '与拉马拉市签署建立友好城市关系协议书', '2023-06-01', {
      attributes: { relation: 'sister-city', level: 'municipal' },
    }),
    activity('city-soroca', 'new-friendship-city', '与索罗卡市建立友好交流关系', '2023-06-01', {
      attributes: { relation: 'friendly-exchange', level: 'municipal' },
    }),
    activity('city-erdenet', 'new-friendship-city', '签署与额尔登特市建立友好合作关系备忘录', '2023-11-01', {
      attributes: { relation: 'mou', level: 'municipal' },
    }),
    activity('city-asti', 'new-friendship-city', '江汉区与阿斯蒂市建立友好交流关系', '2023-11-01', {
      attributes: { relation: 'friendly-exchange', level: 'district' },
    }),
    // 双招双引 information, summed.
    activity('info-h1', 'investment-info', '上半年录入项目信息', '2023-06-30', { attributes: { items: 7 } }),
    activity('info-h2', 'investment-info', '下半年录入项目信息', '2023-12-01', { attributes: { items: 9 } }),
    // Milestones: the handbook is done, the practice base is not.
    activity('ms-handbook', 'milestone', '编发《出国来华管理工作参考手册》', '2023-11-01', {
      attributes: { milestone: 'policy-handbook' },
    }),
  ];
}

/** A summary record (汇总录入) of the fixture department: the counts left out are not given. */
export function summaryRecord(
  id: string,
  fields: Pick<SummaryFields, 'line' | 'periodStart' | 'periodEnd' | 'cost'> & Partial<SummaryFields>,
): SangongRecord {
  const none = { groups: null, persons: null, foreignGroups: null, foreignPersons: null, vehiclesHeld: null, notes: null };
  return sangongRecordOf(FIXTURE_DEPARTMENT.code, id, { kind: 'summary', ...none, ...fields });
}

/** The seed's 2023 三公 figures as summary records of the year (what the dataset records). */
export function fixtureSangongRecords(): SangongRecord[] {
  const year = { periodStart: '2023-01-01', periodEnd: '2023-12-31' };
  return [
    summaryRecord('s-trips', { ...year, line: 'tripsAbroad', cost: 10_550_000, groups: 3, persons: 4 }),
    summaryRecord('s-purchase', { ...year, line: 'vehiclePurchase', cost: 0 }),
    summaryRecord('s-running', { ...year, line: 'vehicleRunning', cost: 3_910_000, vehiclesHeld: 5 }),
    summaryRecord('s-receptions', {
      ...year,
      line: 'receptions',
      cost: 9_420_000,
      groups: 38,
      persons: 386,
      foreignGroups: 31,
      foreignPersons: 327,
    }),
  ];
}

export interface FixtureOptions {
  /** Changes the activities before progress and warnings are computed. */
  activities?: (list: Activity[]) => Activity[];
  /** Changes the plan before progress and warnings are computed. */
  plan?: (plan: Plan) => Plan;
  /** Changes the 三公 records before the figures are summed. */
  sangong?: (records: SangongRecord[]) => SangongRecord[];
  asOf?: string | null;
}

/** A complete report input; progress and warnings are computed the way the caller will. */
export function fixtureReportInput(options: FixtureOptions = {}): ReportInput {
  const plan = (options.plan ?? ((p) => p))(fixturePlan());
  const activities = (options.activities ?? ((a) => a))(fixtureActivities());
  const asOf = options.asOf === undefined ? null : options.asOf;
  const progress = computeProgress(plan, activities, { asOf: asOf ?? `${plan.year}-12-31`, today: '2024-06-28' });
  return {
    department: { ...FIXTURE_DEPARTMENT },
    plan,
    progress,
    activities,
    warnings: dataQualityWarnings(plan, activities),
    catalog: FIXTURE_CATALOG,
    sangong: sangongFigures(sangongDaysOf((options.sangong ?? ((r) => r))(fixtureSangongRecords())), plan.year, asOf ?? undefined),
    checkpoint: { transactionId: '1234', position: 567 },
    asOf,
  };
}
