// @ts-check
// The department-year's data as the pages read it: paths, typed fetches and catalog lookups.

import { getJson, query } from './api.js';
import { meta } from './meta.js';

/** @typedef {import('./types.js').PageContext} PageContext */
/** @typedef {import('./types.js').Activity} Activity */
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
 * A page of the year's activities.
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
 * Every activity of the year (paged through, the largest page the api allows at a time).
 * @param {PageContext} ctx
 * @param {{ status?: string }} [options]
 */
export async function allActivities(ctx, { status = 'active' } = {}) {
  /** @type {Activity[]} */
  const items = [];
  for (let page = 1; page < 100; page++) {
    const result = await activitiesPage(ctx, { status, page, pageSize: meta().limits.pageSize });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) break;
  }
  return items;
}

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
 * The catalog's category, if the department has it.
 * @param {PageContext} ctx
 * @param {string | null | undefined} code
 * @returns {CategorySpec | undefined}
 */
export const categoryOf = (ctx, code) => ctx.department.catalog.find((c) => c.code === code);

/**
 * @param {PageContext} ctx
 * @param {string | null | undefined} code
 */
export const categoryLabel = (ctx, code) => categoryOf(ctx, code)?.label ?? code ?? '';

/**
 * Attribute values as the catalog labels them (enum options, 是/否).
 * @param {AttributeSpec | undefined} spec
 * @param {unknown} value
 */
export function attributeText(spec, value) {
  if (value === undefined || value === null || value === '') return '—';
  if (spec?.type === 'enum') return spec.options?.[String(value)] ?? String(value);
  if (spec?.type === 'boolean') return value ? '是' : '否';
  if (spec?.type === 'amount') return `${value} 万元`;
  return String(value);
}
