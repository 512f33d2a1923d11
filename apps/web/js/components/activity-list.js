// @ts-check
// The activity log's table and pager.

import { attributeLabel, attributeText, categoryLabel, categoryOf, NO_WORDS } from '../data.js';
import { h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../data.js').PlanWords} PlanWords */
/** @template T @typedef {import('../types.js').Page<T>} Page */

const COLUMNS = ['日期', '活动', '类别', '方式', '属性', '状态', '版本'];

/**
 * The activities of a page, each title opening the activity (its address). On a narrow screen
 * each row becomes a card, its cells labelled (data-label).
 * @param {PageContext} ctx
 * @param {Activity[]} items
 * @param {{ open: (id: string) => void, addressOf: (id: string) => string, words?: PlanWords }} options
 */
export function activityTable(ctx, items, { open, addressOf, words = NO_WORDS }) {
  const statuses = meta().activityStatuses;
  return h(
    'table',
    { class: 'grid activity-table stack-table', 'data-testid': 'activity-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        COLUMNS.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((a) => {
        const [date, title, category, role, attributes, status, version] = COLUMNS;
        return h(
          'tr',
          { class: a.status === 'withdrawn' ? 'withdrawn' : '', dataset: { id: a.id } },
          h('td', { class: 'nowrap', dataset: { label: date } }, a.occurredOn),
          h(
            'td',
            { class: 'title-cell', dataset: { label: title } },
            h(
              'a',
              {
                href: addressOf(a.id),
                class: 'activity-link',
                onclick: (e) => {
                  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
                  e.preventDefault();
                  open(a.id);
                },
              },
              a.title,
            ),
            a.parentId ? h('span', { class: 'muted small' }, '（项目组成部分）') : null,
          ),
          h('td', { dataset: { label: category } }, categoryLabel(ctx, a.category)),
          h('td', { class: 'nowrap', dataset: { label: role } }, a.role),
          h('td', { class: 'small', dataset: { label: attributes } }, attributeSummary(ctx, a, words) || '—'),
          h(
            'td',
            { class: 'nowrap', dataset: { label: status } },
            h('span', { class: `badge ${a.status === 'withdrawn' ? 'muted-badge' : 'good'}` }, statuses[a.status] ?? a.status),
          ),
          h('td', { class: 'num', dataset: { label: version } }, String(a.version)),
        );
      }),
    ),
  );
}

/**
 * 参与人数：60；费用（万元）：3 万元；里程碑：<its title>
 * @param {PageContext} ctx
 * @param {Activity} a
 * @param {PlanWords} words
 */
function attributeSummary(ctx, a, words) {
  const spec = categoryOf(ctx, a.category);
  return Object.entries(a.attributes ?? {})
    .map(([name, value]) => {
      const s = spec?.attributes.find((x) => x.name === name);
      return `${attributeLabel(s, name)}：${attributeText(s, value, words)}`;
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
    h('span', { 'aria-live': 'polite' }, `第 ${result.page} / ${pages} 页`),
    h('button', { type: 'button', class: 'secondary small', disabled: result.page >= pages, onclick: () => go(result.page + 1) }, '下一页'),
  ];
}
