// @ts-check
// The dashboard's lower panels: milestones, the month chart, 三公, data-quality warnings and the
// measures without a target. The chart and the logged costs come from the server's aggregates.

import { PALETTE, stackedBars } from '../chart.js';
import { fmtValue, h, mount, table } from '../dom.js';
import { meta } from '../meta.js';
import { sangongPanel } from './sangong-panel.js';
import { warningText } from './warning-text.js';

/** @typedef {import('../types.js').Aggregates} Aggregates */
/** @typedef {import('../types.js').AggregateCategory} AggregateCategory */
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
 * How a category's activities are counted: 46 项（合 18 个项目） when its parts make projects.
 * @param {AggregateCategory} c
 */
export const countText = (c) => (c.projects > 0 && c.projects !== c.count ? `${c.count} 项（合 ${c.projects} 个项目）` : `${c.count} 项`);

/**
 * Activities per month by category; a bar opens the log of that month. The legend says, for a
 * category whose activities are parts of projects, how many projects they make (the target cards
 * count those projects).
 * @param {PageContext} ctx
 * @param {Aggregates} aggregates
 * @param {string} asOf
 */
export function monthChartPanel(ctx, aggregates, asOf) {
  const order = ctx.department.catalog.map((c) => c.code);
  const categories = aggregates.byCategory.filter((c) => c.count > 0);
  const total = categories.reduce((n, c) => n + c.count, 0);
  const series = categories.map((c) => ({
    key: c.category,
    label: c.label,
    legend: countText(c),
    color: PALETTE[Math.max(0, order.indexOf(c.category)) % PALETTE.length],
    values: Array.from(
      { length: 12 },
      (_, i) => aggregates.byMonth.find((m) => m.category === c.category && m.month === i + 1)?.count ?? 0,
    ),
  }));
  const grouped = categories.some((c) => c.projects > 0 && c.projects !== c.count);
  return [
    h(
      'div',
      { class: 'panel-head' },
      h('h2', {}, '各月活动（按类别）'),
      h('span', { class: 'muted small', 'data-testid': 'chart-total' }, `共 ${total} 项活动${asOf ? `，截至 ${asOf}` : ''}`),
    ),
    total === 0
      ? h('p', { class: 'empty' }, '尚无登记的活动。')
      : stackedBars({
          series,
          // A phone gets a narrower drawing: the same labels at a size that can be read.
          width: window.matchMedia('(max-width: 640px)').matches ? 360 : 720,
          title: `${ctx.year} 年各月活动数（按类别）`,
          onBarClick: (month) => ctx.navigate(ctx.href(ctx.department.code, ctx.year, 'activities', { month })),
        }),
    grouped ? h('p', { class: 'muted small' }, '图中按活动计数；由多项活动组成的项目，目标卡片按项目计数（括号内为项目数）。') : null,
  ];
}

/** Warnings of one kind shown before 另有 N 条 (a large department may have hundreds). */
const WARNINGS_SHOWN = 5;

/**
 * One warning: its kind, its text, links to the activities concerned.
 * @param {import('../types.js').DataQualityWarning} w
 * @param {Plan | null} plan
 * @param {(id: string) => void} openActivity
 */
function warningItem(w, plan, openActivity) {
  return h(
    'li',
    {},
    h('span', { class: 'badge warn' }, meta().warningKinds[w.kind] ?? '其他'),
    h('span', {}, warningText(w, plan)),
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
  );
}

/**
 * 数据质量提示 by kind, each with links to the activities concerned: the first few of a kind, the
 * rest behind 另有 N 条.
 * @param {Progress} progress
 * @param {Plan | null} plan
 * @param {(id: string) => void} openActivity
 */
export function warningsPanel(progress, plan, openActivity) {
  const { warningKinds, report } = meta();
  const list = progress.warnings;
  /** @type {Map<string, import('../types.js').DataQualityWarning[]>} */
  const byKind = new Map();
  for (const w of list) {
    const ofKind = byKind.get(w.kind);
    if (ofKind) ofKind.push(w);
    else byKind.set(w.kind, [w]);
  }
  const ul = h('ul', { class: 'warnings', 'data-testid': 'warnings' });
  for (const [kind, ofKind] of byKind) {
    ul.append(...ofKind.slice(0, WARNINGS_SHOWN).map((w) => warningItem(w, plan, openActivity)));
    if (ofKind.length > WARNINGS_SHOWN) {
      ul.append(
        h(
          'li',
          { class: 'more-warnings' },
          h(
            'button',
            {
              type: 'button',
              class: 'link-button small',
              onclick: (e) =>
                e.currentTarget.closest('li')?.replaceWith(...ofKind.slice(WARNINGS_SHOWN).map((w) => warningItem(w, plan, openActivity))),
            },
            `另有 ${ofKind.length - WARNINGS_SHOWN} 条“${warningKinds[kind] ?? '其他'}”，全部显示`,
          ),
        ),
      );
    }
  }
  return [
    h('h2', {}, report.warnings, h('span', { class: `count ${list.length ? 'bad-text' : ''}` }, `（${list.length}）`)),
    list.length === 0 ? h('p', { class: 'empty' }, '未发现数据质量问题。') : ul,
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
 * measures): their elements, and `show` to redraw them from one load.
 * @param {PageContext} ctx
 * @param {(id: string) => void} openActivity
 */
export function lowerPanels(ctx, openActivity) {
  const milestones = h('section', { class: 'panel' });
  const chart = h('section', { class: 'panel chart-panel', 'data-testid': 'month-chart' });
  const sangong = h('section', { class: 'panel' });
  const warnings = h('section', { class: 'panel' });
  const others = h('section', { class: 'panel' });
  return {
    elements: [milestones, h('div', { class: 'two-col' }, chart, sangong), warnings, others],
    /** @param {{ progress: Progress, plan: Plan | null, aggregates: Aggregates, asOf: string, knownAt?: string }} data */
    show({ progress, plan, aggregates, asOf, knownAt }) {
      mount(milestones, milestonesPanel(progress));
      mount(chart, monthChartPanel(ctx, aggregates, asOf));
      mount(sangong, sangongPanel(ctx, { asOf, knownAt }));
      mount(warnings, warningsPanel(progress, plan, openActivity));
      const other = otherMeasuresPanel(progress);
      mount(others, other);
      others.hidden = other === null;
    },
  };
}
