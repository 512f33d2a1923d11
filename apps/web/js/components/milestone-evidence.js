// @ts-check
// A milestone's evidence: every activity that reached it (the progress carries only its first few
// titles and their count), from the activity log filtered by the milestone.

import { getJson, query } from '../api.js';
import { deptPath } from '../data.js';
import { dialog, h, mount, table } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { activityLink } from './activity-detail.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').MilestoneProgress} MilestoneProgress */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @template T @typedef {import('../types.js').Page<T>} Page */

/**
 * Every active activity of the year naming the milestone, a page at a time; as of a day when given
 * (the progress counts only those up to it).
 * @param {PageContext} ctx
 * @param {string} code
 * @param {string} asOf
 */
async function evidenceOf(ctx, code, asOf) {
  const pageSize = meta().limits.pageSize;
  /** @type {Activity[]} */
  const items = [];
  for (let page = 1; ; page++) {
    /** @type {Page<Activity>} */
    const list = await getJson(`${deptPath(ctx)}/activities${query({ year: ctx.year, milestone: code, page, pageSize })}`);
    items.push(...list.items);
    if (list.items.length < pageSize || items.length >= list.total) break;
  }
  return items.filter((a) => !asOf || a.occurredOn <= asOf).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
}

/**
 * Opens the list of a milestone's evidence in a dialog; an activity opens in its own.
 * @param {PageContext} ctx
 * @param {MilestoneProgress} milestone
 * @param {{ asOf: string }} at
 */
export async function milestoneEvidence(ctx, milestone, { asOf }) {
  const head = h(
    'p',
    { class: 'muted' },
    `重点工作 ${milestone.keyWorkItem} · ${milestone.done ? `${milestone.doneOn} 达成` : '尚未达成'}`,
  );
  const body = h('div', { class: 'drill' }, head, h('p', {}, '正在加载…'));
  const { close } = dialog(milestone.title, body, { wide: true });
  try {
    const items = await evidenceOf(ctx, milestone.code, asOf);
    const rows = items.map((a) => [a.occurredOn, activityLink(ctx, a, close), a.role]);
    mount(
      body,
      head,
      items.length
        ? [
            h('p', {}, `达成该里程碑的活动 ${items.length} 项：`),
            h('div', { class: 'scroll' }, table(['日期', '活动', '方式'], rows, 'drill-table')),
          ]
        : h('p', { class: 'empty' }, '尚无达成该里程碑的活动。'),
    );
  } catch (error) {
    mount(body, head, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
  }
}
