// @ts-check
// The first step of a spreadsheet import: choose the category, download its template, upload a
// filled-in XLSX or CSV file (the server answers a preview; nothing is written yet).

import { api, ApiError, download, query, statusOf } from '../api.js';
import { h } from '../dom.js';
import { errorText } from '../errors.js';
import { reasonZh } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../import-admin-types.js').AdminCategory} AdminCategory */
/** @typedef {import('../import-admin-types.js').ImportPreview} ImportPreview */

/** What the file chooser offers: the Excel workbook and CSV text types. */
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/**
 * @param {number} bytes
 */
const megabytes = (bytes) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Why an upload failed, in words: the server's reasons about the file are Chinese and shown as they are.
 * @param {unknown} error
 * @returns {string[]}
 */
function uploadFailure(error) {
  const status = statusOf(error);
  if (status === 400 && error instanceof ApiError && error.fieldErrors.length > 0) {
    return error.fieldErrors.map((e) => (e.field === 'file' ? reasonZh(e.reason) : `${e.field === 'year' ? '年度' : '类别'}有误`));
  }
  if (status === 413) return [`文件过大：至多 ${megabytes(meta().importLimits.fileBytes)}`];
  if (status === 403) return ['当前账号无权导入本部门的活动（需经办人员权限）。'];
  return [`上传失败：${errorText(error)}`];
}

/**
 * The template and upload panel.
 * @param {PageContext} ctx
 * @param {string} base the department's API path
 * @param {(preview: ImportPreview) => void} onPreview
 */
export function importUpload(ctx, base, onPreview) {
  const categories = /** @type {AdminCategory[]} */ (ctx.department.catalog).filter((c) => !c.retired);
  const limits = meta().importLimits;
  const category = h(
    'select',
    { id: 'import-category', 'data-testid': 'import-category' },
    categories.map((c) => h('option', { value: c.code }, c.label)),
    h('option', { value: '' }, '按文件识别（模板或“类别”列）'),
  );
  const file = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', id: 'import-file', accept: ACCEPT, 'data-testid': 'import-file', required: true })
  );
  const errors = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'import-error' });
  const templateButton = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'download-template', onclick: () => void template() },
    '下载模板',
  );
  const uploadButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'upload-import' }, '上传并预览');
  const syncTemplate = () => (templateButton.disabled = category.value === '');
  category.addEventListener('change', syncTemplate);

  async function template() {
    const chosen = categories.find((c) => c.code === category.value);
    if (!chosen) return;
    templateButton.disabled = true;
    try {
      await download(
        `${base}/import/templates/${encodeURIComponent(chosen.code)}.xlsx${query({ year: ctx.year })}`,
        `${chosen.label}导入模板.xlsx`,
      );
    } catch (error) {
      errors.textContent = `模板下载失败：${errorText(error)}`;
    } finally {
      syncTemplate();
    }
  }

  /** @param {SubmitEvent} event */
  async function upload(event) {
    event.preventDefault();
    errors.replaceChildren();
    const chosen = file.files?.[0];
    if (!chosen) {
      errors.textContent = '请选择要上传的文件（.xlsx 或 .csv）';
      file.focus();
      return;
    }
    if (!/\.(xlsx|csv)$/i.test(chosen.name)) {
      errors.textContent = '只能导入 .xlsx 或 .csv 文件；.xls 文件请先在 Excel 中另存为 .xlsx';
      return;
    }
    if (chosen.size > limits.fileBytes) {
      errors.textContent = `文件过大（${megabytes(chosen.size)}）：至多 ${megabytes(limits.fileBytes)}，请分成几个文件`;
      return;
    }
    uploadButton.disabled = true;
    uploadButton.textContent = '正在读取…';
    try {
      const path = `${base}/import/previews${query({ year: ctx.year, category: category.value, filename: chosen.name })}`;
      /** @type {{ body: ImportPreview }} */
      const { body } = await api(path, { method: 'POST', file: chosen });
      onPreview(body);
    } catch (error) {
      errors.replaceChildren(...uploadFailure(error).map((reason) => h('p', {}, reason)));
    } finally {
      uploadButton.disabled = false;
      uploadButton.textContent = '上传并预览';
    }
  }

  syncTemplate();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'import-upload-title' },
    h('h2', { id: 'import-upload-title' }, '上传文件'),
    h(
      'ol',
      { class: 'steps muted' },
      h('li', {}, '选择类别，下载该类别的模板（Excel），每行填写一项活动；“编号”可留空，但填写后再次导入可修改同一条记录。'),
      h(
        'li',
        {},
        `上传填好的 .xlsx 文件，或另存为 CSV（UTF-8 或 GBK 编码）后上传；至多 ${megabytes(limits.fileBytes)}、${limits.rows} 行。`,
      ),
      h('li', {}, '先看预览：新增、未变、修改和有误的行分别列出；确认后才写入，有误的行不会写入。'),
    ),
    h(
      'form',
      { class: 'filters', novalidate: true, onsubmit: upload },
      h('label', { class: 'filter', for: 'import-category' }, h('span', {}, '类别'), category),
      templateButton,
      h('label', { class: 'filter grow', for: 'import-file' }, h('span', {}, '文件（.xlsx 或 .csv）'), file),
      uploadButton,
    ),
    errors,
  );
}
