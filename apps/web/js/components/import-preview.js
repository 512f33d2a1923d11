// @ts-check
// The second step of a spreadsheet import: what confirming would do with each row (new,
// unchanged, changed, rejected with its reasons), row by row, then the confirmation.

import { api, getJson, query } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { fmtTime } from '../time.js';
import { pagerControls } from './activity-list.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../import-admin-types.js').ImportPreview} ImportPreview */
/** @typedef {import('../import-admin-types.js').ImportPreviewRow} ImportPreviewRow */
/** @typedef {import('../import-admin-types.js').ImportRowStatus} ImportRowStatus */
/** @typedef {import('../import-admin-types.js').ImportResult} ImportResult */
/** @typedef {import('../import-admin-types.js').ImportConfirmation} ImportConfirmation */

/** @type {ImportRowStatus[]} */
const STATUSES = ['new', 'changed', 'unchanged', 'rejected'];
const BADGE = /** @type {Record<ImportRowStatus, string>} */ ({ new: 'good', changed: 'warn', unchanged: 'muted-badge', rejected: 'bad' });
const PAGE_SIZE = 100;

/**
 * What the row says besides its status: its reasons, or what it changes.
 * @param {ImportPreviewRow} row
 */
function explanation(row) {
  if (row.status === 'rejected')
    return h(
      'ul',
      { class: 'plain' },
      row.reasons.map((r) => h('li', {}, r)),
    );
  if (row.status === 'changed') {
    return h(
      'ul',
      { class: 'plain' },
      row.changes.map((c) => h('li', {}, `${c.column}：${c.before} → ${c.after}`)),
    );
  }
  return row.status === 'new' ? '将登记为新的活动' : '与已登记的记录相同，不会写入';
}

/**
 * What the confirmation wrote.
 * @param {ImportResult} result
 * @param {PageContext} ctx
 */
export function importResult(result, ctx) {
  return h(
    'div',
    { class: 'flash', role: 'status', 'data-testid': 'import-result' },
    h(
      'p',
      {},
      `已导入：登记 ${result.recorded} 条，修改 ${result.amended} 条；${result.unchanged} 行与已登记的相同，未写入；` +
        `${result.rejected} 行有误，未写入。`,
    ),
    result.failed.length
      ? h(
          'ul',
          { class: 'plain' },
          result.failed.map((f) => h('li', { class: 'bad-text' }, `第 ${f.line} 行未写入：${f.reasons.join('；')}`)),
        )
      : null,
    h(
      'p',
      {},
      h('a', { href: ctx.href(ctx.department.code, ctx.year, 'activities'), 'data-testid': 'import-to-activities' }, '查看活动登记'),
    ),
  );
}

/**
 * The preview panel: counts by status (each a filter), a page of rows, the confirmation.
 * @param {PageContext} ctx
 * @param {string} base the department's API path
 * @param {ImportPreview} first the upload's answer
 * @param {() => void} onDone called after the confirmation wrote (the page may reset the upload)
 */
export function importPreview(ctx, base, first, onDone) {
  const labels = meta().importRowStatuses;
  const path = `${base}/import/previews/${encodeURIComponent(first.id)}`;
  /** @type {ImportRowStatus | ''} */
  let status = '';
  const chips = h('div', { class: 'chips', role: 'group', 'aria-label': '按状态筛选', 'data-testid': 'import-counts' });
  const rows = h('div', { class: 'scroll' });
  const pager = h('div', { class: 'pager' });
  const action = h('div', { class: 'form-actions left' });
  const { counts } = first;
  const writes = counts.new + counts.changed;

  function drawChips() {
    /** @type {[ImportRowStatus | '', string, number][]} */
    const options = [['', '全部', first.counts.new + first.counts.changed + first.counts.unchanged + first.counts.rejected]];
    for (const s of STATUSES) options.push([s, labels[s], counts[s]]);
    mount(
      chips,
      options.map(([value, label, n]) =>
        h(
          'button',
          {
            type: 'button',
            class: `chip${status === value ? ' active' : ''}`,
            'aria-pressed': status === value ? 'true' : 'false',
            dataset: { status: value || 'all' },
            onclick: () => {
              status = value;
              drawChips();
              void load(1);
            },
          },
          `${label} ${n}`,
        ),
      ),
    );
  }

  /** @param {ImportPreview} page */
  function drawRows(page) {
    mount(
      rows,
      page.rows.length === 0
        ? h('p', { class: 'empty' }, '没有这类行。')
        : h(
            'table',
            { class: 'grid', 'data-testid': 'import-rows' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['行号', '编号', '标题', '日期', '状态', '说明'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              page.rows.map((row) =>
                h(
                  'tr',
                  { dataset: { status: row.status, line: String(row.line) }, 'data-testid': 'import-row' },
                  h('td', { class: 'num' }, String(row.line)),
                  h('td', {}, row.rowNo ?? h('span', { class: 'muted' }, '（无）')),
                  h('td', {}, row.title || h('span', { class: 'muted' }, '（空）')),
                  h('td', { class: 'nowrap' }, row.date),
                  h('td', {}, h('span', { class: `badge ${BADGE[row.status]}` }, labels[row.status])),
                  h('td', {}, explanation(row)),
                ),
              ),
            ),
          ),
    );
    mount(
      pager,
      page.total > page.pageSize
        ? pagerControls({ items: page.rows, total: page.total, page: page.page, pageSize: page.pageSize }, (n) => void load(n))
        : [],
    );
  }

  /** @param {number} page */
  async function load(page) {
    rows.setAttribute('aria-busy', 'true');
    try {
      /** @type {ImportPreview} */
      const answer = await getJson(`${path}${query({ status, page, pageSize: PAGE_SIZE })}`);
      drawRows(answer);
    } catch (error) {
      mount(rows, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    } finally {
      rows.removeAttribute('aria-busy');
    }
  }

  const confirmButton = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'confirm-import', disabled: writes === 0, onclick: () => void confirm() },
    writes === 0 ? '没有需要导入的行' : `确认导入（新增 ${counts.new} 行，修改 ${counts.changed} 行）`,
  );

  async function confirm() {
    confirmButton.disabled = true;
    confirmButton.textContent = '正在导入…';
    try {
      /** @type {{ body: ImportConfirmation }} */
      const { body } = await api(`${path}/confirm`, { method: 'POST' });
      mount(action, importResult(body, ctx));
      toast(`已导入：登记 ${body.recorded} 条，修改 ${body.amended} 条`, 'success');
      onDone();
    } catch (error) {
      confirmButton.disabled = false;
      confirmButton.textContent = '重新确认导入';
      mount(action, confirmButton, h('p', { class: 'form-error', role: 'alert' }, `导入失败：${errorText(error)}`));
    }
  }

  if (first.result) mount(action, importResult(first.result, ctx));
  else
    mount(
      action,
      confirmButton,
      counts.rejected > 0 ? h('span', { class: 'muted small' }, `有误的 ${counts.rejected} 行不会导入；改正后可再次上传。`) : null,
    );
  drawChips();
  drawRows(first);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'import-preview-title', 'data-testid': 'import-preview' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'import-preview-title' }, `预览：${first.file}`),
      h('span', { class: 'muted small' }, `${first.category ? `类别：${first.category}；` : ''}预览保留至 ${fmtTime(first.expiresAt)}`),
    ),
    chips,
    rows,
    pager,
    action,
  );
}
