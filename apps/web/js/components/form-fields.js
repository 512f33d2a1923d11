// @ts-check
// A form's fields by name, each with its error line: the server's reasons (and the form's own
// checks) are shown beside the field they name, in Chinese, the original in a tooltip.

import { h } from '../dom.js';
import { reasonZh } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').FieldError} FieldError */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */
/** @typedef {{ wrap: HTMLElement, error: HTMLElement, input: HTMLElement }} Field */

export function formFields() {
  /** @type {Map<string, Field>} */
  const fields = new Map();
  const general = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' });

  /**
   * A labelled field with a hint and an error line, registered under `name` (the api's field name).
   * @param {string} name
   * @param {string} label
   * @param {HTMLElement} input
   * @param {string | null} [hint]
   */
  function field(name, label, input, hint) {
    const error = h('p', { class: 'field-error', id: `err-${name.replace(/\W/g, '-')}`, 'aria-live': 'polite' });
    input.setAttribute('aria-describedby', error.id);
    const wrap = h(
      'div',
      { class: 'field', dataset: { field: name } },
      h('label', { for: input.id }, label),
      input,
      hint ? h('p', { class: 'hint' }, hint) : null,
      error,
    );
    fields.set(name, { wrap, error, input });
    return wrap;
  }

  /** @param {string} prefix */
  function forget(prefix) {
    for (const key of [...fields.keys()]) if (key.startsWith(prefix)) fields.delete(key);
  }

  function clearErrors() {
    general.textContent = '';
    for (const { wrap, error } of fields.values()) {
      wrap.classList.remove('invalid');
      error.textContent = '';
    }
  }

  /**
   * Shows each reason beside its field; reasons for fields not on the form go to the top.
   * @param {FieldError[]} errors
   */
  function showErrors(errors) {
    const names = meta().activityFields;
    /** @type {string[]} */
    const rest = [];
    /** @type {HTMLElement | null} */
    let first = null;
    for (const e of errors) {
      const target = fields.get(e.field) ?? (e.field.startsWith('attributes.') ? undefined : fields.get(e.field.split('.')[0]));
      if (target) {
        target.wrap.classList.add('invalid');
        target.error.textContent = target.error.textContent ? `${target.error.textContent}；${reasonZh(e.reason)}` : reasonZh(e.reason);
        target.error.title = e.reason;
        const details = target.wrap.closest('details');
        if (details) details.open = true;
        first ??= target.input;
      } else {
        rest.push(`${names[e.field] ?? e.field}：${reasonZh(e.reason)}`);
      }
    }
    if (rest.length) general.textContent = rest.join('；');
    first?.focus();
  }

  return { fields, general, field, forget, clearErrors, showErrors };
}
