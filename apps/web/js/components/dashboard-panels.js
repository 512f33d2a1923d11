// @ts-check
// The dashboard's lower panels: milestones, the month chart, 三公, data-quality warnings and the
// measures without a target.

import { PALETTE, stackedBars } from '../chart.js';
import { categoryLabel } from '../data.js';
import { fmtValue, h, mount, table } from '../dom.js';
import { meta } from '../meta.js';
import { sangongPanel } from './sangong-panel.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').Progress} Progress */

/**
 * 里程碑 of the key-work items, done or not.
 * @param {Progress} progress
 */
export function milestonesPanel(progress) {
  const { done, notDone } = meta().report;
  const list = progress.milestones;
  return [
    h('h2', {}, '里程碑'),
    list.length === 0
      ? h('p', { class: 'empty' }, '本年度没有里程碑。')
      : h(
          'ul',
          { class: 'milestones' },
          list.map((x) =>
            h(
              'li',
              { class: x.done ? 'done' : 'open' },
              h('span', { class: `badge ${x.done ? 'good' : ''}` }, x.done ? done : notDone),
              h('span', { class: 'plan-tag' }, `重点工作 ${x.keyWorkItem}`),
              h('span', {}, x.title),
              x.doneOn ? h('span', { class: 'muted' }, `（${x.doneOn}）`) : null,
            ),
          ),
        ),
  ];
}

/**
 * Activities per month by category; a bar opens the log of that month.
 * @param {PageContext} ctx
 * @param {Activity[]} activities
 * @param {string} asOf
 */
export function monthChartPanel(ctx, activities, asOf) {
  const order = ctx.department.catalog.map((c) => c.code);
  const codes = [...new Set(activities.map((a) => a.category))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const series = codes.map((code) => ({
    key: code,
    label: categoryLabel(ctx, code),
    color: PALETTE[Math.max(0, order.indexOf(code)) % PALETTE.length],
    values: Array.from(
      { length: 12 },
      (_, i) => activities.filter((a) => a.category === code && Number(a.occurredOn.slice(5, 7)) === i + 1).length,
    ),
  }));
  return [
    h(
      'div',
      { class: 'panel-head' },
      h('h2', {}, '各月活动（按类别）'),
      h('span', { class: 'muted small' }, `共 ${activities.length} 项${asOf ? `，截至 ${asOf}` : ''}`),
    ),
    activities.length === 0
      ? h('p', { class: 'empty' }, '尚无登记的活动。')
      : stackedBars({
          series,
          title: `${ctx.year} 年各月活动数（按类别）`,
          onBarClick: (month) => ctx.navigate(ctx.href(ctx.department.code, ctx.year, 'activities', { month })),
        }),
  ];
}

/**
 * 数据质量提示, each with links to the activities concerned.
 * @param {Progress} progress
 * @param {(id: string) => void} openActivity
 */
export function warningsPanel(progress, openActivity) {
  const { warningKinds, report } = meta();
  const list = progress.warnings;
  return [
    h('h2', {}, report.warnings, h('span', { class: `count ${list.length ? 'bad-text' : ''}` }, `（${list.length}）`)),
    list.length === 0
      ? h('p', { class: 'empty' }, '未发现数据质量问题。')
      : h(
          'ul',
          { class: 'warnings', 'data-testid': 'warnings' },
          list.map((w) =>
            h(
              'li',
              {},
              h('span', { class: 'badge warn' }, warningKinds[w.kind] ?? w.kind),
              h('span', {}, w.message),
              w.activityIds.length
                ? h(
                    'span',
                    { class: 'warning-links' },
                    w.activityIds
                      .slice(0, 3)
                      .map((id, i) =>
                        h(
                          'button',
                          { type: 'button', class: 'link-button small', onclick: () => openActivity(id) },
                          `查看活动${w.activityIds.length > 1 ? i + 1 : ''}`,
                        ),
                      ),
                  )
                : null,
            ),
          ),
        ),
  ];
}

/**
 * 其他指标: measures without a target, with their actual figure (null when there are none).
 * @param {Progress} progress
 */
export function otherMeasuresPanel(progress) {
  const list = progress.measures.filter((m) => m.targets.length === 0);
  if (list.length === 0) return null;
  return [
    h('h2', {}, '其他指标（未设目标）'),
    table(
      ['指标', '实际'],
      list.map((m) => [m.name, fmtValue(m.actual, m.unit)]),
    ),
  ];
}

/**
 * The panels under the target cards (milestones, the chart beside 三公, warnings, other
 * measures): their elements, and `show` to redraw them all from one load.
 * @param {PageContext} ctx
 * @param {(id: string) => void} openActivity
 */
export function lowerPanels(ctx, openActivity) {
  const milestones = h('section', { class: 'panel' });
  const chart = h('section', { class: 'panel chart-panel' });
  const sangong = h('section', { class: 'panel' });
  const warnings = h('section', { class: 'panel' });
  const others = h('section', { class: 'panel' });
  return {
    elements: [milestones, h('div', { class: 'two-col' }, chart, sangong), warnings, others],
    /** @param {{ progress: Progress, plan: Plan, activities: Activity[], asOf: string }} data */
    show({ progress, plan, activities, asOf }) {
      mount(milestones, milestonesPanel(progress));
      mount(chart, monthChartPanel(ctx, activities, asOf));
      mount(sangong, sangongPanel(plan, activities));
      mount(warnings, warningsPanel(progress, openActivity));
      const other = otherMeasuresPanel(progress);
      mount(others, other);
      others.hidden = other === null;
    },
  };
}
