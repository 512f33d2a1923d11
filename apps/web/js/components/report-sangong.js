// @ts-check
// 公开 09 表: the 三公 row of budget and final figures, the counts and the checks, in the report preview.

import { h } from '../dom.js';
import { meta } from '../meta.js';
import { money } from './report-format.js';

/** @typedef {import('../types.js').YearEndReport} YearEndReport */

/**
 * 出国（境）团组（个）…: the counts of the narrative, 超预算 and the table's own checks.
 * @param {YearEndReport['sangong']} s
 */
function countsTable(s) {
  const { report: L } = meta();
  const c = s.counts;
  /**
   * @param {string} label
   * @param {number | null | undefined} v
   */
  const count = (label, v) =>
    h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, v === null || v === undefined ? L.notEntered : String(v)));
  const overspent = s.columns.filter((x) => x.half === 'actual' && s.overspent[x.line]).map((x) => x.label);
  const checks = s.checks.map((v) =>
    h(
      'div',
      {},
      `${v.half === 'budget' ? L.budgeted : L.finalAccount} ${v.identity === 'total' ? L.sum : L.subtotal}：应为 ${v.expected}，实为 ${v.found}`,
    ),
  );
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'tbody',
      {},
      count(`${L.tripGroups}（个）`, c.tripsAbroad.groups),
      count(L.tripPersons, c.tripsAbroad.persons),
      count(`${L.receptionGroups}（个）`, c.receptions.groups),
      count(L.receptionPersons, c.receptions.persons),
      count(`${L.foreignReceptionGroups}（个）`, c.receptions.foreignGroups),
      count(L.foreignReceptionPersons, c.receptions.foreignPersons),
      count(`${L.vehiclesHeld}（辆）`, c.vehiclesHeld),
      h(
        'tr',
        {},
        h('th', {}, L.overspent),
        h('td', { class: overspent.length ? 'bad-text' : '' }, overspent.length ? `决算数超过预算数：${overspent.join('、')}` : '无'),
      ),
      h('tr', {}, h('th', {}, L.identityCheck), h('td', {}, checks.length ? checks : '通过')),
    ),
  );
}

/**
 * The 三公 table of the report: six budget columns and six final-account columns.
 * @param {YearEndReport} r
 */
export function sangongTable(r) {
  const { report: L } = meta();
  const s = r.sangong;
  const half = () => [
    h('th', { rowspan: 2 }, L.sum),
    h('th', { rowspan: 2 }, L.tripsAbroad),
    h('th', { colspan: 3 }, L.vehicles),
    h('th', { rowspan: 2 }, L.receptions),
  ];
  const sub = () => [h('th', {}, L.subtotal), h('th', {}, L.vehiclePurchase), h('th', {}, L.vehicleRunning)];
  return h(
    'section',
    { class: 'panel report-section', 'data-testid': 'sangong-table' },
    h('h2', {}, `${r.header.year} 年度${L.sangongTableFull}`),
    h(
      'p',
      { class: 'caption' },
      h('span', {}, `${L.department}：${r.header.department.name}`),
      h('span', {}, `${L.sangongTableNo}　${L.unitWanYuan}`),
    ),
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': L.sangongTable },
      h(
        'table',
        { class: 'grid report-table sangong' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { colspan: 6 }, L.budgeted), h('th', { colspan: 6 }, L.finalAccount)),
          h('tr', {}, half(), half()),
          h('tr', {}, sub(), sub()),
          h(
            'tr',
            {},
            s.columns.map((x) => h('th', {}, String(x.no))),
          ),
        ),
        h(
          'tbody',
          {},
          h(
            'tr',
            {},
            s.columns.map((x) => h('td', { class: `num${x.half === 'actual' && s.overspent[x.line] ? ' bad-text' : ''}` }, money(x.value))),
          ),
        ),
      ),
    ),
    countsTable(s),
  );
}
