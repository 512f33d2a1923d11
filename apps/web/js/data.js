import { getJson, query } from './api.js';

const D = (ctx) => `/api/departments/${encodeURIComponent(ctx.department.code)}`;
export const deptPath = D;

/** Every activity of the year (paged through, 200 at a time). */
export async function allActivities(ctx, { status = 'active' } = {}) {
  const items = [];
  for (let page = 1; page < 100; page++) {
    const result = await getJson(`${D(ctx)}/activities${query({ year: ctx.year, status, page, pageSize: 200 })}`);
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) break;
  }
  return items;
}

export const categoryLabel = (ctx, code) => ctx.department.catalog.find((c) => c.code === code)?.label ?? code;

/** Attribute values as the catalog labels them (enum options, 是/否). */
export function attributeText(spec, value) {
  if (value === undefined || value === null || value === '') return '—';
  if (spec?.type === 'enum') return spec.options?.[value] ?? String(value);
  if (spec?.type === 'boolean') return value ? '是' : '否';
  if (spec?.type === 'amount') return `${value} 万元`;
  return String(value);
}
