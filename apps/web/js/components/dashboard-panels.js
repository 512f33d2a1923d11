// @ts-check
// The dashboard's lower panels: milestones, the month chart, 三公, data-quality warnings and the
// measures without a target. The chart and the logged costs come from the server's aggregates.

import { PALETTE, stackedBars } from '../chart.js';
import { fetchWarnings } from '../data.js';
import { fmtValue, h, mount, table, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { wallToIso } from '../time.js';
import { sangongPanel } from './sangong-panel.js';
import { warningText } from './warning-text.js';

/** @typedef {import('../types.js').Aggregates} Aggregates */
/** @typedef {import('../types.js').AggregateCategory} AggregateCategory */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').Progress} Progress */

/**
 * 里程碑 of the key-work items, done or not; the activities that reached one open in a dialog.
 * @param {Progress} progress
 * @param {(milestone: import('../types.js').MilestoneProgress) => void} openEvidence
 */
export function milestonesPanel(progress, openEvidence) {
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
              x.evidenceCount > 0
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'link-button small',
                      'aria-label': `查看“${x.title}”的 ${x.evidenceCount} 项活动`,
                      onclick: () => openEvidence(x),
                    },
                    `${x.evidenceCount} 项活动`,
                  )
                : null,
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

/** Warnings of a kind fetched per click on 另有 N 条 (GET …/warnings?kind=, a page at a time). */
const WARNINGS_PAGE = 100;

