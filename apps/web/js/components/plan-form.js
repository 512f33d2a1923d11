// @ts-check
// The form of one plan change, drawn from its kind's description (plan-kinds.js) and sent as
// `{ kind, change }` with the plan version it was opened on (If-Match). The API's field errors show
// beside the fields they name; a concurrent change (409) says so, with a button to reload.

import { api, ApiError, statusOf } from '../api.js';
import { dialog, h, mount } from '../dom.js';
import { codeOf, errorText } from '../errors.js';
import { reasonZh } from '../labels.js';
import { categoryIn, newCode, planRefKey, planRefOf, reportWords } from './plan-model.js';
import { planForms } from './plan-kinds.js';

/** @typedef {import('./plan-kinds.js').PlanChangeKind} PlanChangeKind */
/** @typedef {import('./plan-kinds.js').FieldSpec} FieldSpec */
/** @typedef {import('./plan-kinds.js').FieldValues} FieldValues */
/** @typedef {import('./plan-kinds.js').FormContext} FormContext */
/** @typedef {import('../types.js').FieldError} FieldError */
/** @typedef {import('../types.js').PlanRef} PlanRef */
/** @typedef {import('./plan-model.js').FilterValue} FilterValue */

/**
 * Where a change goes and what follows: `version` is the plan version the form was opened on.
 * @typedef {{ path: string, version: number, onSaved: (version: number, title: string) => void, onReload: () => void }} PlanChannel
 */

/** What a control holds: its value for `change`, whether it is empty, or why it cannot be read. */
/** @typedef {{ value: unknown, empty: boolean, error?: string }} Reading */

/**
 * A drawn control: its element, the raw text other fields look at, its reading, what gets focus.
 * @typedef {{ el: HTMLElement, raw: () => string, read: () => Reading, focus: HTMLElement }} Control
 */

/** What the page says when the plan changed since the form was opened (409). */
export const CONFLICT_TEXT = '计划已被他人修改，请刷新后重试';

