import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { ActivityFields, Role } from '../domain/activity';
import type { Attributes } from '../domain/attributes';
import { categoryProblems, type CategorySpec } from '../domain/catalog';
import { DomainValidationError, type FieldError } from '../domain/errors';
import { jsonShapeProblem } from '../domain/json-shape';
import type { DepartmentSettingsChange } from '../domain/department';
import type { Budget, Direction, KeyWorkItem, Measure, SangongBudgetInput, SangongKind } from '../domain/plan';
import { SANGONG_RECORD_KINDS } from '../domain/sangong/record';

export const DATASET_FORMAT = 'keywork-dataset/v1';

/** 预算调整 of a target: the new value, the day it applies from, and why. */
export interface DatasetRevision {
  value: number;
  effectiveFrom: string;
  reason: string;
}

/** A target of the file: `value` is the year's original; `revisions` change it from their day on. */
export interface DatasetTarget {
  measure: string;
  direction: Direction;
  value: number;
  unit?: string;
  revisions?: DatasetRevision[];
}

export interface DatasetIndicator extends DatasetTarget {
  level1?: string;
  level2?: string;
  level3?: string;
  /** 分值: the indicator's own points; when every indicator of a goal has them, each is scored on its own. */
  points?: number;
}

/** A budget of the file, applying from `effectiveFrom` (default: the year's start for the first, else the import's day). */
export type DatasetBudget = Budget & { effectiveFrom?: string };

export interface DatasetGoal {
  no: number;
  text: string;
  points: number;
  indicators: DatasetIndicator[];
}

export interface DatasetActivity extends Omit<ActivityFields, 'parentId' | 'alsoCountsFor' | 'notes' | 'attributes'> {
  key: string;
  parent?: string;
  alsoCountsFor?: string[];
  notes?: string;
  attributes?: Attributes;
}

/**
 * A 三公 record of the file: its `key` (unique in the file; the record id is derived from it), its
 * `kind` and that kind's fields as the api takes them (amounts in 万元); a trip names the activities
 * it served by their keys (`servedActivities`).
 */
export interface DatasetSangongRecord {
  key: string;
  kind: string;
  servedActivities?: string[];
  [field: string]: unknown;
}

/** One department-year as a human-editable file (docs/dataset-format.md). */
export interface Dataset {
  format: string;
  /** `settings`: what the department decides for itself (e.g. officeLevel 区直); those left out keep their value. */
  department: { code: string; name: string; settings?: DepartmentSettingsChange };
  year: number;
  /** The named catalog (catalogs/<name>.yaml) a department created by the import adopts; null (`none` in the file): only `categories`. */
  catalog: string | null;
  /** Categories the department defines beside (or instead of) the catalog's. */
  categories: CategorySpec[];
  measures: (Omit<Measure, 'where' | 'attribute' | 'category' | 'valueType'> &
    Partial<Pick<Measure, 'where' | 'attribute' | 'category' | 'valueType'>>)[];
  activities: DatasetActivity[];
  measurements: { measure: string; value: number; measuredOn: string; note?: string }[];
  plans: {
    keyWork: (Omit<KeyWorkItem, 'milestones'> & {
      milestones?: KeyWorkItem['milestones'];
      targets?: DatasetTarget[];
    })[];
    departmentGoals: DatasetGoal[];
    projects: { code: string; name: string; goals: DatasetGoal[]; deviationAnalysis?: string }[];
    departmentDeviationAnalysis?: string;
    /** 预算执行情况's points in the self-evaluations (default 20). */
    budgetPoints?: number;
  };
  budgets: {
    /** One budget, or its successive adjustments in the order they were made (each with its effectiveFrom). */
    department?: DatasetBudget | DatasetBudget[];
    /** A project listed more than once: its successive adjustments, in order. */
    projects?: (DatasetBudget & { project: string })[];
    /** 三公 budgets (预算数) only, and the reception standard per person (元/人); the spending is in `sangong`. */
    sangong?: Partial<Record<SangongKind, SangongBudgetInput>>;
  };
  /** 三公 records: trips, receptions, vehicle changes and costs, summaries (amounts in 万元). */
  sangong: DatasetSangongRecord[];
  adjustments: { id?: string; scope: string; points: number; reason: string }[];
}

