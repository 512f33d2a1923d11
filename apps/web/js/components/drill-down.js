// @ts-check
// The activities behind a dashboard figure: those counted, and those logged but left out.

import { getJson, query } from '../api.js';
import { categoryLabel, deptPath, fetchActivity } from '../data.js';
import { dialog, fmtNumber, fmtValue, h, mount, table } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { actorName, people } from '../people.js';
import { activityLink } from './activity-detail.js';
import { planText } from './target-cards.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').DrillDown} DrillDown */
/** @typedef {import('../types.js').MeasureProgress} MeasureProgress */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').TargetProgress} TargetProgress */

/** Excluded activities fetched one by one: at most this many. */
const EXCLUDED_SHOWN = 30;

/**
 * A measured (entered) figure: its entries instead of activities.
 * @param {MeasureProgress} m
 * @param {Plan | null} plan
 * @param {Map<string, string>} names the department's people
 */
function measuredRows(m, plan, names) {
  const rows = (plan?.measurements ?? []).filter((x) => x.measure === m.code);
  return [
    h('p', {}, '该指标为填报数值，不由活动计数得出。'),
    rows.length === 0
      ? h('p', { class: 'empty' }, '尚未录入实际值。')
      : table(
          ['测量日期', '数值', '说明', '录入人'],
          rows.map((x) => [x.measuredOn, fmtValue(x.value, m.unit), x.note ?? '', x.recordedBy ? actorName(x.recordedBy, { names }) : '']),
        ),
  ];
}

/**
 * Opens the drill-down of a target's figure in a dialog.
 * @param {PageContext} ctx
 * @param {MeasureProgress} m
 * @param {TargetProgress} t
 * @param {{ plan: Plan | null, asOf: string }} at
 */
export async function drillDown(ctx, m, t, { plan, asOf }) {
  const unit = t.unit || m.unit;
  const sign = meta().directions[t.direction];
  const head = h(
    'p',
    { class: 'muted' },
    `${planText(t, plan)} · 目标 ${sign}${fmtValue(t.target, unit)}${t.revised ? `（原 ${fmtNumber(t.original)}）` : ''} · 实际 ${fmtValue(m.actual, unit)}`,
  );
  const body = h('div', { class: 'drill' }, head, h('p', {}, '正在加载…'));
  const { close } = dialog(m.name, body, { wide: true });
  if (m.kind === 'measured') {
    mount(body, head, measuredRows(m, plan, await people(ctx.department.code)));
    return;
  }
  try {
    /** @type {DrillDown} */
    const result = await getJson(
      `${deptPath(ctx)}/years/${ctx.year}/progress/${encodeURIComponent(m.code)}/activities${query({ asOf: asOf || undefined, pageSize: meta().limits.pageSize })}`,
    );
    const excluded = await Promise.all(result.excludedIds.slice(0, EXCLUDED_SHOWN).map((id) => fetchActivity(ctx, id).catch(() => null)));
    /** @param {(Activity | null)[]} list */
    const rows = (list) =>
      list.flatMap((a) => (a ? [[a.occurredOn, activityLink(ctx, a, close), categoryLabel(ctx, a.category), a.role]] : []));
    const parents = m.kind === 'count-distinct-parents' ? `（按项目计，${fmtNumber(m.actual)} 个项目）` : '';
    const sum = m.kind === 'sum' ? `，合计 ${fmtValue(m.actual, unit)}` : '';
    mount(
      body,
      head,
      h('p', {}, `计入 ${result.countedIds.length} 项活动${parents}${sum}：`),
      result.items.length
        ? h('div', { class: 'scroll' }, table(['日期', '活动', '类别', '方式'], rows(result.items), 'drill-table'))
        : h('p', { class: 'empty' }, '尚无计入的活动。'),
      result.total > result.items.length ? h('p', { class: 'muted' }, `仅显示前 ${result.items.length} 项，共 ${result.total} 项。`) : null,
      result.excludedIds.length
        ? [
            h('h3', {}, `已登记但不计入（${result.excludedIds.length} 项，不符合该指标的筛选条件）`),
            h('div', { class: 'scroll' }, table(['日期', '活动', '类别', '方式'], rows(excluded))),
          ]
        : null,
    );
  } catch (error) {
    mount(body, head, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
  }
}
