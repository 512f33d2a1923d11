// @ts-check
// The inputs of a category's attributes (from the department's catalog), and reading them back.

import { MILESTONE_ATTRIBUTE, NO_WORDS } from '../data.js';
import { h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').AttributeSpec} AttributeSpec */
/** @typedef {import('../data.js').PlanWords} PlanWords */
/** @typedef {import('../types.js').AttributeValue} AttributeValue */
/** @typedef {HTMLInputElement | HTMLSelectElement} AttributeInput */

/**
 * The input of one attribute: a list for enums, 是/否 and milestones (the plan's, by title), a
 * number for counts and amounts, text otherwise.
 * @param {AttributeSpec} a
 * @param {AttributeValue | undefined} value
 * @param {PlanWords} [words]
 * @returns {AttributeInput}
 */
export function attributeInput(a, value, words = NO_WORDS) {
  const id = `f-attr-${a.name}`;
  /** @type {AttributeInput} */
  let input;
  if (a.name === MILESTONE_ATTRIBUTE) {
    const known = [...words.milestones];
    const current = value === undefined ? '' : String(value);
    input = h(
      'select',
      { id, name: a.name },
      h('option', { value: '' }, known.length ? '请选择里程碑' : '正在加载计划中的里程碑…'),
      known.map(([code, title]) => h('option', { value: code, selected: current === code }, title)),
      current && !words.milestones.has(current) ? h('option', { value: current, selected: true }, '（计划中没有的里程碑）') : null,
    );
  } else if (a.type === 'enum') {
    input = h(
      'select',
      { id, name: a.name },
      h('option', { value: '' }, a.required ? '请选择' : '（不填）'),
      Object.entries(a.options ?? {}).map(([v, t]) => h('option', { value: v, selected: value === v }, t)),
    );
  } else if (a.type === 'boolean') {
    input = h(
      'select',
      { id, name: a.name },
      h('option', { value: '' }, '（不填）'),
      h('option', { value: 'true', selected: value === true }, '是'),
      h('option', { value: 'false', selected: value === false }, '否'),
    );
  } else if (a.type === 'integer' || a.type === 'amount') {
    const integer = a.type === 'integer';
    input = h('input', {
      id,
      name: a.name,
      type: 'number',
      min: 0,
      step: integer ? 1 : 0.01,
      inputmode: integer ? 'numeric' : 'decimal',
      value: value ?? '',
    });
  } else {
    input = h('input', { id, name: a.name, maxlength: meta().limits.attributeText, value: value ?? '' });
  }
  input.dataset.attribute = a.name;
  return input;
}

/**
 * The value an attribute input holds (undefined when empty), or the reason it is not valid.
 * @param {AttributeSpec} a
 * @param {AttributeInput} input
 * @returns {{ value: AttributeValue | undefined, error?: string }}
 */
export function readAttribute(a, input) {
  const raw = input.value.trim();
  if (raw === '') return { value: undefined };
  if (a.type === 'integer') {
    const n = Number(raw);
    return Number.isSafeInteger(n) && n >= 0 ? { value: n } : { value: raw, error: '请填写不小于 0 的整数' };
  }
  if (a.type === 'amount') {
    const n = Number(raw);
    return Number.isFinite(n) && n >= 0 ? { value: n } : { value: raw, error: '请填写不小于 0 的金额（万元）' };
  }
  if (a.type === 'boolean') return { value: raw === 'true' };
  return { value: raw };
}