/** The server's English reasons on plan changes, in Chinese (the original stays in a tooltip). */
/** @type {[RegExp, string][]} */
const PLAN_REASONS = [
  [/元\/人/, '请填写不小于 0 的金额（元/人）'],
  [/deduction between/i, '扣分须大于 0，且不超过 100'],
  [/between 0 and 100/i, '请填写 0 到 100 之间的数'],
  [/number from 1/i, '请填写从 1 开始的序号'],
  [/number ≥ 0/i, '请填写不小于 0 的数'],
  [/must be an integer/i, '请填写整数'],
  [/must be a number/i, '请填写数字'],
  [/define it first/i, '请先在计划中设定'],
  [/unknown measure/i, '请选择指标'],
  [/unknown (key-work item|department goal|project goal)|must be key-work/i, '请选择所属计划'],
  [/unknown goal/i, '请选择绩效目标'],
  [/derived from activities/i, '该指标由登记的活动统计，无需填报'],
  [/at least one value/i, '请至少勾选一项'],
  [/numeric attribute/i, '请选择数值型属性'],
  [/'department' or 'project/i, '请选择部门整体或项目'],
  [/lowercase code/i, '编码有误，请重新打开表单'],
  [/should not exist/i, '不应填写此项'],
  [/shorter than or equal to (\d+)/i, '内容过长'],
  [/must be a string/i, '请填写'],
];

/**
 * A reason of the API (or of the form) in Chinese.
 * @param {string} reason
 */
export function planReason(reason) {
  for (const [pattern, text] of PLAN_REASONS) if (pattern.test(reason)) return text;
  return reasonZh(reason);
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value at a dotted path.
 * @param {Record<string, unknown>} object
 * @param {string} path
 * @returns {unknown}
 */
function getAt(object, path) {
  /** @type {unknown} */
  let at = object;
  for (const key of path.split('.')) at = isRecord(at) ? at[key] : undefined;
  return at;
}

/**
 * Puts a value at a dotted path, making the objects on the way.
 * @param {Record<string, unknown>} object
 * @param {string} path
 * @param {unknown} value
 */
function setAt(object, path, value) {
  const keys = path.split('.');
  let at = object;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (isRecord(next)) at = next;
    else {
      /** @type {Record<string, unknown>} */
      const made = {};
      at[key] = made;
      at = made;
    }
  }
  at[keys[keys.length - 1]] = value;
}

/** @param {unknown} v */
const text = (v) => (v === undefined || v === null ? '' : String(v));

/** An Idempotency-Key: the same request sent twice is made once. */
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `plan-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A select's options, keeping the chosen value.
 * @param {HTMLSelectElement} select
 * @param {[string, string][]} options
 * @param {string} chosen
 * @param {boolean} required
 */
function fillSelect(select, options, chosen, required) {
  mount(
    select,
    h('option', { value: '' }, required ? '请选择' : '（不填）'),
    options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)),
    chosen && !options.some(([value]) => value === chosen) ? h('option', { value: chosen, selected: true }, '（已不在列表中）') : null,
  );
}

/**
 * A number typed in: empty, a number, or why not.
 * @param {HTMLInputElement} input
 * @param {boolean} integer
 * @returns {Reading}
 */
function readNumber(input, integer) {
  const raw = input.value.trim();
  if (!raw) return input.validity.badInput ? { value: null, empty: false, error: '请填写数字' } : { value: null, empty: true };
  const n = Number(raw);
  if (!Number.isFinite(n)) return { value: null, empty: false, error: '请填写数字' };
  if (integer && !Number.isInteger(n)) return { value: null, empty: false, error: '请填写整数' };
  return { value: n, empty: false };
}

/**
 * 一级/二级/三级指标: three texts, all or none.
 * @param {string} id
 * @param {unknown} initial
 * @returns {Control}
 */
function labelsControl(id, initial) {
  const report = reportWords();
  const given = isRecord(initial) ? initial : {};
  const parts = /** @type {const} */ (['level1', 'level2', 'level3']).map((key, n) => {
    const input = h('input', { id: `${id}-${key}`, maxlength: 200, value: text(given[key]) });
    const label = [report.level1, report.level2, report.level3][n];
    return { key, input, box: h('label', { class: 'sub-field', for: input.id }, h('span', {}, label), input) };
  });
  return {
    el: h(
      'div',
      { class: 'labels-inputs', id },
      parts.map((p) => p.box),
    ),
    raw: () => parts.map((p) => p.input.value).join('\u0000'),
    read: () => {
      const values = parts.map((p) => p.input.value.trim());
      if (values.every((v) => !v)) return { value: null, empty: true };
      return { value: Object.fromEntries(parts.map((p, n) => [p.key, values[n]])), empty: false };
    },
    focus: parts[0].input,
  };
}

/**
 * A key-work item's milestones: a title a row; each keeps its code (a new one gets one).
 * @param {string} id
 * @param {unknown} initial
 * @returns {Control}
 */
function milestonesControl(id, initial) {
  const list = h('ol', { class: 'milestone-inputs', id });
  let count = 0;
  /** @param {string} code @param {string} title */
  const row = (code, title) => {
    const input = h('input', { id: `${id}-${++count}`, maxlength: 500, value: title, 'aria-label': `里程碑 ${count}`, dataset: { code } });
    const remove = h('button', { type: 'button', class: 'link-button small', 'aria-label': `删除里程碑 ${count}` }, '删除');
    const item = h('li', {}, input, remove);
    remove.addEventListener('click', () => item.remove());
    list.append(item);
    return input;
  };
  for (const m of Array.isArray(initial) ? initial : []) if (isRecord(m)) row(text(m.code), text(m.title));
  const add = h(
    'button',
    { type: 'button', class: 'link-button small', 'data-testid': 'add-milestone', onclick: () => row(newCode('ms'), '').focus() },
    '添加里程碑',
  );
  const inputs = () => [...list.querySelectorAll('input')];
  return {
    el: h('div', {}, list, add),
    raw: () =>
      inputs()
        .map((i) => i.value)
        .join('\u0000'),
    read: () => {
      const value = inputs()
        .filter((i) => i.value.trim())
        .map((i) => ({ code: i.dataset.code || newCode('ms'), title: i.value.trim() }));
      return { value, empty: value.length === 0 };
    },
    focus: add,
  };
}

/**
 * Which values of the category's attributes count: a box per option of its lists and yes/no attributes.
 * @param {string} id
 * @param {unknown} initial
 * @param {FormContext} ctx
 * @param {string} category
 * @returns {Control}
 */
function whereControl(id, initial, ctx, category) {
  const chosen = isRecord(initial) ? initial : {};
  const spec = categoryIn(ctx.catalog, category);
  /** @type {{ name: string, value: FilterValue, input: HTMLInputElement }[]} */
  const boxes = [];
  const groups = (spec?.attributes ?? []).flatMap((a) => {
    /** @type {[FilterValue, string][]} */
    const options =
      a.type === 'enum'
        ? Object.entries(a.options ?? {})
        : a.type === 'boolean'
          ? [
              [true, '是'],
              [false, '否'],
            ]
          : [];
    if (options.length === 0) return [];
    const was = Array.isArray(chosen[a.name]) ? /** @type {unknown[]} */ (chosen[a.name]) : [];
    return [
      h(
        'div',
        { class: 'where-group' },
        h('span', { class: 'where-name' }, a.label),
        options.map(([value, label]) => {
          const input = h('input', { type: 'checkbox', checked: was.includes(value) });
          boxes.push({ name: a.name, value, input });
          return h('label', { class: 'check' }, input, label);
        }),
      ),
    ];
  });
  const el = h(
    'div',
    { class: 'where-inputs', id, tabindex: -1 },
    groups.length ? groups : h('p', { class: 'muted small' }, spec ? '该类别没有可筛选的属性。' : '选择类别后可按属性筛选。'),
  );
  return {
    el,
    raw: () => boxes.map((b) => (b.input.checked ? '1' : '0')).join(''),
    read: () => {
      /** @type {Record<string, FilterValue[]>} */
      const where = {};
      for (const b of boxes) if (b.input.checked) (where[b.name] ??= []).push(b.value);
      return { value: where, empty: Object.keys(where).length === 0 };
    },
    focus: boxes[0]?.input ?? el,
  };
}

/**
 * The control of a field, filled with its initial value.
 * @param {FieldSpec} spec
 * @param {string} id
 * @param {unknown} initial
 * @param {{ ctx: FormContext, values: FieldValues, locked: boolean }} env
 * @returns {Control}
 */
function control(spec, id, initial, { ctx, values, locked }) {
  switch (spec.input) {
    case 'textarea': {
      const el = h('textarea', { id, rows: spec.rows ?? 3, maxlength: spec.max });
      el.value = text(initial);
      return { el, raw: () => el.value, read: () => ({ value: el.value.trim(), empty: !el.value.trim() }), focus: el };
    }
    case 'number':
    case 'integer': {
      const integer = spec.input === 'integer';
      const el = h('input', {
        id,
        type: 'number',
        step: integer ? '1' : 'any',
        inputmode: integer ? 'numeric' : 'decimal',
        value: text(initial),
        disabled: locked,
      });
      return { el, raw: () => el.value, read: () => readNumber(el, integer), focus: el };
    }
    case 'date': {
      const bounds = spec.inYear ? { min: `${ctx.year}-01-01`, max: `${ctx.year}-12-31` } : {};
      const el = h('input', { id, type: 'date', value: text(initial), ...bounds });
      return { el, raw: () => el.value, read: () => ({ value: el.value, empty: !el.value }), focus: el };
    }
    case 'select':
    case 'plan-ref': {
      const el = h('select', { id, disabled: locked });
      const chosen = spec.input === 'plan-ref' && isRecord(initial) ? planRefKey(/** @type {PlanRef} */ (initial)) : text(initial);
      fillSelect(el, spec.options?.(ctx, values) ?? [], chosen, spec.required === true);
      const read =
        spec.input === 'plan-ref'
          ? () => ({ value: planRefOf(el.value), empty: !el.value })
          : () => ({ value: el.value, empty: !el.value });
      return { el, raw: () => el.value, read, focus: el };
    }
    case 'labels':
      return labelsControl(id, initial);
    case 'milestones':
      return milestonesControl(id, initial);
    case 'where':
      return whereControl(id, initial, ctx, values[spec.from ?? ''] ?? '');
    default: {
      const el = h('input', { id, maxlength: spec.max, value: text(initial), disabled: locked });
      return { el, raw: () => el.value, read: () => ({ value: el.value.trim(), empty: !el.value.trim() }), focus: el };
    }
  }
}

/**
 * The field a reason of the API names, among those on the form: the DTO names the path in the body
 * (`change.target.value`), the domain the field within its object (`value`, `plan.item`).
 * @param {string} field
 * @param {string[]} paths
 */
export function fieldOf(field, paths) {
  const parts = field.replace(/^change\./, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const found = paths.find((p) => p === name) ?? paths.find((p) => p.endsWith(`.${name}`));
    if (found) return found;
  }
  return null;
}

/**
 * Opens the form of a kind of change in a dialog.
 * @param {PlanChangeKind} kind
 * @param {{ ctx: FormContext, channel: PlanChannel, initial?: Record<string, unknown>, editing?: boolean }} options
 */
export function openPlanForm(kind, { ctx, channel, initial = {}, editing = false }) {
  const form = planForms()[kind];
  const general = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' });
  const reload = h('button', { type: 'button', class: 'secondary', 'data-testid': 'plan-reload' }, '刷新');
  const conflict = h(
    'div',
    { class: 'plan-conflict', role: 'alert', 'data-testid': 'plan-conflict', hidden: true },
    h('span', {}, CONFLICT_TEXT),
    reload,
  );
  /** @type {Map<string, { spec: FieldSpec, box: HTMLElement, slot: HTMLElement, error: HTMLElement, control: Control }>} */
  const fields = new Map();
  /** Codes made up for this form (kept across retries, so that a retry is the same request). */
  /** @type {Record<string, string>} */
  const codes = {};
  const base = `pf-${kind}`;

  /** The raw values of the fields drawn so far. */
  const values = () => /** @type {FieldValues} */ (Object.fromEntries([...fields].map(([path, f]) => [path, f.control.raw()])));

  for (const spec of form.fields) {
    if (spec.input === 'code' || spec.input === 'fixed') continue;
    const id = `${base}-${spec.path.replace(/\W/g, '-')}`;
    const env = { ctx, values: values(), locked: editing && spec.locked === true };
    const made = control(spec, id, getAt(initial, spec.path), env);
    const error = h('p', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
    made.focus.setAttribute('aria-describedby', error.id);
    const slot = h('div', { class: 'field-control' }, made.el);
    const composite = spec.input === 'labels' || spec.input === 'milestones' || spec.input === 'where';
    const box = composite
      ? h('fieldset', { class: 'field field-set', dataset: { field: spec.path } }, h('legend', {}, spec.label), slot)
      : h(
          'div',
          { class: 'field', dataset: { field: spec.path } },
          h('label', { for: id }, `${spec.label}${spec.required ? ' *' : ''}`),
          slot,
        );
    if (spec.hint) box.append(h('p', { class: 'hint' }, spec.hint));
    box.append(error);
    fields.set(spec.path, { spec, box, slot, error, control: made });
  }

  /**
   * Shows the fields the values call for; draws again those that depend on the one changed.
   * @param {string | null} changed
   */
  function update(changed) {
    const now = values();
    for (const [path, f] of fields) {
      if (changed && f.spec.dependsOn?.includes(changed)) {
        const kept = f.control.read();
        f.control = control(f.spec, `${base}-${path.replace(/\W/g, '-')}`, kept.empty ? getAt(initial, path) : kept.value, {
          ctx,
          values: now,
          locked: editing && f.spec.locked === true,
        });
        f.control.focus.setAttribute('aria-describedby', f.error.id);
        mount(f.slot, f.control.el);
      }
      f.box.hidden = f.spec.showIf ? !f.spec.showIf(now) : false;
    }
  }

  function clearErrors() {
    general.textContent = '';
    for (const f of fields.values()) {
      f.box.classList.remove('invalid');
      f.error.textContent = '';
      f.error.removeAttribute('title');
    }
  }

  /**
   * Each reason beside its field; reasons for fields not on the form (or hidden) at the top.
   * @param {FieldError[]} errors
   * @param {unknown} [cause]
   */
  function showErrors(errors, cause) {
    const shown = [...fields].filter(([, f]) => !f.box.hidden).map(([path]) => path);
    /** @type {string[]} */
    const rest = [];
    /** @type {HTMLElement | null} */
    let first = null;
    for (const e of errors) {
      const path = fieldOf(e.field, shown);
      const f = path ? fields.get(path) : undefined;
      const reason = planReason(e.reason);
      if (!f) {
        if (!rest.includes(reason)) rest.push(reason);
        continue;
      }
      f.box.classList.add('invalid');
      f.error.textContent = f.error.textContent ? `${f.error.textContent}；${reason}` : reason;
      f.error.title = e.reason;
      first ??= f.control.focus;
    }
    if (rest.length) general.textContent = rest.every((r) => r === '填写有误') && cause ? errorText(cause) : rest.join('；');
    first?.focus();
  }

  /** The change the fields make, and what is missing or wrong in it. */
  function changeOf() {
    /** @type {Record<string, unknown>} */
    const change = {};
    /** @type {FieldError[]} */
    const errors = [];
    for (const spec of form.fields) {
      if (spec.input === 'fixed') {
        const value = getAt(initial, spec.path);
        if (value !== undefined) setAt(change, spec.path, value);
        continue;
      }
      if (spec.input === 'code') {
        const given = getAt(initial, spec.path);
        setAt(change, spec.path, typeof given === 'string' && given ? given : (codes[spec.path] ??= newCode(spec.prefix ?? 'x')));
        continue;
      }
      const f = fields.get(spec.path);
      if (!f || f.box.hidden) continue;
      const reading = f.control.read();
      if (reading.error) errors.push({ field: spec.path, reason: reading.error });
      else if (!reading.empty) setAt(change, spec.path, reading.value);
      else if (spec.required) errors.push({ field: spec.path, reason: '必填' });
      else if (spec.empty === 'null') setAt(change, spec.path, null);
      else if (spec.empty === 'blank') setAt(change, spec.path, '');
    }
    return { change, errors };
  }

  const submit = h(
    'button',
    { type: 'submit', class: form.danger ? 'danger' : 'primary', 'data-testid': 'plan-submit' },
    form.submit ?? '保存',
  );
  let key = newKey();
  let sent = '';

  /** @param {SubmitEvent} event */
  async function onSubmit(event) {
    event.preventDefault();
    if (!conflict.hidden) return;
    clearErrors();
    const { change, errors } = changeOf();
    if (errors.length) return showErrors(errors);
    const body = { kind, change };
    // The same request again (after a lost answer) keeps its key; another one gets a new key.
    const json = JSON.stringify(body);
    if (sent && json !== sent) key = newKey();
    sent = json;
    submit.disabled = true;
    try {
      /** @type {{ body: { version: number } }} */
      const { body: result } = await api(channel.path, {
        method: 'POST',
        body,
        headers: { 'If-Match': `"${channel.version}"`, 'Idempotency-Key': key },
      });
      box.close();
      channel.onSaved(result.version, form.title);
    } catch (error) {
      if (codeOf(error) === 'STREAM.VERSION_CONFLICT') {
        conflict.hidden = false;
        reload.focus();
        return;
      }
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length) showErrors(error.fieldErrors, error);
      else general.textContent = statusOf(error) === 403 ? '当前账号无权修改计划。' : errorText(error);
    } finally {
      submit.disabled = !conflict.hidden;
    }
  }

  reload.addEventListener('click', () => {
    box.close();
    channel.onReload();
  });

  const intro = form.intro?.(ctx, initial) ?? null;
  const element = h(
    'form',
    { class: 'plan-form', novalidate: true, onsubmit: onSubmit, 'data-testid': 'plan-form', dataset: { kind } },
    intro ? h('p', { class: 'plan-form-intro' }, intro) : null,
    conflict,
    general,
    [...fields.values()].map((f) => f.box),
    h('div', { class: 'form-actions' }, submit),
  );
  /** @param {Event} event */
  const changed = (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-field]') : null;
    update(target instanceof HTMLElement ? (target.dataset.field ?? null) : null);
  };
  element.addEventListener('change', changed);
  update(null);
  const box = dialog(form.title, element, { wide: fields.size > 5 });
  const first = [...fields.values()].find((f) => !f.box.hidden && !(f.control.focus instanceof HTMLButtonElement));
  (first?.control.focus ?? submit).focus();
  return box;
}
