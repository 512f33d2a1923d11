// @ts-check
// “三公”经费: the year's 三公 figures (from the server), the records behind them, a form to record
// a trip abroad, a reception batch, a vehicle cost or change, or a summary, and their withdrawal.

import { api, ApiError, can, getJson, query, statusOf } from '../api.js';
import { formFields } from '../components/form-fields.js';
import { reasonDialog } from '../components/reason-dialog.js';
import { fetchSangong, sangongTable } from '../components/sangong-panel.js';
import { deptPath } from '../data.js';
import { fmtNumber, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {{ id: string, kind: Kind, version: number, status: 'active' | 'withdrawn', total: number, countsOn: string, summary: boolean } & Record<string, unknown>} SangongRecord */
/** @typedef {'trip' | 'reception' | 'vehicle' | 'vehicle-cost' | 'summary'} Kind */
/**
 * A field of a kind's form: its api name, label, input type, and for a select its options.
 * @typedef {{ name: string, label: string, type: 'text' | 'date' | 'number' | 'amount' | 'select' | 'checkbox', options?: [string, string][], required?: boolean, hint?: string }} FieldSpec
 */

/** @type {Record<Kind, { label: string, path: string }>} */
const KINDS = {
  trip: { label: '因公出国（境）团组', path: 'trips' },
  reception: { label: '公务接待', path: 'receptions' },
  'vehicle-cost': { label: '公务用车费用', path: 'vehicle-costs' },
  vehicle: { label: '公务用车登记', path: 'vehicles' },
  summary: { label: '汇总录入', path: 'summaries' },
};

/** @type {[string, string][]} */
const LINES = [
  ['tripsAbroad', '因公出国（境）费'],
  ['vehiclePurchase', '公务用车购置费'],
  ['vehicleRunning', '公务用车运行维护费'],
  ['receptions', '公务接待费'],
];

/** The fields of each kind's form (amounts in 万元). @type {Record<Kind, FieldSpec[]>} */
const FIELDS = {
  trip: [
    { name: 'title', label: '团组名称', type: 'text', required: true },
    { name: 'purpose', label: '出访任务', type: 'text', required: true },
    { name: 'departureOn', label: '出发日期', type: 'date', required: true },
    { name: 'returnOn', label: '回国日期', type: 'date', required: true },
    { name: 'country', label: '出访国家（地区）', type: 'text', required: true, hint: '多个国家用“、”分隔' },
    { name: 'persons', label: '团组人数', type: 'number', required: true },
    { name: 'approvalRef', label: '批件号', type: 'text' },
    { name: 'fundingProject', label: '经费来源项目', type: 'text' },
    { name: 'costs.internationalTravel', label: '国际旅费', type: 'amount' },
    { name: 'costs.accommodation', label: '住宿费', type: 'amount' },
    { name: 'costs.meals', label: '伙食费', type: 'amount' },
    { name: 'costs.incidentals', label: '公杂费', type: 'amount' },
    { name: 'costs.other', label: '其他', type: 'amount' },
  ],
  reception: [
    { name: 'receivedOn', label: '接待日期', type: 'date', required: true },
    { name: 'visitingParty', label: '来访单位（团组）', type: 'text', required: true },
    { name: 'foreign', label: '外事接待（外宾）', type: 'checkbox' },
    { name: 'persons', label: '接待人数', type: 'number', required: true },
    { name: 'accompanying', label: '陪同人数', type: 'number' },
    { name: 'listRef', label: '接待清单编号', type: 'text' },
    { name: 'costs.meals', label: '餐费', type: 'amount' },
    { name: 'costs.accommodation', label: '住宿费', type: 'amount' },
    { name: 'costs.transport', label: '交通费', type: 'amount' },
    { name: 'costs.other', label: '其他', type: 'amount' },
  ],
  'vehicle-cost': [
    { name: 'line', label: '费用类别', type: 'select', options: LINES.filter(([k]) => k.startsWith('vehicle')), required: true },
    { name: 'postedOn', label: '支出日期', type: 'date', required: true },
    { name: 'plate', label: '车牌号', type: 'text' },
    { name: 'costs.purchase', label: '购置费（含购置税、牌照费）', type: 'amount' },
    { name: 'costs.fuel', label: '燃料费', type: 'amount' },
    { name: 'costs.repair', label: '维修费', type: 'amount' },
    { name: 'costs.insurance', label: '保险费', type: 'amount' },
    { name: 'costs.tolls', label: '过路过桥费', type: 'amount' },
    { name: 'costs.other', label: '其他', type: 'amount' },
  ],
  vehicle: [
    {
      name: 'change',
      label: '变动',
      type: 'select',
      options: [
        ['acquired', '新增'],
        ['disposed', '处置'],
      ],
      required: true,
    },
    {
      name: 'vehicleKind',
      label: '车辆类别',
      type: 'select',
      options: [
        ['confidential', '机要通信用车'],
        ['emergency', '应急保障用车'],
        ['retired-cadres', '离退休干部用车'],
        ['other', '其他'],
      ],
      required: true,
    },
    { name: 'plate', label: '车牌号或名称', type: 'text', required: true },
    { name: 'occurredOn', label: '日期', type: 'date', required: true },
  ],
  summary: [
    { name: 'line', label: '项目', type: 'select', options: LINES, required: true },
    { name: 'periodStart', label: '期初', type: 'date', required: true },
    { name: 'periodEnd', label: '期末（从这一天起计入）', type: 'date', required: true },
    { name: 'cost', label: '支出', type: 'amount', required: true },
    { name: 'groups', label: '团组数 / 接待批次', type: 'number' },
    { name: 'persons', label: '人次 / 接待人数', type: 'number' },
    { name: 'foreignGroups', label: '其中外事接待批次', type: 'number' },
    { name: 'foreignPersons', label: '其中外事接待人数', type: 'number' },
    { name: 'vehiclesHeld', label: '期末公务用车保有量（辆）', type: 'number' },
  ],
};

/**
 * What a record is about, in a line.
 * @param {SangongRecord} r
 */
function describe(r) {
  const text = (/** @type {string} */ key) => (typeof r[key] === 'string' ? /** @type {string} */ (r[key]) : '');
  switch (r.kind) {
    case 'trip':
      return `${text('title')}（${r.persons} 人）${r.approvalRef ? '' : '，未填批件号'}`;
    case 'reception':
      return `${text('visitingParty')}（${r.foreign ? '外事接待' : '国内接待'}，${r.persons} 人）`;
    case 'vehicle':
      return `${r.change === 'acquired' ? '新增' : '处置'} ${text('plate')}`;
    case 'vehicle-cost':
      return `${LINES.find(([k]) => k === r.line)?.[1] ?? ''} ${text('plate')}`;
    case 'summary':
      return `${LINES.find(([k]) => k === r.line)?.[1] ?? ''}（${text('periodStart')} 至 ${text('periodEnd')}）`;
  }
}

/**
 * The form's body for the api: text trimmed, numbers as numbers, costs nested, empty fields left out.
 * @param {Kind} kind
 * @param {Map<string, HTMLInputElement | HTMLSelectElement>} inputs
 */
function bodyOf(kind, inputs) {
  /** @type {Record<string, unknown>} */
  const body = {};
  /** @type {Record<string, number>} */
  const costs = {};
  for (const spec of FIELDS[kind]) {
    const input = inputs.get(spec.name);
    if (!input) continue;
    if (spec.type === 'checkbox') {
      body[spec.name] = /** @type {HTMLInputElement} */ (input).checked;
      continue;
    }
    const raw = input.value.trim();
    if (raw === '') continue;
    const value = spec.type === 'number' || spec.type === 'amount' ? Number(raw) : raw;
    if (spec.name.startsWith('costs.')) costs[spec.name.slice('costs.'.length)] = /** @type {number} */ (value);
    else if (spec.name === 'country')
      body.destinations = raw
        .split(/[、,，]/)
        .filter(Boolean)
        .map((country) => ({ country: country.trim() }));
    else body[spec.name] = value;
  }
  if (kind === 'trip' || kind === 'reception' || kind === 'vehicle-cost') body.costs = costs;
  return body;
}

/**
 * The record form of one kind; `onSaved` after a record is stored.
 * @param {PageContext} ctx
 * @param {Kind} kind
 * @param {() => void} onSaved
 */
function recordForm(ctx, kind, onSaved) {
  const form = formFields();
  /** @type {Map<string, HTMLInputElement | HTMLSelectElement>} */
  const inputs = new Map();
  const controls = FIELDS[kind].map((spec) => {
    const id = `sg-${spec.name.replace(/\W/g, '-')}`;
    /** @type {HTMLInputElement | HTMLSelectElement} */
    const input =
      spec.type === 'select'
        ? h(
            'select',
            { id, required: spec.required ?? null },
            (spec.options ?? []).map(([value, label]) => h('option', { value }, label)),
          )
        : h('input', {
            id,
            type: spec.type === 'amount' ? 'number' : spec.type,
            step: spec.type === 'amount' ? '0.000001' : spec.type === 'number' ? '1' : null,
            min: spec.type === 'amount' || spec.type === 'number' ? '0' : null,
            required: spec.required ?? null,
          });
    inputs.set(spec.name, input);
    return form.field(
      spec.name === 'country' ? 'destinations' : spec.name,
      spec.label,
      input,
      spec.type === 'amount' ? '单位：万元' : spec.hint,
    );
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'save-sangong' }, '登记');
  return h(
    'form',
    {
      class: 'panel sangong-form',
      novalidate: true,
      'data-testid': 'sangong-form',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        form.clearErrors();
        submit.disabled = true;
        try {
          await api(`${deptPath(ctx)}/sangong/${KINDS[kind].path}`, { method: 'POST', body: bodyOf(kind, inputs) });
          toast(`已登记${KINDS[kind].label}`, 'success');
          onSaved();
        } catch (error) {
          if (error instanceof ApiError && statusOf(error) === 400 && error.fieldErrors.length) form.showErrors(error.fieldErrors);
          else form.general.textContent = statusOf(error) === 403 ? '当前账号无权登记“三公”记录。' : errorText(error);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', {}, `登记${KINDS[kind].label}`),
    form.general,
    h('div', { class: 'form-grid' }, controls),
    h('div', { class: 'form-actions' }, submit),
  );
}

/**
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const mayRecord = can(ctx.department.code, 'staff') || can(ctx.department.code, 'finance');
  const figures = h('section', { class: 'panel', 'aria-busy': 'true' });
  const records = h('section', { class: 'panel' });
  const formBox = h('div', {});
  const kind = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'sg-kind', 'data-testid': 'sangong-kind' },
      Object.entries(KINDS).map(([value, { label }]) => h('option', { value }, label)),
    )
  );

  async function load() {
    try {
      const view = await fetchSangong(ctx, { asOf: ctx.params.get('asOf') ?? undefined });
      figures.removeAttribute('aria-busy');
      mount(figures, h('h2', {}, `${ctx.year} 年度“三公”经费（万元）`), ...sangongTable(view));
    } catch (error) {
      mount(figures, h('p', { class: 'empty' }, `加载失败：${errorText(error)}`));
    }
    try {
      /** @type {{ items: SangongRecord[], total: number }} */
      const page = await getJson(`${deptPath(ctx)}/sangong${query({ year: ctx.year, status: 'all', pageSize: 200 })}`);
      mount(
        records,
        h('h2', {}, `登记的“三公”记录（${page.total} 条）`),
        page.items.length === 0
          ? h('p', { class: 'empty' }, '本年度尚无“三公”记录。')
          : h(
              'div',
              { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': '登记的“三公”记录' },
              h(
                'table',
                { class: 'grid', 'data-testid': 'sangong-records' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ['计入日期', '类别', '内容', '金额（万元）', '状态', ...(mayRecord ? ['操作'] : [])].map((c) =>
                      h('th', { scope: 'col' }, c),
                    ),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  page.items.map((r) =>
                    h(
                      'tr',
                      { class: r.status === 'withdrawn' ? 'withdrawn' : '' },
                      h('td', {}, r.countsOn),
                      h('td', {}, KINDS[r.kind].label),
                      h('td', {}, describe(r)),
                      h('td', { class: 'num' }, r.kind === 'vehicle' ? '—' : fmtNumber(r.total, 2)),
                      h('td', {}, r.status === 'withdrawn' ? '已撤回' : '有效'),
                      mayRecord ? h('td', { class: 'actions' }, correction(r)) : null,
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      mount(records, h('p', { class: 'empty' }, `加载失败：${errorText(error)}`));
    }
  }

  /** @param {SangongRecord} r */
  function correction(r) {
    const withdraw = r.status === 'active';
    return h(
      'button',
      {
        type: 'button',
        class: withdraw ? 'link danger' : 'link',
        onclick: () =>
          reasonDialog(withdraw ? '撤回' : '恢复', withdraw ? '撤回原因' : '恢复原因（可不填）', withdraw, async (reason, box) => {
            await api(`${deptPath(ctx)}/sangong/${encodeURIComponent(r.id)}/${withdraw ? 'withdraw' : 'restore'}`, {
              method: 'POST',
              body: withdraw || reason ? { reason } : {},
              headers: { 'If-Match': `"${r.version}"` },
            });
            box.close();
            toast(withdraw ? '已撤回' : '已恢复', 'success');
            reload();
          }),
      },
      withdraw ? '撤回' : '恢复',
    );
  }

  // The list reads the read models, a moment behind the append: read again shortly after.
  const reload = () => setTimeout(() => void load(), 800);
  const showForm = () => mount(formBox, recordForm(ctx, /** @type {Kind} */ (kind.value), reload));
  kind.addEventListener('change', showForm);
  mount(
    container,
    h('h1', {}, '“三公”经费'),
    figures,
    mayRecord ? h('div', { class: 'field inline-field' }, h('label', { for: 'sg-kind' }, '登记类别'), kind) : null,
    mayRecord ? formBox : null,
    records,
  );
  if (mayRecord) showForm();
  void load();
}
