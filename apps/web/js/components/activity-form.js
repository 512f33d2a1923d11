// @ts-check
// The activity form (record and amend). Attribute inputs follow the chosen category's attributes
// (from the department's catalog); errors show beside the field they name.

import { api, ApiError, statusOf } from '../api.js';
import { activitiesPage, attributeLabel, categoryOf, deptPath, fetchPlan, MILESTONE_ATTRIBUTE, NO_WORDS, planWords } from '../data.js';
import { dialog, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { attributeInput, readAttribute } from './attribute-inputs.js';
import { formFields } from './form-fields.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').ActivityFields} ActivityFields */
/** @typedef {import('../types.js').Attributes} Attributes */
/** @typedef {import('../types.js').FieldError} FieldError */
/** @typedef {import('../types.js').PageContext} PageContext */

/**
 * The inputs of the activity's own fields, filled from `initial` when amending.
 * @param {PageContext} ctx
 * @param {Activity | null} initial
 */
function fieldInputs(ctx, initial) {
  const { activityRoles, limits } = meta();
  const category = h(
    'select',
    { id: 'f-category', name: 'category', required: true },
    h('option', { value: '' }, '请选择类别'),
    // A retired category takes no new record: offered only to the records already in it.
    /** @type {import('../import-admin-types.js').AdminCategory[]} */ (ctx.department.catalog)
      .filter((c) => !c.retired || c.code === initial?.category)
      .map((c) => h('option', { value: c.code, selected: initial?.category === c.code }, c.label)),
  );
  const title = h('input', { id: 'f-title', name: 'title', required: true, maxlength: limits.title, value: initial?.title ?? '' });
  const occurredOn = h('input', {
    id: 'f-occurredOn',
    name: 'occurredOn',
    type: 'date',
    required: true,
    value: initial?.occurredOn ?? '',
    min: `${ctx.year - 1}-01-01`,
    max: `${ctx.year + 1}-12-31`,
  });
  const role = h(
    'select',
    { id: 'f-role', name: 'role', required: true },
    h('option', { value: '' }, '请选择'),
    activityRoles.map((r) => h('option', { value: r, selected: initial?.role === r }, r)),
  );
  const notes = h('textarea', { id: 'f-notes', name: 'notes', rows: 3, maxlength: limits.notes });
  notes.value = initial?.notes ?? '';
  const parent = h('select', { id: 'f-parentId', name: 'parentId' }, h('option', { value: '' }, '（不属于某个项目）'));
  const measures = h('div', { class: 'checks', id: 'f-alsoCountsFor' });
  const backfill = h('input', { type: 'checkbox', id: 'f-backfill', name: 'backfill', checked: initial?.backfill === true });
  const moveToYear = h('input', { type: 'checkbox', id: 'f-moveToYear', name: 'moveToYear', 'data-testid': 'move-to-year' });
  return { category, title, occurredOn, role, notes, parent, measures, backfill, moveToYear };
}

/**
 * Fills the 所属项目 list: the category's activities that are not parts themselves.
 * @param {PageContext} ctx
 * @param {HTMLSelectElement} parent
 * @param {string} category
 * @param {Activity | null} initial
 */
async function loadParents(ctx, parent, category, initial) {
  try {
    const result = await activitiesPage(ctx, { category, pageSize: meta().limits.pageSize });
    const options = result.items.filter((a) => !a.parentId && a.id !== initial?.id);
    mount(
      parent,
      h('option', { value: '' }, '（不属于某个项目）'),
      options.map((a) => h('option', { value: a.id, selected: initial?.parentId === a.id }, `${a.occurredOn} ${a.title}`)),
    );
  } catch {
    // optional field: leave it empty
  }
}

/**
 * Fills the 同时计入 checkboxes with the plan's counted measures.
 * @param {Promise<import('../types.js').Plan>} loading
 * @param {HTMLElement} measures
 * @param {Activity | null} initial
 */
async function loadMeasures(loading, measures, initial) {
  try {
    const plan = await loading;
    const chosen = new Set(initial?.alsoCountsFor ?? []);
    mount(
      measures,
      plan.measures
        .filter((m) => m.kind !== 'measured')
        .map((m) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: m.code, checked: chosen.has(m.code) }), m.name)),
    );
  } catch {
    mount(measures, h('p', { class: 'muted small' }, '无法加载指标。'));
  }
}