/**
 * What the warnings panel draws with: the department-year and the time it shows, the plan (names
 * on the warnings), how an activity is opened, and how many of each kind the user has listed.
 * @typedef {{
 *   ctx: PageContext,
 *   at: { asOf?: string, knownAt?: string },
 *   plan: Plan | null,
 *   openActivity: (id: string) => void,
 *   listed: Map<string, number>,
 * }} WarningsView
 */

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
 * The first `count` warnings of a kind (the server's list, in the order of the examples), a page at a time.
 * @param {WarningsView} view
 * @param {string} kind
 * @param {number} count
 */
async function firstWarnings(view, kind, count) {
  /** @type {import('../types.js').DataQualityWarning[]} */
  const items = [];
  let total = 0;
  for (let page = 1; items.length < count; page++) {
    const list = await fetchWarnings(view.ctx, { ...view.at, kind, page, pageSize: WARNINGS_PAGE });
    items.push(...list.items);
    total = list.total;
    if (list.items.length < WARNINGS_PAGE || items.length >= total) break;
  }
  return { items: items.slice(0, count), total };
}

/**
 * 另有 N 条: fetches the next page of the kind's warnings and puts them in its place, followed by
 * another 另有 while some are left; the panel remembers how many are listed (a live update keeps them).
 * @param {WarningsView} view
 * @param {import('../types.js').WarningsOfKind} group
 * @param {number} shown warnings of the kind already listed (the first `shown` of the server's list)
 * @returns {HTMLElement}
 */
function moreWarnings(view, group, shown) {
  const label = meta().warningKinds[group.kind] ?? '其他';
  const left = group.count - shown;
  const item = h('li', { class: 'more-warnings' });
  const button = h('button', {
    type: 'button',
    class: 'link-button small',
    onclick: async () => {
      button.disabled = true;
      button.textContent = '正在加载…';
      try {
        const page = Math.floor(shown / WARNINGS_PAGE) + 1;
        const list = await fetchWarnings(view.ctx, { ...view.at, kind: group.kind, page, pageSize: WARNINGS_PAGE });
        const fresh = list.items.slice(shown % WARNINGS_PAGE);
        const now = shown + fresh.length;
        view.listed.set(group.kind, now);
        item.replaceWith(
          ...fresh.map((w) => warningItem(w, view.plan, view.openActivity)),
          ...(fresh.length > 0 && now < list.total ? [moreWarnings(view, { ...group, count: list.total }, now)] : []),
        );
      } catch (error) {
        button.disabled = false;
        button.textContent = text;
        toast(`加载提示失败：${errorText(error)}`, 'error');
      }
    },
  });
  const text = `另有 ${left} 条“${label}”，${left > WARNINGS_PAGE ? `再显示 ${WARNINGS_PAGE} 条` : '全部显示'}`;
  button.textContent = text;
  item.append(button);
  return item;
}

/**
 * A kind's warnings as listed: its examples, or as many as the user had listed (fetched again, so
 * that a live update does not fold the list back), then 另有 N 条 while some are left.
 * @param {WarningsView} view
 * @param {import('../types.js').WarningsOfKind} group
 * @returns {Promise<HTMLElement[]>}
 */
async function warningsOfKind(view, group) {
  const wanted = Math.min(view.listed.get(group.kind) ?? 0, group.count);
  let { examples: items, count } = group;
  if (wanted > items.length) {
    try {
      ({ items, total: count } = await firstWarnings(view, group.kind, wanted));
    } catch {
      // Listed again on the next 另有 N 条; the examples meanwhile.
    }
  }
  view.listed.set(group.kind, items.length);
  return [
    ...items.map((w) => warningItem(w, view.plan, view.openActivity)),
    ...(count > items.length ? [moreWarnings(view, { ...group, count }, items.length)] : []),
  ];
}

/**
 * 数据质量提示 by kind, each with links to the activities concerned: the first few of a kind (the
 * progress view's examples), the rest fetched behind 另有 N 条; a kind the user had listed further
 * is listed as far again (its pages fetched before the panel is redrawn).
 * @param {WarningsView} view
 * @param {Progress} progress
 */
export async function warningsPanel(view, progress) {
  const { report } = meta();
  const { total, byKind } = progress.warnings;
  const ul = h('ul', { class: 'warnings', 'data-testid': 'warnings' });
  for (const kinds of await Promise.all(byKind.map((group) => warningsOfKind(view, group)))) ul.append(...kinds);
  return [
    h('h2', {}, report.warnings, h('span', { class: `count ${total ? 'bad-text' : ''}` }, `（${total}）`)),
    total === 0 ? h('p', { class: 'empty' }, '未发现数据质量问题。') : ul,
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
 * @param {(milestone: import('../types.js').MilestoneProgress) => void} openEvidence
 */
export function lowerPanels(ctx, openActivity, openEvidence) {
  /**
   * How many warnings of each kind the user has listed (另有 N 条), kept across redraws.
   * @type {Map<string, number>}
   */
  const listed = new Map();
  /** The latest redraw: an earlier one's warnings arriving late are not drawn. */
  let drawn = Symbol('draw');
  const milestones = h('section', { class: 'panel' });
  const chart = h('section', { class: 'panel chart-panel', 'data-testid': 'month-chart' });
  const sangong = h('section', { class: 'panel' });
  const warnings = h('section', { class: 'panel' });
  const others = h('section', { class: 'panel' });
  return {
    elements: [milestones, h('div', { class: 'two-col' }, chart, sangong), warnings, others],
    /** @param {{ progress: Progress, plan: Plan | null, aggregates: Aggregates, asOf: string, knownAt?: string }} data */
    show({ progress, plan, aggregates, asOf, knownAt }) {
      mount(milestones, milestonesPanel(progress, openEvidence));
      mount(chart, monthChartPanel(ctx, aggregates, asOf));
      mount(sangong, sangongPanel(ctx, { asOf, knownAt }));
      const iso = knownAt ? (wallToIso(knownAt) ?? undefined) : undefined;
      const draw = (drawn = Symbol('draw'));
      void warningsPanel({ ctx, at: { asOf: asOf || undefined, knownAt: iso }, plan, openActivity, listed }, progress).then((panel) => {
        if (draw === drawn) mount(warnings, panel);
      });
      const other = otherMeasuresPanel(progress);
      mount(others, other);
      others.hidden = other === null;
    },
  };
}
