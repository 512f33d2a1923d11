// @ts-check
// 预计得分: the self-evaluation scores the plan would give today (GET …/plan/score-preview), the
// department's and each project's, by the year-end report's rules. Refetched after each change.

import { fmtNumber, h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { reportWords } from './plan-model.js';

/** @typedef {import('./plan-model.js').ScorePreview} ScorePreview */
/** @typedef {import('./plan-model.js').PreviewEvaluation} PreviewEvaluation */

/**
 * One self-evaluation: budget execution, each goal (computed score, deductions, final), the total.
 * @param {string} title
 * @param {PreviewEvaluation} e
 * @param {string} testid
 */
function evaluationTable(title, e, testid) {
  const report = reportWords();
  const budgetPoints = e.budget?.points ?? e.budgetPoints ?? 20;
  /** @type {[string, number, number | null, string][]} */
  const rows = [
    [
      '预算执行情况',
      budgetPoints,
      e.budget?.score ?? 0,
      e.budget
        ? `${report.executionRate} ${e.budget.rate === null ? '—' : `${fmtNumber(e.budget.rate * 100, 2)}%`}`
        : '未录入预算，按 0 分计',
    ],
    ...e.goals.map((g) => {
      const deducted = g.deductions.reduce((s, d) => s + d.points, 0);
      const note = [
        g.computedScore === null ? '未设指标，未计分' : `${report.computedScore} ${fmtNumber(g.computedScore)}`,
        deducted ? `${report.deduction} ${fmtNumber(deducted)}` : '',
      ]
        .filter(Boolean)
        .join('，');
      return /** @type {[string, number, number | null, string]} */ ([`${report.annualGoal} ${g.no}`, g.points, g.finalScore, note]);
    }),
  ];
  const total = rows.reduce((s, r) => s + r[1], 0);
  return h(
    'div',
    { class: 'preview-evaluation', 'data-testid': testid },
    h('h3', {}, title),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'grid compact' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['', report.indicatorPoints, report.score, '说明'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map(([name, points, score, note]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, name),
              h('td', { class: 'num' }, fmtNumber(points)),
              h('td', { class: 'num' }, fmtNumber(score)),
              h('td', { class: 'small' }, note),
            ),
          ),
          h(
            'tr',
            { class: 'total' },
            h('th', { scope: 'row' }, report.total),
            h('td', { class: 'num' }, fmtNumber(total)),
            h('td', { class: 'num', 'data-testid': `${testid}-total` }, fmtNumber(e.total)),
            h('td', {}, ''),
          ),
        ),
      ),
    ),
    e.notes.length
      ? h(
          'ul',
          { class: 'preview-notes small muted' },
          e.notes.map((n) => h('li', {}, n)),
        )
      : null,
  );
}

/**
 * The panel: says it is loading, shows a preview (marking a total that changed), or why it failed.
 */
export function previewPanel() {
  const body = h('div', { class: 'preview-body' }, h('p', { class: 'muted' }, '正在计算…'));
  const caption = h('p', { class: 'muted small', 'data-testid': 'preview-caption' });
  const element = h(
    'section',
    { class: 'panel score-preview', 'data-testid': 'score-preview', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('div', { class: 'panel-head' }, h('h2', {}, '预计得分')),
    caption,
    body,
  );
  /** @type {number | null} */
  let shownTotal = null;

  return {
    element,
    /** While a change is being applied. */
    busy() {
      element.setAttribute('aria-busy', 'true');
      caption.textContent = '正在按最新的计划重新计算…';
    },
    /** @param {ScorePreview} p */
    show(p) {
      element.setAttribute('aria-busy', 'false');
      caption.textContent = `按截至 ${p.asOf} 的完成情况和当前计划计算，与年终自评表的计分规则一致；年终以实际完成情况为准。`;
      const changed = shownTotal !== null && shownTotal !== p.department.total;
      shownTotal = p.department.total;
      mount(
        body,
        evaluationTable(reportWords().departmentEvaluation, p.department, 'preview-department'),
        p.projects.map((e) => evaluationTable(`${reportWords().projectEvaluation}：${e.project.name}`, e, 'preview-project')),
      );
      if (changed) body.querySelector('[data-testid="preview-department-total"]')?.classList.add('flash');
    },
    /** @param {unknown} error */
    failed(error) {
      element.setAttribute('aria-busy', 'false');
      caption.textContent = '';
      mount(body, h('p', { class: 'form-error', role: 'alert' }, `预计得分计算失败：${errorText(error)}`));
    },
  };
}
