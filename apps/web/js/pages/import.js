// @ts-check
// 数据导入: activities from a spreadsheet (a template per category) — upload, preview each row,
// confirm. Staff only (the api decides; others are told).

import { can } from '../api.js';
import { importPreview } from '../components/import-preview.js';
import { importUpload } from '../components/import-upload.js';
import { deptPath } from '../data.js';
import { h, mount } from '../dom.js';
import { L } from '../labels.js';

/** @typedef {import('../types.js').PageContext} PageContext */

/**
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const base = deptPath(ctx);
  const head = h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      {},
      h('h1', {}, `${ctx.year} 年度${L.import}`),
      h('p', { class: 'muted' }, '从 Excel 或 CSV 文件批量登记和修改活动；同一文件再次导入不会重复登记。'),
    ),
  );
  if (!can(ctx.department.code, 'staff')) {
    mount(container, head, h('section', { class: 'panel' }, h('p', { class: 'empty' }, '导入活动需经办人员权限。')));
    return;
  }
  const previewBox = h('div', { 'data-testid': 'import-preview-box' });
  mount(
    container,
    head,
    importUpload(ctx, base, (preview) => {
      mount(
        previewBox,
        importPreview(ctx, base, preview, () => undefined),
      );
      previewBox.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }),
    previewBox,
  );
}