/**
 * The body the form's fields make, and what is missing or wrong in it.
 * @param {PageContext} ctx
 * @param {ReturnType<typeof fieldInputs>} inputs
 * @param {Map<string, { input: HTMLElement }>} fields
 */
function formValues(ctx, inputs, fields) {
  /** @type {FieldError[]} */
  const errors = [];
  const { category, title, occurredOn, role, notes, parent, measures } = inputs;
  if (!category.value) errors.push({ field: 'category', reason: 'is required' });
  if (!title.value.trim()) errors.push({ field: 'title', reason: 'is required' });
  if (!occurredOn.value) errors.push({ field: 'occurredOn', reason: 'must be a date YYYY-MM-DD' });
  if (!role.value) errors.push({ field: 'role', reason: 'is required' });
  /** @type {Attributes} */
  const attributes = {};
  for (const a of categoryOf(ctx, category.value)?.attributes ?? []) {
    const input = fields.get(`attributes.${a.name}`)?.input;
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) continue;
    const { value, error } = readAttribute(a, input);
    if (error) errors.push({ field: `attributes.${a.name}`, reason: error });
    else if (value === undefined && a.required) errors.push({ field: `attributes.${a.name}`, reason: 'is required' });
    else if (value !== undefined) attributes[a.name] = value;
  }
  const checked = [...measures.querySelectorAll('input:checked')].flatMap((i) => (i instanceof HTMLInputElement ? [i.value] : []));
  /** @type {ActivityFields} */
  const body = {
    category: category.value,
    title: title.value.trim(),
    occurredOn: occurredOn.value,
    role: role.value,
    attributes,
    parentId: parent.value || null,
    alsoCountsFor: checked,
    notes: notes.value.trim() || null,
    backfill: inputs.backfill.checked,
  };
  return { errors, body };
}

/**
 * Builds the activity form; `onSubmit` gets the checked fields (and, amending, whether a new date
 * in another year is meant to move the record there), and its errors show on the form.
 * @param {PageContext} ctx
 * @param {{
 *   initial?: Activity | null,
 *   submitLabel: string,
 *   onSubmit: (body: ActivityFields, options: { moveToYear: boolean }) => Promise<void>,
 * }} options
 */
