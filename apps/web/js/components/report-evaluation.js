// @ts-check
// 整体绩效自评表 / 项目自评表 in the report preview.

import { h } from '../dom.js';
import { meta } from '../meta.js';
import { money, num, rate } from './report-format.js';
import { scrub } from './warning-text.js';

/** @typedef {import('../types.js').Evaluation} Evaluation */
/** @typedef {import('../types.js').EvaluationGoal} EvaluationGoal */

/**
 * The cells an indicator row starts with: 一级、二级、三级指标 and A (沿用上年, and the value
 * revised from, where they apply).
 * @param {EvaluationGoal['indicators'][number]} ind
 */
function indicatorCells(ind) {
  const { report: L } = meta();
  return [
    h('td', { class: 'c' }, ind.level1),
    h('td', { class: 'c' }, ind.level2),
    h('td', {}, ind.level3),
    h(
      'td',
      { class: 'c nowrap' },
      ind.carriedOver ? `${ind.A.text}（${L.carriedOver}）` : ind.A.text,
      ind.original !== null ? h('span', { class: 'revised small' }, `（原 ${num(ind.original)}）`) : null,
    ),
  ];
}

/**
 * A goal's deductions: the score before them, then one row per deduction (none without any).
 * @param {EvaluationGoal} g
 */
function deductionRows(g) {
  const { report: L } = meta();
  if (g.deductions.length === 0) return [];
  return [
    h('tr', {}, h('td', { colspan: 6, class: 'c' }, L.computedScore), h('td', { class: 'num' }, num(g.computedScore))),
    ...g.deductions.map((d) =>
      h('tr', {}, h('td', { class: 'c' }, L.deduction), h('td', { colspan: 5 }, d.reason), h('td', { class: 'num' }, num(-d.points))),
    ),
  ];
}

/**
 * The rows of a goal whose indicators have their own 分值 (as the XLSX and HTML print it): B,
 * 分值 and 得分 per indicator, the deductions, then the goal's score.
 * @param {EvaluationGoal} g
 * @param {string} label
 * @param {string} text
 */
function weightedGoalRows(g, label, text) {
  const { report: L } = meta();
  const n = Math.max(1, g.indicators.length);
  const height = 2 + n + (g.deductions.length ? 1 + g.deductions.length : 0) + 1;
  const rows = [
    h('tr', {}, h('th', { rowspan: height, class: 'pre' }, label), h('td', { colspan: 7, class: 'pre' }, text)),
    h(
      'tr',
      {},
      [L.level1, L.level2, L.level3, L.targetA, L.actualB, L.indicatorPoints, L.indicatorScore].map((c) => h('th', {}, c)),
    ),
  ];
  if (g.indicators.length === 0) rows.push(h('tr', {}, h('td', { colspan: 7, class: 'c' }, '未设指标，未计分')));
  for (const ind of g.indicators) {
    rows.push(
      h(
        'tr',
        {},
        ...indicatorCells(ind),
        h('td', { class: `c nowrap${ind.met === false ? ' bad-text' : ''}` }, ind.B.text),
        h('td', { class: 'num' }, num(ind.points)),
        h('td', { class: 'num' }, num(ind.score)),
      ),
    );
  }
  rows.push(...deductionRows(g));
  rows.push(h('tr', {}, h('td', { colspan: 6, class: 'c' }, L.goalScore), h('td', { class: 'num' }, num(g.finalScore))));
  return rows;
}

/**
 * The rows of one goal: its text, the indicator header, one row per indicator, the deductions.
 * A goal whose indicators have their own 分值 shows each one's score (weightedGoalRows).
 * @param {EvaluationGoal} g
 * @param {string} label
 * @param {string} text
 */
function goalRows(g, label, text) {
  if (g.scoring === 'indicators' || g.scoring === 'mixed') return weightedGoalRows(g, label, text);
  const { report: L } = meta();
  const n = Math.max(1, g.indicators.length);
  const height = 2 + n + (g.deductions.length ? 1 + g.deductions.length : 0);
  const scoreCell = h('td', { rowspan: n, class: 'num' }, num(g.finalScore));
  const rows = [
    h('tr', {}, h('th', { rowspan: height, class: 'pre' }, label), h('td', { colspan: 7, class: 'pre' }, text)),
    h(
      'tr',
      {},
      [L.level1, L.level2, L.level3, L.targetA].map((c) => h('th', {}, c)),
      h('th', { colspan: 2 }, L.actualB),
      h('th', {}, L.score),
    ),
  ];
  if (g.indicators.length === 0) rows.push(h('tr', {}, h('td', { colspan: 6, class: 'c' }, '未设指标，未计分'), scoreCell));
  g.indicators.forEach((ind, i) => {
    rows.push(
      h(
        'tr',
        {},
        ...indicatorCells(ind),
        h('td', { colspan: 2, class: `c nowrap${ind.met === false ? ' bad-text' : ''}` }, ind.B.text),
        i === 0 ? scoreCell : null,
      ),
    );
  });
  rows.push(...deductionRows(g));
  return rows;
}

/**
 * One self-evaluation table: the budget's execution, the goals and their indicators, the total.
 * @param {{
 *   title: string, nameLabel: string, name: string, budgetLabel: string, evaluation: Evaluation,
 *   goalLabel: (g: EvaluationGoal) => string, goalText: (g: EvaluationGoal) => string,
 * }} table
 */
export function evaluationTable({ title, nameLabel, name, budgetLabel, evaluation: e, goalLabel, goalText }) {
  const { report: L } = meta();
  const b = e.budget;
  const rows = [
    h('tr', {}, h('th', {}, nameLabel), h('td', { colspan: 7 }, name)),
    h(
      'tr',
      {},
      h('th', { rowspan: 2 }, L.budgetExecution),
      h('th', { colspan: 3 }, ''),
      h('th', {}, L.budgetAmountA),
      h('th', {}, L.executedAmountB),
      h('th', {}, L.executionRateBA),
      h('th', {}, L.budgetScore),
    ),
    h(
      'tr',
      {},
      h('td', { colspan: 3, class: 'c' }, budgetLabel),
      b
        ? [h('td', { class: 'num' }, money(b.A)), h('td', { class: 'num' }, money(b.B)), h('td', { class: 'num' }, rate(b.rate))]
        : h('td', { colspan: 3, class: 'c' }, L.notEntered),
      h('td', { class: 'num' }, num(b?.score ?? 0)),
    ),
    e.goals.map((g) => goalRows(g, goalLabel(g), goalText(g))),
    h('tr', { class: 'total' }, h('th', { colspan: 7 }, L.total), h('td', { class: 'num' }, h('strong', {}, num(e.total)))),
    h('tr', {}, h('th', {}, L.deviationAnalysis), h('td', { colspan: 7, class: 'pre' }, e.deviationAnalysis ?? '')),
    e.notes.length
      ? h(
          'tr',
          {},
          h('th', {}, '说明'),
          h(
            'td',
            { colspan: 7, class: 'small' },
            e.notes.map((x) => h('div', {}, scrub(x))),
          ),
        )
      : null,
  ];
  return h(
    'section',
    { class: 'panel report-section', 'data-testid': 'evaluation-table' },
    h('h2', {}, title),
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': title },
      h('table', { class: 'grid report-table evaluation' }, h('tbody', {}, rows)),
    ),
  );
}
