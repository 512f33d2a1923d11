// @ts-check
// The report preview: the same tables the XLSX and HTML carry, with the server's headings.

import { h } from '../dom.js';
import { meta } from '../meta.js';
import { fmtTime } from '../time.js';
import { evaluationTable } from './report-evaluation.js';
import { num } from './report-format.js';
import { sangongTable } from './report-sangong.js';
import { exclusionText, measureName, warningText } from './warning-text.js';

/** @typedef {import('../types.js').CategorySpec} CategorySpec */
/** @typedef {import('../types.js').KeyWorkRow} KeyWorkRow */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').StoredReport} StoredReport */
/** @typedef {import('../types.js').YearEndReport} YearEndReport */

/**
 * The evidence and targets of one key-work item.
 * @param {KeyWorkRow} item
 * @param {CategorySpec[]} catalog
 */
function keyWorkRow(item, catalog) {
  const { directions, report: L } = meta();
  return h(
    'tr',
    {},
    h('td', { class: 'c' }, String(item.no)),
    h('td', {}, item.matter),
    h('td', { class: 'pre small' }, item.content),
    h(
      'td',
      { class: 'small' },
      item.activities.length === 0
        ? '—'
        : h(
            'ul',
            { class: 'plain' },
            item.activities.map((a) => {
              const why = a.excludedBecause ? exclusionText(a.excludedBecause, catalog) : '';
              const counted = a.counted ? L.counted : `${L.notCounted}${why ? `：${why}` : ''}`;
              return h(
                'li',
                { class: a.counted ? '' : 'not-counted' },
                `${a.occurredOn} ${a.title}${a.parts > 0 ? `（含 ${a.parts} 项子活动）` : ''}（${a.role}，${counted}）`,
              );
            }),
          ),
    ),
    h(
      'td',
      { class: 'small' },
      item.targets.map((t) =>
        h(
          'div',
          {},
          `${t.name} ${directions[t.direction]}${num(t.target)}${t.unit}${t.revised ? `（原目标 ${num(t.original)}）` : ''}，实际 ${t.actual === null ? L.notEntered : `${num(t.actual)}${t.unit}`}${t.met ? '' : '（未达成）'}`,
        ),
      ),
      item.milestones.map((m) => h('div', {}, `${L.milestone}：${m.title} ${m.done ? `已完成（${m.doneOn ?? ''}）` : L.notDone}`)),
    ),
    h(
      'td',
      { class: 'c' },
      h('strong', { class: item.verdict === L.done ? 'good-text' : 'bad-text' }, item.verdict),
      item.missing.map((m) => h('div', { class: 'small' }, `缺：${m}`)),
    ),
  );
}

/**
 * @param {YearEndReport} r
 * @param {CategorySpec[]} catalog
 */
function keyWorkTable(r, catalog) {
  const { report: L } = meta();
  return h(
    'section',
    { class: 'panel report-section', 'data-testid': 'key-work-table' },
    h('h2', {}, `${r.header.year}年${L.keyWorkTable}`),
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': L.keyWorkTable },
      h(
        'table',
        { class: 'grid report-table key-work' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [L.no, L.matter, L.content, L.activities, L.targetsAndActuals, L.status].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          r.keyWork.map((item) => keyWorkRow(item, catalog)),
        ),
      ),
    ),
  );
}

/**
 * @param {YearEndReport} r
 * @param {Plan | null} plan
 */
function warningsTable(r, plan) {
  const { warningKinds, report: L } = meta();
  return h(
    'section',
    { class: 'panel report-section', 'data-testid': 'report-warnings' },
    h('h2', {}, L.warnings),
    r.warnings.length === 0
      ? h('p', { class: 'empty' }, '无')
      : h(
          'table',
          { class: 'grid report-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [L.warningKind, L.warningMessage, L.warningMeasure].map((c) => h('th', {}, c)),
            ),
          ),
          h(
            'tbody',
            {},
            r.warnings.map((w) =>
              h(
                'tr',
                {},
                h('td', { class: 'nowrap' }, warningKinds[w.kind] ?? '其他'),
                h('td', {}, warningText(w, plan)),
                h('td', {}, measureName(w.measure, plan)),
              ),
            ),
          ),
        ),
  );
}

/**
 * A stored report as the tables of the year-end report. The catalog and the plan name what the
 * report only holds codes of (attributes and options of an excluded activity, measures, targets).
 * @param {StoredReport} stored
 * @param {{ staleText: string, catalog: CategorySpec[], plan: Plan | null }} words
 */
export function reportPreview(stored, { staleText, catalog, plan }) {
  const { report: L } = meta();
  const r = stored.report;
  const hd = r.header;
  const asOfText = `数据截至 ${hd.asOf ?? `${hd.year}-12-31`}`;
  return h(
    'div',
    { class: 'report' },
    h(
      'div',
      { class: 'report-head panel' },
      h('h2', {}, `${hd.department.name} ${hd.year} 年度年终报告（预览）`),
      h(
        'p',
        { class: 'muted' },
        `${asOfText} · 生成于 ${fmtTime(stored.builtAt)}`,
        stored.stale ? h('span', { class: 'badge warn' }, ` ${staleText}`) : null,
      ),
    ),
    keyWorkTable(r, catalog),
    evaluationTable({
      title: `${hd.year} 年度${hd.department.name}${L.departmentEvaluation}`,
      nameLabel: L.departmentName,
      name: hd.department.name,
      budgetLabel: L.departmentTotalSpending,
      evaluation: r.departmentEvaluation,
      goalLabel: (g) => `${L.annualGoal} ${g.no}：（${g.points} ${L.points}）`,
      goalText: (g) => g.text,
    }),
    r.projectEvaluations.map((p) =>
      evaluationTable({
        title: `${hd.year} 年度${L.projectEvaluationTitle}`,
        nameLabel: L.projectName,
        name: p.project.name,
        budgetLabel: L.projectFunds,
        evaluation: p,
        goalLabel: (g) => `${g.text}（${g.points} ${L.points}）`,
        goalText: (g) => `${L.annualGoal} ${g.no}`,
      }),
    ),
    sangongTable(r),
    warningsTable(r, plan),
  );
}
