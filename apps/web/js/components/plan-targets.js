// @ts-check
// A plan's targets with their revisions, and a target's history.

import { getJson } from '../api.js';
import { deptPath } from '../data.js';
import { dialog, fmtNumber, h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { eventLabel, meta } from '../meta.js';
import { actorName } from '../people.js';
import { fmtTime } from '../time.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').Target} Target */
/** @typedef {import('../types.js').TargetEventData} TargetEventData */
/** @template D @typedef {import('../types.js').HistoryEntry<D>} HistoryEntry */

/**
 * A table in a box of its own that scrolls sideways on a narrow screen (the page never does).
 * @param {'table'} tag
 * @param {import('../types.js').Attrs<HTMLTableElement>} attrs
 * @param {...import('../types.js').Child} children
 */
export const scrolling = (tag, attrs, ...children) => h('div', { class: 'scroll' }, h(tag, attrs, ...children));

/**
 * A measure's name and unit by its code.
 * @param {Plan} plan
 * @param {string} code
 */
export function measureOf(plan, code) {
  const m = plan.measures.find((x) => x.code === code);
  return { name: m?.name ?? '本年度未定义的指标', unit: m?.unit ?? '' };
}

/**
 * @param {HistoryEntry<TargetEventData>} e
 */
function eventText(e) {
  const d = e.data;
  // Any version of the event (its fields named alike).
  const kind = e.type.replace(/\.v\d+$/, '');
  if (kind.endsWith('target-revised')) return `${fmtNumber(d.previous)} → ${fmtNumber(d.value)}：${d.reason ?? ''}`;
  if (kind.endsWith('target-set') && d.target) return `${meta().directions[d.target.direction]}${fmtNumber(d.target.value)}`;
  return d.reason ?? '';
}

/**
 * The events of one target (set, revised, removed) in a dialog.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Target} t
 * @param {Map<string, string>} names the department's people
 */
async function targetHistory(ctx, plan, t, names) {
  const body = h('div', {}, '正在加载…');
  dialog(`目标历史：${measureOf(plan, t.measure).name}`, body, { wide: true });
  try {
    /** @type {HistoryEntry<TargetEventData>[]} */
    const history = await getJson(`${deptPath(ctx)}/years/${ctx.year}/targets/${encodeURIComponent(t.id)}/history`);
    mount(
      body,
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['时间', '操作人', '操作', '内容'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          history.map((e) =>
            h(
              'tr',
              {},
              h('td', { class: 'nowrap' }, fmtTime(e.recordedAt)),
              h('td', {}, actorName(e.actor, { given: e.actorName, names })),
              h('td', {}, eventLabel(e.type)),
              h('td', { class: 'small' }, eventText(e)),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    mount(body, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
  }
}

/**
 * The targets of a plan item or goal: value (and original), revisions, and a link to the history.
 * With `indicator`, the 一级/二级/三级指标 of performance indicators.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Target[]} targets
 * @param {{ indicator?: boolean, names?: Map<string, string> }} [options] `names`: the department's people
 */
export function targetsTable(ctx, plan, targets, { indicator = false, names = new Map() } = {}) {
  if (targets.length === 0) return h('p', { class: 'empty' }, '未设定目标值。');
  const { directions, report } = meta();
  const heads = [...(indicator ? [report.level1, report.level2, report.level3] : ['指标']), '目标值', '调整', '历史'];
  return scrolling(
    'table',
    { class: 'grid targets-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        heads.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      targets.map((t) => {
        const measure = measureOf(plan, t.measure);
        const unit = t.unit || measure.unit;
        return h(
          'tr',
          { dataset: { target: t.id } },
          indicator
            ? [h('td', {}, t.labels?.level1 ?? ''), h('td', {}, t.labels?.level2 ?? ''), h('td', {}, t.labels?.level3 ?? measure.name)]
            : h('td', {}, measure.name),
          h(
            'td',
            { class: 'nowrap' },
            `${directions[t.direction]}${fmtNumber(t.value)}${unit === '%' ? '%' : unit}`,
            t.revisions.length ? h('span', { class: 'revised' }, `（原 ${fmtNumber(t.original)}）`) : null,
          ),
          h(
            'td',
            { class: 'small' },
            t.revisions.length === 0
              ? '—'
              : t.revisions.map((r) =>
                  h(
                    'div',
                    {},
                    `${fmtTime(r.at)} 由 ${fmtNumber(r.previous)} 调整为 ${fmtNumber(r.value)}：${r.reason}${r.by ? `（${actorName(r.by, { names })}）` : ''}`,
                  ),
                ),
          ),
          // Every role of the department may read a target's history.
          h(
            'td',
            {},
            h('button', { type: 'button', class: 'link-button small', onclick: () => void targetHistory(ctx, plan, t, names) }, '历史'),
          ),
        );
      }),
    ),
  );
}
