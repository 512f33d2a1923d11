/**
 * Synthetic, deterministic data for the benchmarks: many departments of the foreign-affairs
 * office's kind, each with the office's 2023 plan (measures, key-work items, goals, targets,
 * budgets, 三公, measurements) for every year, and activities with Chinese titles and notes of the
 * size real ones have. Every event is decided by the domain's own functions (recordActivity,
 * amendActivity, moveActivity, withdrawActivity, restoreActivity, decidePlanChange,
 * createDepartment), so it is valid and has exactly the shape the application produces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventMetadata, StoredEvent } from '@app/event-store';
import {
  activityStreamId,
  amendActivity,
  evolveActivity,
  moveActivity,
  recordActivity,
  restoreActivity,
  withdrawActivity,
  type Activity,
  type ActivityFields,
  type Role,
} from '@app/tracking';
import type { Attributes } from '@app/tracking';
import {
  readCatalogSync,
  createDepartment,
  departmentStreamId,
  DomainValidationError,
  decidePlanChange,
  emptyPlan,
  evolvePlan,
  planStreamId,
  type Plan,
  type PlanChange,
  type PlanEvent,
  parseDataset,
  type Dataset,
  planChanges,
} from '@app/tracking';
import { seededRandom } from '@app/testing';

/** The foreign-affairs office's catalog (catalogs/foreign-affairs-office.yaml): every synthetic department adopts it. */
const FAO_CATALOG = readCatalogSync('foreign-affairs-office');
const FOREIGN_AFFAIRS_OFFICE_CATALOG = FAO_CATALOG.categories;

export const DATASET_FILE = join(__dirname, '..', '..', 'datasets', 'wuhan-fao-2023.yaml');

