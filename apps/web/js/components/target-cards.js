// @ts-check
// The dashboard's target cards, grouped by plan (重点工作, 部门整体绩效目标, 项目绩效目标).

import { meter } from '../chart.js';
import { fmtNumber, fmtValue, h } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').MeasureProgress} MeasureProgress */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').PlanKind} PlanKind */
/** @typedef {import('../types.js').Progress} Progress */
/** @typedef {import('../types.js').TargetProgress} TargetProgress */
/** @typedef {'all' | 'lagging' | 'notDone' | 'done'} TargetFilter */

/**
 * The plan a target belongs to, with the project's name rather than its code: from the plan, or
 * before it has come (the first cards are drawn from the progress alone) from the server's
 * label, 项目绩效目标 <name> <goal>.
 * @param {TargetProgress} t
 * @param {Plan | null} plan
 */
export function planText(t, plan) {
  if (t.plan.kind !== 'project-goal') return t.planLabel;
  const code = t.plan.project;
  const prefix = '项目绩效目标 ';
  const suffix = ` ${t.plan.goal}`;
  const labelled = t.planLabel.startsWith(prefix) && t.planLabel.endsWith(suffix) ? t.planLabel.slice(prefix.length, -suffix.length) : null;
  const name = plan ? plan.projects.find((p) => p.code === code)?.name : labelled;
  return `${name ?? '项目'} 目标 ${t.plan.goal}`;
}

/**
 * The pace a target expects by now, as it can be reached: a count is a whole number (the next one
 * up, so that a card that reaches it is never 滞后), amounts and rates keep two decimals.
 * @param {MeasureProgress} m
 * @param {number} expected
 */
export function expectedText(m, expected) {
  const countable = m.valueType ? m.valueType === 'count' : m.kind === 'count' || m.kind === 'count-distinct-parents';
  return countable ? Math.ceil(expected - 1e-9) : Math.round(expected * 100) / 100;
}

/**
 * @param {TargetProgress} t
 * @param {TargetFilter} filter
 */
const shown = (t, filter) =>
  filter === 'all' ||
  (filter === 'lagging' && t.lagging) ||
  (filter === 'notDone' && t.met === false) ||
  (filter === 'done' && t.met === true);

/**
 * One card: the figure against the target (click: the activities behind it), the pace meter and notes.
 * @param {MeasureProgress} m
 * @param {TargetProgress} t
 * @param {{
 *   plan: Plan | null, changed: boolean, yearOver: boolean, onOpen: (m: MeasureProgress, t: TargetProgress) => void,
 * }} options
 */
function targetCard(m, t, { plan, changed, yearOver, onOpen }) {
  const { directions, report } = meta();
  const state = t.met === null ? 'missing' : t.met ? 'met' : t.lagging ? 'lagging' : 'open';
  const badge =
    t.met === null
      ? h('span', { class: 'badge muted-badge' }, report.notEntered)
      : t.met
        ? h('span', { class: 'badge good' }, report.done)
        : t.lagging
          ? h('span', { class: 'badge bad', 'data-testid': 'lagging' }, `⚠ ${L.lagging}`)
          : h('span', { class: 'badge' }, '进行中');
  const unit = t.unit || m.unit;
  const sign = directions[t.direction];
  const paceRatio = t.expectedByNow !== null && t.target > 0 ? t.expectedByNow / t.target : null;
  const level3 = t.labels?.level3 && t.labels.level3 !== m.name ? t.labels.level3 : null;
  const note =
    t.expectedByNow !== null && !yearOver
      ? `按时间进度应达 ${fmtNumber(expectedText(m, t.expectedByNow))}${unit === '%' ? '%' : unit}`
      : t.direction === '<='
        ? '反向指标：不超过目标值'
        : m.kind === 'measured'
          ? '填报数值'
          : '';
  return h(
    'article',
    { class: `card target-card ${state}${changed ? ' flash' : ''}`, dataset: { measure: m.code, target: t.targetId } },
    h('header', { class: 'card-head' }, h('span', { class: 'plan-tag', title: planText(t, plan) }, planText(t, plan)), badge),
    h('h4', { class: 'card-title', title: m.name }, level3 ?? m.name),
    h(
      'button',
      {
        type: 'button',
        class: 'figure',
        title: '查看计入的活动',
        onclick: () => onOpen(m, t),
      },
      // Said before the figure by screen readers (the visible figure stays part of the button's name).
      h('span', { class: 'visually-hidden' }, `${m.name}，实际`),
      h('span', { class: 'figure-actual', 'data-testid': `actual-${t.targetId}` }, fmtNumber(m.actual)),
      h('span', { class: 'figure-sep' }, ' / '),
      h('span', { class: 'figure-target' }, `${sign}${fmtNumber(t.target)}`),
      h('span', { class: 'figure-unit' }, unit),
    ),
    meter(t.ratio, { marker: yearOver ? null : paceRatio, tone: state, label: `${m.name}完成进度` }),
    h(
      'p',
      { class: 'card-note' },
      note,
      t.revised ? h('span', { class: 'revised', title: '预算调整后的目标值' }, ` · 原目标 ${fmtNumber(t.original)}，已调整`) : null,
    ),
  );
}

/**
 * The cards the filter shows, by plan; a card whose figure changed since `previous` flashes.
 * @param {Progress} progress
 * @param {{
 *   plan: Plan | null,
 *   filter: TargetFilter,
 *   previous: Map<string, number | null> | null,
 *   yearOver: boolean,
 *   onOpen: (m: MeasureProgress, t: TargetProgress) => void,
 * }} options
 */
export function targetGroups(progress, { plan, filter, previous, yearOver, onOpen }) {
  const kinds = meta().planKinds;
  /** @type {Record<PlanKind, HTMLElement[]>} */
  const groups = { 'key-work': [], 'department-goal': [], 'project-goal': [] };
  for (const m of progress.measures) {
    for (const t of m.targets) {
      if (!shown(t, filter)) continue;
      const changed = previous !== null && previous.has(t.targetId) && previous.get(t.targetId) !== m.actual;
      groups[t.plan.kind].push(targetCard(m, t, { plan, changed, yearOver, onOpen }));
    }
  }
  const filled = /** @type {[PlanKind, HTMLElement[]][]} */ (Object.entries(groups)).filter(([, list]) => list.length > 0);
  return [
    filled.map(([kind, list]) =>
      h(
        'div',
        { class: 'target-group' },
        h('h3', { class: 'group-title' }, kinds[kind], h('span', { class: 'count' }, ` ${list.length} 项`)),
        h('div', { class: 'cards' }, list),
      ),
    ),
    filled.length === 0 ? h('p', { class: 'empty' }, filter === 'all' ? '本年度尚未设定目标。' : '没有符合条件的目标。') : null,
  ];
}

/**
 * Each target's figure, to tell which cards changed on the next live update.
 * @param {Progress} progress
 * @returns {Map<string, number | null>}
 */
export const figuresOf = (progress) =>
  new Map(progress.measures.flatMap((m) => m.targets.map((t) => /** @type {[string, number | null]} */ ([t.targetId, m.actual]))));
