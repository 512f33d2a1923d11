// @ts-check
// The dashboard's 三公 panel: budget and final figures from the plan, and the costs logged with
// trips, receptions and vehicle activities.

import { meter } from '../chart.js';
import { fmtNumber, h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').SangongKind} SangongKind */
/** @typedef {import('../types.js').SangongLine} SangongLine */

/** The catalog categories whose `cost` counts toward a 三公 line (vehicles: by their `kind`). */
const COST_CATEGORIES = /** @type {Record<string, SangongKind>} */ ({ 'trip-abroad': 'tripsAbroad', reception: 'receptions' });

/**
 * The costs logged per line (null: none logged yet).
 * @param {Activity[]} activities
 */
function loggedCosts(activities) {
  /** @type {Record<SangongKind, number | null>} */
  const logged = { tripsAbroad: null, vehiclePurchase: null, vehicleRunning: null, receptions: null };
  for (const a of activities) {
    const cost = typeof a.attributes?.cost === 'number' ? a.attributes.cost : 0;
    const key =
      COST_CATEGORIES[a.category] ??
      (a.category === 'vehicle' ? (a.attributes?.kind === 'purchase' ? 'vehiclePurchase' : 'vehicleRunning') : null);
    if (key) logged[key] = (logged[key] ?? 0) + cost;
  }
  return logged;
}

/**
 * Groups and persons of trips and receptions, vehicles held.
 * @param {SangongKind} key
 * @param {SangongLine | null} line
 */
function detail(key, line) {
  if (!line) return '';
  const parts = [];
  if (key === 'tripsAbroad' && line.groups !== null) parts.push(`${line.groups} 个团组，${line.persons ?? '—'} 人次`);
  if (key === 'receptions' && line.groups !== null) parts.push(`${line.groups} 批次，${line.persons ?? '—'} 人次`);
  if (key === 'receptions' && line.foreignGroups !== null)
    parts.push(`其中外事接待 ${line.foreignGroups} 批次，${line.foreignPersons ?? '—'} 人次`);
  if (line.vehiclesHeld !== null && line.vehiclesHeld !== undefined) parts.push(`保有量 ${line.vehiclesHeld} 辆`);
  return parts.join('；');
}

/**
 * @param {string} label
 * @param {number} budget
 * @param {number | null} actual
 * @param {number | null} logged
 * @param {string} text
 * @param {string} [cls]
 */
function row(label, budget, actual, logged, text, cls = '') {
  const execution =
    budget > 0 && actual !== null
      ? meter(actual / budget, { tone: actual > budget + 0.005 ? 'lagging' : 'met' })
      : h('span', { class: 'muted small' }, budget > 0 ? '' : '无预算');
  return h(
    'tr',
    { class: cls },
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, fmtNumber(budget, 2)),
    h('td', { class: 'num' }, actual === null ? '—' : fmtNumber(actual, 2)),
    h('td', { class: 'meter-cell' }, execution),
    h('td', { class: 'num' }, logged === null ? '—' : fmtNumber(logged, 2)),
    h('td', { class: 'small' }, text),
  );
}

/**
 * @param {Plan | null} plan
 * @param {Activity[]} activities
 */
export function sangongPanel(plan, activities) {
  const { sangong, report } = meta();
  const lines = plan?.sangong ?? {};
  const logged = loggedCosts(activities);
  const rows = sangong.map(({ key, label }) => ({ key, label, line: lines[key] ?? null, logged: logged[key] }));
  /** @param {(r: (typeof rows)[number]) => number | null | undefined} f */
  const sum = (f) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  const anyLogged = rows.some((r) => r.logged !== null);
  return [
    h('div', { class: 'panel-head' }, h('h2', {}, '“三公”经费'), h('span', { class: 'muted small' }, report.unitWanYuan)),
    Object.keys(lines).length === 0 ? h('p', { class: 'empty' }, '尚未录入本年度“三公”经费预算。') : null,
    h(
      'table',
      { class: 'grid sangong-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['项目', report.budgeted, report.finalAccount, '执行', '已登记活动', '说明'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) => row(r.label, r.line?.budget ?? 0, r.line ? r.line.actual : null, r.logged, detail(r.key, r.line))),
        row(
          report.sum,
          sum((r) => r.line?.budget),
          sum((r) => r.line?.actual),
          anyLogged ? sum((r) => r.logged) : null,
          '',
          'total',
        ),
      ),
    ),
    h('p', { class: 'muted small' }, '预算数、决算数取自年度计划；“已登记活动”为出访、接待、公务用车类活动登记的费用合计。'),
  ];
}