/** Parses and checks the file's structure; the commands check the content. */
export function parseDataset(text: string): Dataset {
  let raw: unknown;
  try {
    // Dates stay strings: a YAML 2023-05-01 must not become a time-zone-shifted Date.
    raw = parse(text, { schema: 'core' });
  } catch (error) {
    throw new DomainValidationError([{ field: 'file', reason: `not valid YAML: ${(error as Error).message}` }]);
  }
  // PostgreSQL cannot store U+0000: refused here, naming the entry, not at the append.
  const shape = jsonShapeProblem(raw);
  if (shape) throw new DomainValidationError([{ field: shape.field === 'body' ? 'file' : shape.field, reason: shape.reason }]);
  const d = raw as Partial<Dataset>;
  const errors: FieldError[] = [];
  if (!d || typeof d !== 'object') throw new DomainValidationError([{ field: 'file', reason: 'must be a YAML mapping' }]);
  if (d.format !== DATASET_FORMAT) errors.push({ field: 'format', reason: `must be ${DATASET_FORMAT}` });
  if (!d.department || typeof d.department.code !== 'string') errors.push({ field: 'department.code', reason: 'is required' });
  if (!Number.isInteger(d.year)) errors.push({ field: 'year', reason: 'is required' });
  if (d.catalog !== undefined && d.catalog !== null && typeof d.catalog !== 'string') {
    errors.push({ field: 'catalog', reason: '类别目录名称（catalogs/ 下的文件所定义的 name），或 none：只用本文件的 categories' });
  }
  for (const list of ['categories', 'measures', 'activities', 'measurements', 'adjustments'] as const) {
    if (d[list] !== undefined && !Array.isArray(d[list])) errors.push({ field: list, reason: 'must be a list' });
  }
  // The same check as defineCategory's: a definition that would be refused there is refused here, naming the entry.
  const categoryCodes = new Map<unknown, number>();
  (Array.isArray(d.categories) ? d.categories : []).forEach((c: unknown, i) => {
    const problems = categoryProblems(c, `categories[${i}]`);
    errors.push(...problems);
    const code = (c as Partial<CategorySpec> | null)?.code;
    if (problems.length > 0) return;
    if (categoryCodes.has(code)) {
      errors.push({ field: `categories[${i}].code`, reason: `类别编码 ${code} 与 categories[${categoryCodes.get(code)}] 重复` });
    } else {
      categoryCodes.set(code, i);
    }
  });
  const keys = new Set<string>();
  // Not a list is reported above; checking its entries must not throw a TypeError.
  const activities = Array.isArray(d.activities) ? d.activities : [];
  activities.forEach((a, i) => {
    if (typeof a?.key !== 'string' || a.key.length === 0) errors.push({ field: `activities[${i}].key`, reason: 'is required' });
    else if (keys.has(a.key)) errors.push({ field: `activities[${i}].key`, reason: `duplicate key ${a.key}` });
    else keys.add(a.key);
  });
  activities.forEach((a, i) => {
    if (a?.parent !== undefined && !keys.has(a.parent))
      errors.push({ field: `activities[${i}].parent`, reason: `no activity with key ${a.parent}` });
  });
  errors.push(...sangongProblems(d, keys));
  if (errors.length > 0) throw new DomainValidationError(errors);
  return {
    format: d.format!,
    department: d.department!,
    year: d.year!,
    catalog: d.catalog === null || (d.catalog as unknown) === 'none' ? null : (d.catalog ?? 'foreign-affairs-office'),
    categories: d.categories ?? [],
    measures: d.measures ?? [],
    activities: (d.activities ?? []).map((a) => ({ ...a, occurredOn: String(a.occurredOn), role: a.role as Role })),
    measurements: (d.measurements ?? []).map((m) => ({ ...m, measuredOn: String(m.measuredOn) })),
    plans: {
      keyWork: d.plans?.keyWork ?? [],
      departmentGoals: d.plans?.departmentGoals ?? [],
      projects: d.plans?.projects ?? [],
      departmentDeviationAnalysis: d.plans?.departmentDeviationAnalysis,
      ...(d.plans?.budgetPoints !== undefined ? { budgetPoints: d.plans.budgetPoints } : {}),
    },
    budgets: d.budgets ?? {},
    sangong: (d.sangong ?? []).map(datesAsText),
    adjustments: d.adjustments ?? [],
  };
}

/** The 三公 parts of a file: budgets only in `budgets.sangong`; records with a key, a kind and known activity keys. */
function sangongProblems(d: Partial<Dataset>, activityKeys: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [line, budget] of Object.entries(d.budgets?.sangong ?? {})) {
    for (const key of Object.keys(budget ?? {})) {
      if (key !== 'budget' && key !== 'perPersonStandard') {
        errors.push({
          field: `budgets.sangong.${line}.${key}`,
          reason: '“三公”预算只填 budget（及接待的 perPersonStandard）；实际支出和团组、人次、车辆数请作为汇总录入记在 sangong 下',
        });
      }
    }
  }
  if (d.sangong === undefined) return errors;
  if (!Array.isArray(d.sangong)) return [...errors, { field: 'sangong', reason: 'must be a list' }];
  const keys = new Set<string>();
  d.sangong.forEach((r: Partial<DatasetSangongRecord> | null, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      errors.push({ field: `sangong[${i}]`, reason: 'must be a mapping' });
      return;
    }
    if (typeof r.key !== 'string' || r.key.length === 0) errors.push({ field: `sangong[${i}].key`, reason: 'is required' });
    else if (keys.has(r.key)) errors.push({ field: `sangong[${i}].key`, reason: `duplicate key ${r.key}` });
    else keys.add(r.key);
    if (!SANGONG_RECORD_KINDS.includes(r.kind as never)) {
      errors.push({ field: `sangong[${i}].kind`, reason: `must be one of ${SANGONG_RECORD_KINDS.join(', ')}` });
    }
    if (r.servedActivities !== undefined) {
      if (!Array.isArray(r.servedActivities))
        errors.push({ field: `sangong[${i}].servedActivities`, reason: 'must be a list of activity keys' });
      else
        r.servedActivities.forEach((k, j) => {
          if (!activityKeys.has(k)) errors.push({ field: `sangong[${i}].servedActivities[${j}]`, reason: `no activity with key ${k}` });
        });
    }
  });
  return errors;
}

/** YAML dates stay text (the core schema keeps them strings; numbers such as years stay numbers). */
function datesAsText(r: DatasetSangongRecord): DatasetSangongRecord {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]),
  ) as DatasetSangongRecord;
}

/** A stable UUID for a dataset entry, so importing twice addresses the same activity. */
export function entryUuid(department: string, key: string): string {
  const hex = createHash('sha1').update(`keywork:${department}:${key}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Command id of an entry: changes when the entry's content changes. */
export function entryCommandId(department: string, year: number, kind: string, content: unknown): string {
  const hash = createHash('sha1').update(JSON.stringify(content)).digest('hex').slice(0, 20);
  return `import:${department}:${year}:${kind}:${hash}`;
}
