// @ts-check
// The department-year's data as the pages read it: paths, typed fetches and catalog lookups.

import { getJson, query } from './api.js';

/** @typedef {import('./types.js').PageContext} PageContext */
/** @typedef {import('./types.js').Activity} Activity */
/** @typedef {import('./types.js').Aggregates} Aggregates */
/** @typedef {import('./types.js').AttributeSpec} AttributeSpec */
/** @typedef {import('./types.js').CategorySpec} CategorySpec */
/** @typedef {import('./types.js').Plan} Plan */
/** @typedef {import('./types.js').Progress} Progress */
/** @template T @typedef {import('./types.js').Page<T>} Page */

/**
 * /api/departments/<code> of the page's department.
 * @param {PageContext} ctx
 */
export const deptPath = (ctx) => `/api/departments/${encodeURIComponent(ctx.department.code)}`;

/**
 * A page of the year's activities (newest first).
 * @param {PageContext} ctx
 * @param {Record<string, string | number | undefined>} filter
 * @returns {Promise<Page<Activity>>}
 */
export const activitiesPage = (ctx, filter) => getJson(`${deptPath(ctx)}/activities${query({ year: ctx.year, ...filter })}`);

/**
 * One activity of the department.
 * @param {PageContext} ctx
 * @param {string} id
 * @returns {Promise<Activity>}
 */
export const fetchActivity = (ctx, id) => getJson(`${deptPath(ctx)}/activities/${encodeURIComponent(id)}`);

/**
 * The year's plan (measures, targets, budgets, 三公).
 * @param {PageContext} ctx
 * @returns {Promise<Plan>}
 */
export const fetchPlan = (ctx) => getJson(`${deptPath(ctx)}/years/${ctx.year}/plan`);

/**
 * Progress of the year, as of a day and as known at a time when given.
 * @param {PageContext} ctx
 * @param {{ asOf?: string, knownAt?: string }} at
 * @returns {Promise<Progress>}
 */
export const fetchProgress = (ctx, at) => getJson(`${deptPath(ctx)}/years/${ctx.year}/progress${query(at)}`);

/**
 * A page of the year's warnings of one kind, as of a day and as known at a time when given (the
 * progress view carries only the first few of each kind).
 * @param {PageContext} ctx
 * @param {{ asOf?: string, knownAt?: string, kind: string, page: number, pageSize: number }} filter
 * @returns {Promise<Page<import('./types.js').DataQualityWarning>>}
 */
export const fetchWarnings = (ctx, filter) => getJson(`${deptPath(ctx)}/years/${ctx.year}/warnings${query(filter)}`);

/**
 * The year's activities counted and summed by month and category (the server adds them up).
 * @param {PageContext} ctx
 * @param {{ asOf?: string, knownAt?: string }} at
 * @returns {Promise<Aggregates>}
 */
export const fetchAggregates = (ctx, at) => getJson(`${deptPath(ctx)}/years/${ctx.year}/aggregates${query(at)}`);

/**
 * The catalog's category, if the department has it.
 * @param {PageContext} ctx
 * @param {string | null | undefined} code
 * @returns {CategorySpec | undefined}
 */
export const categoryOf = (ctx, code) => ctx.department.catalog.find((c) => c.code === code);

/**
 * A category's name (a category the catalog no longer has: 其他类别, never its code).
 * @param {PageContext} ctx
 * @param {string | null | undefined} code
 */
export const categoryLabel = (ctx, code) => categoryOf(ctx, code)?.label ?? (code ? '其他类别' : '');

/** The attribute of a `milestone` activity that names the key-work milestone it reaches. */
export const MILESTONE_ATTRIBUTE = 'milestone';

/**
 * The plan's names for the codes activities carry: milestones and measures.
 * @typedef {{ milestones: Map<string, string>, measures: Map<string, string> }} PlanWords
 */

/** @type {PlanWords} */
export const NO_WORDS = { milestones: new Map(), measures: new Map() };

/**
 * @param {Plan | null | undefined} plan
 * @returns {PlanWords}
 */
export function planWords(plan) {
  if (!plan) return NO_WORDS;
  return {
    milestones: new Map(plan.keyWork.flatMap((k) => k.milestones.map((m) => /** @type {[string, string]} */ ([m.code, m.title])))),
    measures: new Map(plan.measures.map((m) => [m.code, m.name])),
  };
}

/**
 * What an attribute is called on screen (a milestone attribute: 里程碑, its code never shown).
 * @param {AttributeSpec | undefined} spec
 * @param {string} name
 */
export const attributeLabel = (spec, name) => (name === MILESTONE_ATTRIBUTE ? '里程碑' : (spec?.label ?? '其他属性'));

/**
 * Attribute values as the catalog labels them (enum options, 是/否, milestones by title).
 * @param {AttributeSpec | undefined} spec
 * @param {unknown} value
 * @param {PlanWords} [words]
 */
export function attributeText(spec, value, words = NO_WORDS) {
  if (value === undefined || value === null || value === '') return '—';
  if (spec?.name === MILESTONE_ATTRIBUTE) return words.milestones.get(String(value)) ?? '（计划中没有的里程碑）';
  if (spec?.type === 'enum') return spec.options?.[String(value)] ?? String(value);
  if (spec?.type === 'boolean') return value ? '是' : '否';
  if (spec?.type === 'amount') return `${value} 万元`;
  return String(value);
}

/**
 * The measures an activity also counts toward, by name.
 * @param {string[] | undefined} codes
 * @param {PlanWords} words
 */
export const measureNames = (codes, words) => (codes ?? []).map((c) => words.measures.get(c) ?? '本年度未定义的指标').join('、');
