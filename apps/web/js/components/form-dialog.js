// @ts-check
// A small form in a dialog (the admin's forms): its fields, one action, an error line; the
// action's request runs on submit and the dialog closes when it succeeded.

import { dialog, h } from '../dom.js';
import { errorText } from '../errors.js';

/** @typedef {import('../dom.js').Dialog} Dialog */

/**
 * @param {string} title
 * @param {HTMLElement[]} fields
 * @param {string} action the submit button's words
 * @param {() => string | null} check the form's own check: a reason to refuse, or null
 * @param {() => Promise<void>} send
 * @param {(error: unknown) => string} [failure] why `send` failed, in words
 */
export function formDialog(title, fields, action, check, send, failure = errorText) {
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'dialog-error' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'dialog-submit' }, action);
  /** @type {Dialog | null} */
  let box = null;
  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    error.textContent = check() ?? '';
    if (error.textContent) return;
    button.disabled = true;
    try {
      await send();
      box?.close();
    } catch (err) {
      error.textContent = failure(err);
    } finally {
      button.disabled = false;
    }
  }
  box = dialog(title, h('form', { novalidate: true, onsubmit: submit }, ...fields, error, h('div', { class: 'form-actions' }, button)));
  /** @type {HTMLElement | null} */ (box.body.querySelector('input, select'))?.focus();
  return box;
}

/**
 * A labelled field with an optional hint.
 * @param {string} id the input's id
 * @param {string} label
 * @param {HTMLElement} input
 * @param {string} [hint]
 */
export const labelled = (id, label, input, hint) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