/** One row of the events table, as the store writes it. */
export interface GeneratedEvent {
  streamId: string;
  version: number;
  tenant: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface SyntheticSpec {
  departments: number;
  /** Years with a plan and activities. */
  years: number[];
  /** Exact number of events per department (department + plans + activity events), or… */
  eventsPerDepartment?: number;
  /** …exactly this many recorded activities per department and year. */
  activitiesPerDepartmentYear?: number;
  /** Corrections (amend, move, withdraw, restore) per recorded activity (default 0.18). */
  correctionRate?: number;
  seed?: number;
  /** Department codes are `${prefix}${number}` (default 'bd'). */
  codePrefix?: string;
}

export const departmentCode = (prefix: string, i: number): string => `${prefix}${String(i + 1).padStart(4, '0')}`;

// --- random -------------------------------------------------------------------------------

class Random {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }
  /** A version-4 UUID from this generator (deterministic for a seed). */
  uuid(): string {
    let text = '';
    for (let i = 0; i < 16; i++) {
      let byte = (this.next() * 256) | 0;
      if (i === 6) byte = (byte & 0x0f) | 0x40;
      else if (i === 8) byte = (byte & 0x3f) | 0x80;
      text += HEX[byte];
      if (i === 3 || i === 5 || i === 7 || i === 9) text += '-';
    }
    return text;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// --- vocabulary ---------------------------------------------------------------------------

const CITIES = ['武汉', '黄石', '十堰', '宜昌', '襄阳', '鄂州', '荆门', '孝感', '荆州', '黄冈', '咸宁', '随州'];
const DISTRICTS = [
  '江岸区',
  '江汉区',
  '硚口区',
  '汉阳区',
  '武昌区',
  '青山区',
  '洪山区',
  '东西湖区',
  '汉南区',
  '蔡甸区',
  '江夏区',
  '黄陂区',
  '新洲区',
  '东湖新技术开发区',
  '武汉经济技术开发区',
  '长江新区',
];
const AGENCIES = [
  '人民政府外事办公室',
  '商务局',
  '教育局',
  '文化和旅游局',
  '科学技术局',
  '卫生健康委员会',
  '投资促进局',
  '贸促会',
  '侨务办公室',
  '港澳事务办公室',
  '发展和改革委员会',
  '经济和信息化局',
  '体育局',
  '农业农村局',
  '团委',
];
const COUNTRIES = [
  '英国',
  '法国',
  '德国',
  '意大利',
  '西班牙',
  '荷兰',
  '比利时',
  '瑞士',
  '瑞典',
  '芬兰',
  '丹麦',
  '挪威',
  '日本',
  '韩国',
  '新加坡',
  '马来西亚',
  '泰国',
  '越南',
  '印度尼西亚',
  '澳大利亚',
  '新西兰',
  '美国',
  '加拿大',
  '巴西',
  '阿根廷',
  '智利',
  '南非',
  '埃及',
  '肯尼亚',
  '阿联酋',
  '沙特阿拉伯',
  '土耳其',
  '波兰',
  '捷克',
  '匈牙利',
  '希腊',
  '葡萄牙',
  '爱尔兰',
  '塞尔维亚',
  '哈萨克斯坦',
];
const FOREIGN_CITIES = [
  '曼彻斯特',
  '伯明翰',
  '波尔多',
  '杜伊斯堡',
  '圣彼得堡',
  '大阪',
  '首尔',
  '釜山',
  '吉隆坡',
  '曼谷',
  '胡志明市',
  '悉尼',
  '墨尔本',
  '奥克兰',
  '匹兹堡',
  '芝加哥',
  '多伦多',
  '温哥华',
  '圣保罗',
  '开普敦',
  '开罗',
  '内罗毕',
  '迪拜',
  '伊斯坦布尔',
  '华沙',
  '布拉格',
  '布达佩斯',
  '雅典',
  '里斯本',
  '都柏林',
  '鹿特丹',
  '安特卫普',
  '苏黎世',
  '哥德堡',
  '赫尔辛基',
  '奥斯陆',
  '贝尔格莱德',
  '阿拉木图',
];
const TOPICS = [
  '经贸合作',
  '科技创新',
  '文化旅游',
  '教育交流',
  '医疗卫生',
  '生物医药',
  '光电子信息',
  '汽车制造',
  '绿色低碳',
  '数字经济',
  '城市治理',
  '青年创业',
  '友好城市',
  '港口物流',
  '人工智能',
  '新能源',
  '现代农业',
  '体育赛事',
  '智慧城市',
  '金融服务',
];
const ORGS = [
  '商会',
  '贸易投资署',
  '总领事馆',
  '大学代表团',
  '研究院',
  '行业协会',
  '友好协会',
  '市政府代表团',
  '议会代表团',
  '企业家代表团',
  '青年代表团',
  '媒体代表团',
];
const MEDIA = ['新华社', '人民日报', '中国日报', '湖北日报', '长江日报', '湖北广播电视台', '武汉广播电视台'];

/** Weights of the office's categories among recorded activities (receptions and exchanges dominate). */
const CATEGORY_WEIGHTS: (readonly [string, number])[] = [
  ['major-event', 8],
  ['exchange-project', 10],
  ['new-friendship-city', 1],
  ['foreign-institution', 1],
  ['home-in-wuhan', 8],
  ['hk-macao-youth', 6],
  ['policy-briefing', 8],
  ['investment-info', 6],
  ['signed-project', 3],
  ['investment-event', 5],
  ['consulate-tour', 4],
  ['milestone', 2],
  ['trip-abroad', 6],
  ['reception', 20],
  ['vehicle', 3],
];

/** Activity is seasonal: quiet around the Spring Festival, busy in autumn. */
const MONTH_WEIGHTS = [0.6, 0.5, 1.0, 1.1, 1.2, 1.1, 0.9, 0.8, 1.2, 1.0, 1.3, 1.3];
const ROLES: Role[] = ['主办', '主办', '承办', '协办', '配合', '联合'];

/** A title as staff write them: the kind of activity with its counterpart, subject and often a series or venue. */
function title(r: Random, category: string, year: number, month: number, milestones: { code: string; title: string }[]): string {
  const base = baseTitle(r, category, year, month, milestones);
  if (category === 'milestone' || category === 'vehicle') return base;
  return r.chance(0.6) ? `${base}${r.pick(SUFFIXES)(r)}` : base;
}

const SUFFIXES: ((r: Random) => string)[] = [
  (r) => `（第${r.int(2, 30)}期）`,
  (r) => `暨${r.pick(TOPICS)}专题对接会`,
  (r) => `（${r.pick(DISTRICTS)}分会场）`,
  (r) => `并签署${r.pick(TOPICS)}合作备忘录`,
  (r) => `（${r.pick(['线上', '线下', '线上线下结合'])}）`,
  (r) => `——${r.pick(FOREIGN_CITIES)}站`,
];

function baseTitle(r: Random, category: string, year: number, month: number, milestones: { code: string; title: string }[]): string {
  const [country, city, topic, district, org] = [
    r.pick(COUNTRIES),
    r.pick(FOREIGN_CITIES),
    r.pick(TOPICS),
    r.pick(DISTRICTS),
    r.pick(ORGS),
  ];
  switch (category) {
    case 'major-event':
      return r.pick([
        `举办“武汉—${city}${topic}合作交流会”`,
        `承办“${country}驻华使节湖北行”${topic}专场活动`,
        `举办“湖北武汉${country}周”开幕式及系列活动`,
        `配合举办${year}年${topic}国际论坛`,
      ]);
    case 'exchange-project':
      return r.pick([
        `开展“武汉—${city}${topic}”交流项目`,
        `组织${district}企业赴${country}开展${topic}对接交流`,
        `实施“${topic}”国际人才交流计划${country}专项`,
      ]);
    case 'new-friendship-city':
      return `与${country}${city}缔结国际友好交流城市关系`;
    case 'foreign-institution':
      return `${country}${r.pick(['贸易投资署', '商会', '文化中心', '旅游局'])}驻汉代表处揭牌`;
    case 'home-in-wuhan':
      return r.pick([`举办外籍人士“家在武汉”${topic}体验活动`, `组织在汉外籍人士走进${district}参观交流`]);
    case 'hk-macao-youth':
      return r.pick([`举办汉港澳青年${topic}交流营`, `组织港澳青年赴${district}开展国情教育实践`]);
    case 'policy-briefing':
      return r.pick([`赴${district}开展涉外企业“走出去”政策宣讲`, `举办${topic}领域出国（境）管理政策解读会`]);
    case 'investment-info':
      return `报送${country}${topic}产业招商项目信息`;
    case 'signed-project':
      return `协助${district}与${country}企业签约${topic}项目`;
    case 'investment-event':
      return `举办“${country}企业走进${district}”${topic}产业招商专题活动`;
    case 'consulate-tour':
      return `组织外国驻汉领馆走进${district}考察${topic}`;
    case 'milestone':
      return r.pick(milestones).title;
    case 'trip-abroad':
      return `${district}${topic}代表团赴${country}、${r.pick(COUNTRIES)}开展交流`;
    case 'reception':
      return r.pick([`接待${country}${city}${org}来汉访问`, `接待${country}${org}来汉开展${topic}交流`, `会见${country}${city}${org}一行`]);
    case 'vehicle':
      return `${month}月公务用车运行维护`;
    default:
      return `${topic}相关工作`;
  }
}

function notes(r: Random, month: number): string {
  const [topic, topic2] = [r.pick(TOPICS), r.pick(TOPICS)];
  const sentences = [
    `${month}月，活动在武汉成功举办，来自${r.int(2, 40)}个国家和地区的${r.int(20, 600)}名嘉宾出席。`,
    `活动围绕${topic}、${topic2}等议题开展深入交流，达成合作意向${r.int(1, 12)}项，签署合作备忘录${r.int(0, 4)}份。`,
    `我办统筹${r.int(3, 20)}家成员单位，召开筹备工作协调会${r.int(1, 5)}次，细化接待、安保、宣传等工作方案，确保活动安全顺利。`,
    `${r.pick(MEDIA)}、${r.pick(MEDIA)}等媒体进行了报道，社会反响良好。`,
    `下一步将持续跟踪合作项目落地情况，推动${topic}领域务实合作走深走实，进一步提升武汉国际影响力。`,
    `活动期间，${r.pick(DISTRICTS)}、${r.pick(DISTRICTS)}作了专题推介，${r.int(10, 80)}家企业参加对接洽谈。`,
  ];
  const count = r.int(2, 4);
  const start = r.int(0, sentences.length - 1);
  return Array.from({ length: count }, (_, i) => sentences[(start + i) % sentences.length]).join('');
}

function attributes(r: Random, category: string, milestones: { code: string }[]): Attributes {
  switch (category) {
    case 'major-event':
    case 'exchange-project':
      return { participants: r.int(30, 3000), countries: r.int(1, 40), counterpart: `${r.pick(FOREIGN_CITIES)}${r.pick(ORGS)}` };
    case 'new-friendship-city':
      return {
        city: r.pick(FOREIGN_CITIES),
        country: r.pick(COUNTRIES),
        relation: r.pick(['sister-city', 'friendly-exchange', 'mou']),
        level: r.pick(['municipal', 'municipal', 'district']),
      };
    case 'foreign-institution':
      return { institution: `${r.pick(COUNTRIES)}${r.pick(['贸易投资署', '商会', '文化中心'])}武汉代表处` };
    case 'home-in-wuhan':
      return { participants: r.int(20, 400), countries: r.int(2, 30) };
    case 'hk-macao-youth':
    case 'policy-briefing':
    case 'investment-event':
    case 'consulate-tour':
      return { participants: r.int(15, 500) };
    case 'investment-info':
    case 'signed-project':
      return { items: r.int(1, 6) };
    case 'milestone':
      return { milestone: r.pick(milestones).code };
    case 'trip-abroad':
      return { persons: r.int(2, 8), cost: Math.round(r.int(30, 600)) / 10, destinations: `${r.pick(COUNTRIES)}、${r.pick(COUNTRIES)}` };
    case 'reception':
      return { persons: r.int(2, 30), cost: Math.round(r.int(5, 200)) / 100, foreign: r.chance(0.8) };
    case 'vehicle':
      return { kind: r.chance(0.1) ? 'purchase' : 'running', cost: Math.round(r.int(10, 300)) / 100 };
    default:
      return {};
  }
}

/** Categories taking only `participants`: an activity can be re-categorised among them by an amendment. */
const PARTICIPANTS_ONLY = ['hk-macao-youth', 'policy-briefing', 'investment-event', 'consulate-tour'];

// --- the plan -----------------------------------------------------------------------------

export interface PlanTemplate {
  year: number;
  /** Plan events entered in January (measures, key work, goals, targets, budgets, 三公, …). */
  setUp: PlanEvent[];
  /** Measurements entered in December. */
  measurements: PlanEvent[];
  milestones: { code: string; title: string }[];
}

let dataset: Dataset | null = null;
export function officeDataset(): Dataset {
  dataset ??= parseDataset(readFileSync(DATASET_FILE, 'utf8'));
  return dataset;
}

/** The office's 2023 plan, decided for `year` by the domain (department code rewritten per department). */
export function planTemplate(year: number): PlanTemplate {
  const source = officeDataset();
  const ofYear = (date: string) => `${year}${date.slice(4)}`;
  let plan: Plan = emptyPlan('tmpl', year);
  const decide = (change: PlanChange) => {
    const events = decidePlanChange(plan, change, FOREIGN_AFFAIRS_OFFICE_CATALOG);
    events.forEach((e, i) => {
      plan = evolvePlan(plan, asStored(e, planStreamId('tmpl', year), plan.version + 1 + i, new Date(0)));
    });
    return events;
  };
  const setUp = planChanges({ ...source, year }).flatMap(decide);
  const measurements = source.measurements.flatMap((m) =>
    decide({ kind: 'record-measurement', measure: m.measure, value: m.value, measuredOn: ofYear(m.measuredOn), note: m.note ?? null }),
  );
  return { year, setUp, measurements, milestones: plan.keyWork.flatMap((k) => k.milestones) };
}

function asStored(
  event: { type: string; data: unknown },
  streamId: string,
  version: number,
  recordedAt: Date,
  actor = 'bench',
): StoredEvent {
  return {
    globalPosition: 0,
    streamId,
    streamVersion: version,
    tenant: '',
    type: event.type,
    data: event.data,
    metadata: { actor },
    recordedAt,
    transactionId: '0',
  };
}

// --- departments --------------------------------------------------------------------------

export function departmentName(i: number): string {
  const city = CITIES[i % CITIES.length];
  const district = DISTRICTS[Math.floor(i / CITIES.length) % DISTRICTS.length];
  const agency = AGENCIES[Math.floor(i / (CITIES.length * DISTRICTS.length)) % AGENCIES.length];
  return city === '武汉' ? `武汉市${district}${agency}` : `${city}市${agency}（${district}联络处）`;
}

interface DepartmentState {
  code: string;
  staff: string;
  reporter: string;
  /** Recent activities, the ones corrections pick from. */
  window: Activity[];
  /** Exchange projects (no parent) of the current year that later parts may join. */
  projects: string[];
  records: number;
  corrections: number;
}

const WINDOW = 40;

/** Events of every department, month by month, so positions follow time as in a real store. */
export function* generateEvents(spec: SyntheticSpec): Generator<GeneratedEvent> {
  const r = new Random(seededRandom(spec.seed ?? 20231231));
  const prefix = spec.codePrefix ?? 'bd';
  const templates = spec.years.map(planTemplate);
  const planEvents = templates.reduce((n, t) => n + t.setUp.length + t.measurements.length, 0);
  let recordsPerYear: number;
  let correctionsPerYear: number[];
  if (spec.activitiesPerDepartmentYear !== undefined) {
    recordsPerYear = spec.activitiesPerDepartmentYear;
    const corrections = Math.round(recordsPerYear * (spec.correctionRate ?? 0.18));
    correctionsPerYear = spec.years.map(() => corrections);
  } else {
    const activityEvents = (spec.eventsPerDepartment ?? 1000) - 1 - planEvents;
    if (activityEvents < spec.years.length) throw new Error(`eventsPerDepartment must exceed ${planEvents + 1 + spec.years.length}`);
    const records = Math.round(activityEvents / (1 + (spec.correctionRate ?? 0.18)));
    recordsPerYear = Math.floor(records / spec.years.length);
    const rest = activityEvents - recordsPerYear * spec.years.length;
    correctionsPerYear = spec.years.map(
      (_, i) => Math.floor((rest * (i + 1)) / spec.years.length) - Math.floor((rest * i) / spec.years.length),
    );
  }
  const admin = r.uuid();
  const departments: DepartmentState[] = Array.from({ length: spec.departments }, (_, i) => ({
    code: departmentCode(prefix, i),
    staff: r.uuid(),
    reporter: r.uuid(),
    window: [],
    projects: [],
    records: 0,
    corrections: 0,
  }));
  const meta = (actor: string): EventMetadata => ({ actor, correlationId: r.uuid(), commandId: `http:${r.uuid()}` });

  // December before the first year: the departments are created.
  const firstYear = spec.years[0];
  for (const [i, d] of departments.entries()) {
    const [created] = createDepartment(null, d.code, departmentName(i), FAO_CATALOG);
    yield {
      streamId: departmentStreamId(d.code),
      version: 1,
      tenant: d.code,
      type: created.type,
      data: created.data,
      metadata: meta(admin),
      recordedAt: at(r, firstYear - 1, 12, 1),
    };
  }

  for (const [y, template] of templates.entries()) {
    const year = template.year;
    for (const d of departments) d.projects = [];
    for (let month = 1; month <= 12; month++) {
      const share = (n: number) =>
        Math.floor((n * cumulative(month)) / cumulative(12)) - Math.floor((n * cumulative(month - 1)) / cumulative(12));
      for (const d of departments) {
        if (month === 1) {
          // The year's plan, entered by the department's reporter in early January.
          let when = at(r, year, 1, 3);
          for (const [v, e] of template.setUp.entries()) {
            when = new Date(when.getTime() + r.int(5, 300) * 1000);
            yield planEvent(d, year, v + 1, e, meta(d.reporter), when);
          }
        }
        yield* activityMonth(r, d, year, month, share(recordsPerYear), share(correctionsPerYear[y]), template.milestones, meta);
        if (month === 12) {
          let when = at(r, year, 12, 28);
          for (const [v, e] of template.measurements.entries()) {
            when = new Date(when.getTime() + r.int(5, 300) * 1000);
            yield planEvent(d, year, template.setUp.length + v + 1, e, meta(d.reporter), when);
          }
        }
      }
    }
  }
}

function planEvent(
  d: DepartmentState,
  year: number,
  version: number,
  e: PlanTemplate['setUp'][number],
  metadata: EventMetadata,
  recordedAt: Date,
): GeneratedEvent {
  return {
    streamId: planStreamId(d.code, year),
    version,
    tenant: d.code,
    type: e.type,
    data: { ...e.data, department: d.code },
    metadata,
    recordedAt,
  };
}

function cumulative(month: number): number {
  return MONTH_WEIGHTS.slice(0, month).reduce((s, w) => s + w, 0);
}

/** A time on that day in office hours (UTC+8), as the store's clock would record it. */
function at(r: Random, year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, r.int(1, 9), r.int(0, 59), r.int(0, 59), r.int(0, 999)));
}

