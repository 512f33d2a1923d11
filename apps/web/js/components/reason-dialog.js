// @ts-check
// A small dialog asking for a reason (withdraw, restore).

import { ApiError, statusOf } from '../api.js';
import { dialog, h } from '../dom.js';
import { errorText } from '../errors.js';
import { reasonZh } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../dom.js').Dialog} Dialog */

/**
 * Asks for a reason, then calls `onConfirm(reason, dialog)`; its errors stay in the dialog.
 * @param {string} title
 * @param {string} label
 * @param {boolean} required
 * @param {(reason: string, box: Dialog) => Promise<void>} onConfirm
 */
export function reasonDialog(title, label, required, onConfirm) {
  const reason = h('textarea', { id: 'f-reason', rows: 3, maxlength: meta().limits.reason, required });
  const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'reason-error' });
  const button = h('button', { type: 'submit', class: required ? 'danger' : 'primary', 'data-testid': 'confirm-reason' }, title);

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    error.textContent = '';
    if (required && !reason.value.trim()) {
      error.textContent = '请填写原因';
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      await onConfirm(reason.value.trim(), box);
    } catch (err) {
      const status = statusOf(err);
      const reasons = err instanceof ApiError ? err.fieldErrors.map((f) => reasonZh(f.reason)).join('；') : '';
      error.textContent = status === 400 ? reasons || errorText(err) : status === 403 ? '当前账号无此操作权限。' : errorText(err);
    } finally {
      button.disabled = false;
    }
  }

  const form = h(
    'form',
    { novalidate: true, onsubmit: submit },
    h('div', { class: 'field' }, h('label', { for: 'f-reason' }, label), reason, error),
    h('div', { class: 'form-actions' }, button),
  );
  const box = dialog(title, form);
  reason.focus();
}
