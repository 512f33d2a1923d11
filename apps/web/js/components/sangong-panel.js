// @ts-check
// The dashboard's 三公 panel: budget and final figures from the plan, and the costs logged with
// trips, receptions and vehicle activities (the server's sums per category).

import { meter } from '../chart.js';
import { fmtNumber, h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').Aggregates} Aggregates */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').SangongKind} SangongKind */
/** @typedef {import('../types.js').SangongLine} SangongLine */

/** The catalog categories whose `cost` counts toward a 三公 line (vehicles: both vehicle lines). */
const COST_CATEGORIES = /** @type {Record<string, SangongKind | 'vehicles'>} */ ({
  'trip-abroad': 'tripsAbroad',
  reception: 'receptions',
  vehicle: 'vehicles',
});

/**
 * The costs logged per line (null: none logged yet); purchases and running costs of vehicles
 * together (the sums are per category).
 * @param {Aggregates | null} aggregates
 */
function loggedCosts(aggregates) {
  /** @type {Record<SangongKind | 'vehicles', number | null>} */
  const logged = { tripsAbroad: null, vehiclePurchase: null, vehicleRunning: null, receptions: null, vehicles: null };
  for (const c of aggregates?.byCategory ?? []) {
    const key = COST_CATEGORIES[c.category];
    if (key && c.count > 0) logged[key] = (logged[key] ?? 0) + (c.sums.cost ?? 0);
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
  // Counts the plan may not carry (== null: missing or null).
  const parts = [];
  if (key === 'tripsAbroad' && line.groups != null) parts.push(`${line.groups} 个团组，${line.persons ?? '—'} 人次`);
  if (key === 'receptions' && line.groups != null) parts.push(`${line.groups} 批次，${line.persons ?? '—'} 人次`);
  if (key === 'receptions' && line.foreignGroups != null)
    parts.push(`其中外事接待 ${line.foreignGroups} 批次，${line.foreignPersons ?? '—'} 人次`);
  if (line.vehiclesHeld != null) parts.push(`保有量 ${line.vehiclesHeld} 辆`);
  return parts.join('；');
}

/**
 * @param {string} label
 * @param {number} budget
 * @param {number | null} actual
 * @param {{ value: number | null, rows: number } | null} logged the cell of logged costs (null: spanned from above)
 * @param {string} text
 * @param {string} [cls]
 */
function row(label, budget, actual, logged, text, cls = '') {
  const execution =
    budget > 0 && actual !== null
      ? meter(actual / budget, { tone: actual > budget + 0.005 ? 'lagging' : 'met', label: `${label}执行进度` })
      : h('span', { class: 'muted small' }, budget > 0 ? '' : '无预算');
  return h(
    'tr',
    { class: cls },
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, fmtNumber(budget, 2)),
    h('td', { class: 'num' }, actual === null ? '—' : fmtNumber(actual, 2)),
    h('td', { class: 'meter-cell' }, execution),
    logged
      ? h('td', { class: 'num', rowspan: logged.rows > 1 ? logged.rows : null }, logged.value === null ? '—' : fmtNumber(logged.value, 2))
      : null,
    h('td', { class: 'small' }, text),
  );
}

/**
 * @param {Plan | null} plan
 * @param {Aggregates | null} aggregates
 */
export function sangongPanel(plan, aggregates) {
  const { sangong, report } = meta();
  const lines = plan?.sangong ?? {};
  const logged = loggedCosts(aggregates);
  const rows = sangong.map(({ key, label }) => ({ key, label, line: lines[key] ?? null }));
  const anyActual = rows.some((r) => typeof r.line?.actual === 'number');
  /** @param {(r: (typeof rows)[number]) => number | null | undefined} f */
  const sum = (f) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  const loggedValues = [logged.tripsAbroad, logged.vehicles, logged.receptions];
  const anyLogged = loggedValues.some((v) => v !== null);
  /** @param {SangongKind} key */
  const loggedCell = (key) =>
    key === 'vehiclePurchase' ? { value: logged.vehicles, rows: 2 } : key === 'vehicleRunning' ? null : { value: logged[key], rows: 1 };
  return [
    h('div', { class: 'panel-head' }, h('h2', {}, '“三公”经费'), h('span', { class: 'muted small' }, report.unitWanYuan)),
    Object.keys(lines).length === 0 ? h('p', { class: 'empty' }, '尚未录入本年度“三公”经费预算。') : null,
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': '“三公”经费' },
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
          rows.map((r) => row(r.label, r.line?.budget ?? 0, r.line?.actual ?? null, loggedCell(r.key), detail(r.key, r.line))),
          row(
            report.sum,
            sum((r) => r.line?.budget),
            anyActual ? sum((r) => r.line?.actual) : null,
            { value: anyLogged ? loggedValues.reduce((s, v) => (s ?? 0) + (v ?? 0), 0) : null, rows: 1 },
            '',
            'total',
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      '预算数、决算数取自年度计划；“已登记活动”为出访、接待、公务用车类活动登记的费用合计（公务用车购置与运行维护合并计）。',
    ),
  ];
}