function* activityMonth(
  r: Random,
  d: DepartmentState,
  year: number,
  month: number,
  records: number,
  corrections: number,
  milestones: { code: string; title: string }[],
  meta: (actor: string) => EventMetadata,
): Generator<GeneratedEvent> {
  // Records and corrections interleaved; a correction needs something to correct, so it waits.
  const actions: ('record' | 'correct')[] = [...Array(records).fill('record'), ...Array(corrections).fill('correct')];
  for (let i = actions.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [actions[i], actions[j]] = [actions[j], actions[i]];
  }
  let when = at(r, year, month, 1);
  const step = (28 * 86_400_000) / Math.max(1, actions.length + 1);
  for (let i = 0; i < actions.length; i++) {
    when = new Date(when.getTime() + r.next() * step * 2);
    let action = actions[i];
    if (action === 'correct' && d.window.length === 0) {
      // Nothing recorded yet: later in the month if a record follows, else a record instead.
      if (actions.indexOf('record', i + 1) > 0) {
        actions.push('correct');
        continue;
      }
      action = 'record';
    }
    if (action === 'record') yield emit(d, record(r, d, year, month, milestones), meta(d.staff), when);
    else yield emit(d, correct(r, d, year, month, milestones), meta(d.staff), when);
  }
}

interface Decided {
  activity: Activity | null;
  streamId: string;
  event: { type: string; data: unknown };
}