export function activityForm(ctx, { initial = null, submitLabel, onSubmit }) {
  const { fields, general, field, forget, clearErrors, showErrors } = formFields();
  const inputs = fieldInputs(ctx, initial);
  const attributesBox = h('div', { class: 'attributes' });
  /** @type {Attributes} The values entered so far, kept when the category changes. */
  const attributeValues = { ...(initial?.attributes ?? {}) };
  // The plan names the measures (同时计入) and the milestones a milestone activity reaches.
  const plan = fetchPlan(ctx);
  let words = NO_WORDS;

  function renderAttributes() {
    forget('attributes.');
    const spec = categoryOf(ctx, inputs.category.value);
    if (!spec) return mount(attributesBox, h('p', { class: 'muted small' }, '选择类别后填写该类别的属性。'));
    void loadParents(ctx, inputs.parent, spec.code, initial);
    if (spec.attributes.length === 0) return mount(attributesBox, h('p', { class: 'muted small' }, '该类别没有附加属性。'));
    mount(
      attributesBox,
      spec.attributes.map((a) => {
        const input = attributeInput(a, attributeValues[a.name], words);
        input.addEventListener('change', () => {
          const { value } = readAttribute(a, input);
          if (value === undefined) delete attributeValues[a.name];
          else attributeValues[a.name] = value;
        });
        return field(
          `attributes.${a.name}`,
          `${attributeLabel(a, a.name)}${a.required ? ' *' : ''}`,
          input,
          a.type === 'amount' ? '单位：万元' : null,
        );
      }),
    );
  }

  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'submit-activity' }, submitLabel);
  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    clearErrors();
    const { errors, body } = formValues(ctx, inputs, fields);
    const leaving = yearLeft();
    if (leaving && !inputs.moveToYear.checked)
      errors.push({
        field: 'occurredOn',
        reason: `新日期在 ${leaving.to} 年：记录将移出 ${leaving.from} 年度。如确需移动，请勾选“移出本年度”`,
      });
    if (errors.length) return showErrors(errors);
    button.disabled = true;
    try {
      await onSubmit(body, { moveToYear: leaving !== null && inputs.moveToYear.checked });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length) showErrors(error.fieldErrors);
      else general.textContent = statusOf(error) === 403 ? '当前账号无此操作权限。' : errorText(error);
    } finally {
      button.disabled = false;
    }
  }

  inputs.category.addEventListener('change', renderAttributes);

  // Amending: a date in another year moves the record out of its year, only when confirmed.
  const moveBox = h(
    'label',
    { class: 'check move-year', hidden: true },
    inputs.moveToYear,
    h('span', { 'data-testid': 'move-to-year-text' }),
  );
  /** The years a new date moves the record between, or null. */
  const yearLeft = () => {
    const from = initial ? Number(initial.occurredOn.slice(0, 4)) : null;
    const to = Number(inputs.occurredOn.value.slice(0, 4));
    return from !== null && to && to !== from ? { from, to } : null;
  };
  inputs.occurredOn.addEventListener('change', () => {
    const leaving = yearLeft();
    moveBox.hidden = leaving === null;
    if (!leaving) inputs.moveToYear.checked = false;
    else
      mount(
        /** @type {HTMLElement} */ (moveBox.lastElementChild),
        `移出本年度：确认将该记录从 ${leaving.from} 年度移至 ${leaving.to} 年度`,
      );
  });
  const form = h(
    'form',
    { class: 'activity-form', novalidate: true, onsubmit: submit },
    general,
    h(
      'div',
      { class: 'form-grid' },
      field('category', '类别 *', inputs.category),
      h('div', {}, field('occurredOn', '日期 *', inputs.occurredOn, '只知月份时填该月 1 日'), moveBox),
      field('title', '标题 *', inputs.title),
      field('role', '方式 *', inputs.role, meta().activityRoles.join('、')),
    ),
    h('fieldset', { class: 'attributes-set' }, h('legend', {}, '类别属性'), attributesBox),
    h(
      'details',
      { class: 'more' },
      h('summary', {}, '更多：所属项目、同时计入的指标、备注、补录'),
      field('parentId', '所属项目', inputs.parent, '一个项目由多项活动组成时，组成部分选择其所属项目（项目只计一次）'),
      field('alsoCountsFor', '同时计入的指标', inputs.measures, '一项活动同时计入另一个指标时勾选'),
      field('notes', '备注', inputs.notes),
      h('label', { class: 'check backfill' }, inputs.backfill, h('span', {}, '补录：事后补登的记录（登记再晚也不提示“登记过晚”）')),
    ),
    h('div', { class: 'form-actions' }, button),
  );
  renderAttributes();
  void loadMeasures(plan, inputs.measures, initial);
  plan
    .then((p) => {
      words = planWords(p);
      // A milestone's list needs the plan: draw the attributes again, keeping what was entered.
      if (categoryOf(ctx, inputs.category.value)?.attributes.some((a) => a.name === MILESTONE_ATTRIBUTE)) renderAttributes();
    })
    .catch(() => undefined);
  return form;
}

/** An Idempotency-Key: a retried submit records the activity once. */
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The record form in a dialog; `onRecorded` gets the new activity's id and what was sent.
 * @param {PageContext} ctx
 * @param {(activityId: string, body: Partial<ActivityFields> & { title: string, occurredOn: string }) => void} [onRecorded]
 */
export function openRecordForm(ctx, onRecorded) {
  const idempotencyKey = newKey();
  const form = activityForm(ctx, {
    submitLabel: '登记',
    onSubmit: async (body) => {
      /** @type {Partial<ActivityFields> & { title: string, occurredOn: string }} */
      const payload = { ...body };
      if (!payload.parentId) delete payload.parentId;
      if (!payload.notes) delete payload.notes;
      if (!payload.alsoCountsFor?.length) delete payload.alsoCountsFor;
      if (!payload.backfill) delete payload.backfill;
      /** @type {{ body: { activityId: string } }} */
      const { body: result } = await api(`${deptPath(ctx)}/activities`, {
        method: 'POST',
        body: payload,
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      dlg.close();
      toast(`已登记“${payload.title}”`, 'success');
      onRecorded?.(result.activityId, payload);
    },
  });
  const dlg = dialog('登记活动', form, { wide: true });
  form.querySelector('select')?.focus();
}
