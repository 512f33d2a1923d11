// @ts-check
// The dashboard's 三公 panel: each line's budget (from the plan), what the 三公 records add up to so
// far, the share of the budget, the pace of the year and overspend — all computed by the server
// (GET …/years/:y/sangong?asOf&knownAt), never by summing records here.

import { getJson, query } from '../api.js';
import { meter } from '../chart.js';
import { deptPath } from '../data.js';
import { fmtNumber, h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { wallToIso } from '../time.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').SangongKind} SangongKind */
/**
 * @typedef {{
 *   line: SangongKind, budget: number | null, spent: number, share: number | null, expectedByNow: number | null,
 *   projected: number | null, overspent: boolean, overrunLikely: boolean, groups: number, persons: number,
 *   foreignGroups: number, foreignPersons: number, records: number, summaries: number,
 * }} SangongLineView
 */
/**
 * @typedef {{
 *   year: number, asOf: string | null, referenceDate: string, yearElapsed: number, lines: SangongLineView[],
 *   vehicles: { budget: number | null, spent: number, share: number | null, overspent: boolean },
 *   total: { budget: number | null, spent: number, share: number | null, overspent: boolean },
 *   vehiclesHeld: number | null,
 * }} SangongView
 */

/**
 * The 三公 view of the page's year, as of a date and as known at a look-back time (the pickers'
 * values: a wall-clock time of the department's zone).
 * @param {PageContext} ctx
 * @param {{ asOf?: string, knownAt?: string }} at
 * @returns {Promise<SangongView>}
 */
export function fetchSangong(ctx, at) {
  const knownAt = at.knownAt ? (wallToIso(at.knownAt) ?? undefined) : undefined;
  return getJson(`${deptPath(ctx)}/years/${ctx.year}/sangong${query({ asOf: at.asOf || undefined, knownAt })}`);
}

/**
 * Groups and persons of trips and receptions, vehicles held, and how many records stand behind.
 * @param {SangongLineView} l
 * @param {number | null} held
 */
function detail(l, held) {
  const parts = [];
  if (l.line === 'tripsAbroad') parts.push(`${l.groups} 个团组，${l.persons} 人次`);
  if (l.line === 'receptions')
    parts.push(`${l.groups} 批次，${l.persons} 人次；其中外事接待 ${l.foreignGroups} 批次，${l.foreignPersons} 人次`);
  if (l.line === 'vehicleRunning' && held !== null) parts.push(`保有量 ${held} 辆`);
  if (l.summaries > 0) parts.push(`含汇总录入 ${l.summaries} 条`);
  if (l.overrunLikely && l.projected !== null) parts.push(`按进度全年约 ${fmtNumber(l.projected, 2)}，将超预算`);
  return parts.join('；');
}

/**
 * @param {string} label
 * @param {{ budget: number | null, spent: number, share: number | null, overspent: boolean, overrunLikely?: boolean }} l
 * @param {string} text
 * @param {string} [cls]
 */
function row(label, l, text, cls = '') {
  const budget = l.budget ?? 0;
  const execution =
    budget > 0
      ? meter(l.spent / budget, { tone: l.overspent || l.overrunLikely ? 'lagging' : 'met', label: `${label}执行进度` })
      : h('span', { class: 'muted small' }, l.budget === null ? '无预算' : '');
  return h(
    'tr',
    { class: `${cls}${l.overspent ? ' overspent' : ''}` },
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, l.budget === null ? '—' : fmtNumber(l.budget, 2)),
    h('td', { class: 'num' }, fmtNumber(l.spent, 2)),
    h('td', { class: 'meter-cell' }, execution),
    h('td', { class: 'small' }, `${l.overspent ? '超预算。' : ''}${text}`),
  );
}

/**
 * The panel's rows from the server's view.
 * @param {SangongView} view
 */
export function sangongTable(view) {
  const { sangong, report } = meta();
  const byLine = new Map(view.lines.map((l) => [l.line, l]));
  return [
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': '“三公”经费' },
      h(
        'table',
        { class: 'grid sangong-table', 'data-testid': 'sangong-panel' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['项目', report.budgeted, `已支出（截至 ${view.referenceDate}）`, '执行', '说明'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          sangong.map(({ key, label }) => {
            const l = byLine.get(key);
            return l ? row(label, l, detail(l, view.vehiclesHeld)) : null;
          }),
          row(report.sum, view.total, '', 'total'),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      '预算数取自年度计划；已支出为登记的“三公”记录（出国团组、接待批次、公务用车登记与费用、汇总录入）之和，按活动类别登记的出访、接待、公务用车活动不计入。',
    ),
  ];
}

/**
 * The panel: loads the server's 三公 view and draws it (its own load, beside the dashboard's).
 * @param {PageContext} ctx
 * @param {{ asOf?: string, knownAt?: string }} at
 */
export function sangongPanel(ctx, at) {
  const { report } = meta();
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted small' }, '正在加载“三公”经费…'));
  fetchSangong(ctx, at).then(
    (view) => {
      body.removeAttribute('aria-busy');
      mount(body, ...sangongTable(view));
    },
    (error) => {
      body.removeAttribute('aria-busy');
      mount(body, h('p', { class: 'empty' }, `加载“三公”经费失败：${errorText(error)}`));
    },
  );
  return [h('div', { class: 'panel-head' }, h('h2', {}, '“三公”经费'), h('span', { class: 'muted small' }, report.unitWanYuan)), body];
}