function emit(d: DepartmentState, decided: Decided, metadata: EventMetadata, recordedAt: Date): GeneratedEvent {
  const version = (decided.activity?.version ?? 0) + 1;
  const next = evolveActivity(decided.activity, { ...asStored(decided.event, decided.streamId, version, recordedAt), metadata })!;
  const index = decided.activity ? d.window.findIndex((a) => a.id === next.id) : -1;
  if (index >= 0) d.window[index] = next;
  else {
    d.window.push(next);
    if (d.window.length > WINDOW) d.window.shift();
  }
  return { streamId: decided.streamId, version, tenant: d.code, type: decided.event.type, data: decided.event.data, metadata, recordedAt };
}

function record(r: Random, d: DepartmentState, year: number, month: number, milestones: { code: string; title: string }[]): Decided {
  const category = r.weighted(CATEGORY_WEIGHTS);
  const activityId = r.uuid();
  let parentId: string | null = null;
  if (category === 'exchange-project') {
    if (d.projects.length > 0 && r.chance(0.4)) parentId = r.pick(d.projects);
    else d.projects.push(activityId);
  }
  const fields: ActivityFields = {
    category,
    title: title(r, category, year, month, milestones),
    occurredOn: `${year}-${String(month).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
    role: r.pick(ROLES),
    attributes: attributes(r, category, milestones),
    parentId,
    alsoCountsFor: category === 'major-event' && r.chance(0.1) ? ['investment-events'] : [],
    notes: notes(r, month),
  };
  const [event] = recordActivity(null, { ...fields, activityId, department: d.code }, FOREIGN_AFFAIRS_OFFICE_CATALOG);
  d.records++;
  return { activity: null, streamId: activityStreamId(activityId), event };
}

function correct(r: Random, d: DepartmentState, year: number, month: number, milestones: { code: string; title: string }[]): Decided {
  d.corrections++;
  const activity = r.pick(d.window);
  const streamId = activityStreamId(activity.id);
  const catalog = FOREIGN_AFFAIRS_OFFICE_CATALOG;
  const decided = (events: { type: string; data: unknown }[]): Decided => ({ activity, streamId, event: events[0] });
  if (activity.status === 'withdrawn') return decided(restoreActivity(activity, r.pick(['误撤回，恢复', '经核实应予保留', null])));
  const kind = r.weighted([
    ['text', 35],
    ['attributes', 20],
    ['date', 10],
    ['category', 10],
    ['withdraw', 15],
    ['move', 5],
  ] as const);
  try {
    switch (kind) {
      case 'text':
        return decided(
          amendActivity(
            activity,
            r.chance(0.5) ? { title: `${activity.title}（${r.pick(['修订', '补充', '更正'])}）` } : { notes: notes(r, month) },
            catalog,
          ),
        );
      case 'attributes':
        return decided(amendActivity(activity, { attributes: attributes(r, activity.category, milestones) }, catalog));
      case 'date': {
        const day = `${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
        return decided(amendActivity(activity, { occurredOn: `${r.chance(0.05) ? year - 1 : year}-${day}` }, catalog));
      }
      case 'category': {
        if (PARTICIPANTS_ONLY.includes(activity.category) && !activity.parentId) {
          return decided(amendActivity(activity, { category: r.pick(PARTICIPANTS_ONLY.filter((c) => c !== activity.category)) }, catalog));
        }
        return decided(amendActivity(activity, { role: r.pick(ROLES.filter((x) => x !== activity.role)) }, catalog));
      }
      case 'move': {
        if (activity.parentId || d.projects.includes(activity.id)) return decided(withdrawActivity(activity, '重复录入，撤回'));
        const category = r.pick(
          ['major-event', 'home-in-wuhan', 'policy-briefing', 'consulate-tour'].filter((c) => c !== activity.category),
        );
        return decided(moveActivity(activity, category, attributes(r, category, milestones), '应计入其他类别', catalog));
      }
      case 'withdraw':
        return decided(withdrawActivity(activity, r.pick(['重复录入，撤回', '活动取消', '不属于本部门职责范围'])));
    }
  } catch (error) {
    // A correction the domain refuses (e.g. nothing would change): withdraw instead.
    if (!(error instanceof DomainValidationError)) throw error;
    return decided(withdrawActivity(activity, '重复录入，撤回'));
  }
}

/** How many events `generateEvents(spec)` yields (without generating them). */
export function eventCount(spec: SyntheticSpec): number {
  const templates = spec.years.map(planTemplate);
  const planEvents = templates.reduce((n, t) => n + t.setUp.length + t.measurements.length, 0);
  if (spec.activitiesPerDepartmentYear !== undefined) {
    const corrections = Math.round(spec.activitiesPerDepartmentYear * (spec.correctionRate ?? 0.18));
    return spec.departments * (1 + planEvents + spec.years.length * (spec.activitiesPerDepartmentYear + corrections));
  }
  return spec.departments * (spec.eventsPerDepartment ?? 1000);
}
