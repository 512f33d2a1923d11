// @ts-check
// The activity log's table and pager.

import { attributeText, categoryLabel, categoryOf } from '../data.js';
import { h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @template T @typedef {import('../types.js').Page<T>} Page */

/**
 * The activities of a page, each title opening the activity.
 * @param {PageContext} ctx
 * @param {Activity[]} items
 * @param {(id: string) => void} onOpen
 */
export function activityTable(ctx, items, onOpen) {
  const statuses = meta().activityStatuses;
  return h(
    'table',
    { class: 'grid activity-table', 'data-testid': 'activity-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['日期', '活动', '类别', '方式', '属性', '状态', '版本'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((a) =>
        h(
          'tr',
          { class: a.status === 'withdrawn' ? 'withdrawn' : '', dataset: { id: a.id } },
          h('td', { class: 'nowrap' }, a.occurredOn),
          h(
            'td',
            {},
            h('button', { type: 'button', class: 'link-button', onclick: () => onOpen(a.id) }, a.title),
            a.parentId ? h('span', { class: 'muted small' }, '（项目组成部分）') : null,
          ),
          h('td', {}, categoryLabel(ctx, a.category)),
          h('td', { class: 'nowrap' }, a.role),
          h('td', { class: 'small' }, attributeSummary(ctx, a)),
          h(
            'td',
            { class: 'nowrap' },
            h('span', { class: `badge ${a.status === 'withdrawn' ? 'muted-badge' : 'good'}` }, statuses[a.status] ?? a.status),
          ),
          h('td', { class: 'num' }, String(a.version)),
        ),
      ),
    ),
  );
}

/**
 * 参与人数：60；费用（万元）：3 万元
 * @param {PageContext} ctx
 * @param {Activity} a
 */
function attributeSummary(ctx, a) {
  const spec = categoryOf(ctx, a.category);
  return Object.entries(a.attributes ?? {})
    .map(([name, value]) => {
      const s = spec?.attributes.find((x) => x.name === name);
      return `${s?.label ?? name}：${attributeText(s, value)}`;
    })
    .join('；');
}

/**
 * 上一页 · 第 n / m 页 · 下一页
 * @param {Page<unknown>} result
 * @param {(page: number) => void} go
 */
export function pagerControls(result, go) {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return [
    h('button', { type: 'button', class: 'secondary small', disabled: result.page <= 1, onclick: () => go(result.page - 1) }, '上一页'),
    h('span', {}, `第 ${result.page} / ${pages} 页`),
    h('button', { type: 'button', class: 'secondary small', disabled: result.page >= pages, onclick: () => go(result.page + 1) }, '下一页'),
  ];
}
