import { api, ApiError, can, getJson, getSession, liveUpdates, query } from '../api.js';
import { attributeText, categoryLabel, deptPath } from '../data.js';
import { debounce, dialog, fmtTime, h, mount, toast } from '../dom.js';
import { EVENT_NAMES, FIELD_NAMES, reasonZh, ROLES, STATUS } from '../labels.js';

const PAGE_SIZE = 50;

/** 活动登记: the filterable, paged log and the record form. */
export function render(container, ctx) {
  const p = ctx.params;
  const filters = {
    category: p.get('category') ?? '',
    month: p.get('month') ?? '',
    role: p.get('role') ?? '',
    q: p.get('q') ?? '',
    status: p.get('status') ?? 'active',
    page: Number(p.get('page') ?? 1) || 1,
  };
  const list = h('div', { class: 'list' });
  // Activities recorded on this page: the list is in date order, so a new one may be pages away.
  const recent = [];
  const recentBox = h('div', { class: 'recent', 'data-testid': 'recent', hidden: true });
  const showRecent = () => {
    recentBox.hidden = recent.length === 0;
    mount(recentBox, h('strong', {}, '刚刚登记：'), recent.map((r) =>
      h('span', { class: 'recent-item' }, h('button', { type: 'button', class: 'link-button', onclick: () => openActivity(ctx, r.id, () => void load()) }, r.title), ` ${r.occurredOn}`)));
  };
  const pager = h('div', { class: 'pager' });
  const totalText = h('span', { class: 'muted' });

  const select = (name, label, options) =>
    h('label', { class: 'filter' }, h('span', {}, label),
      h('select', { name, 'data-testid': `filter-${name}`, onchange: (e) => setFilter(name, e.target.value) },
        options.map(([value, text]) => h('option', { value, selected: String(filters[name]) === String(value) }, text)),
      ),
    );
  const text = h('input', { type: 'search', name: 'q', value: filters.q, placeholder: '标题包含…', maxlength: 100, 'data-testid': 'filter-q' });
  text.addEventListener('input', debounce(() => setFilter('q', text.value.trim()), 350));

  function setFilter(name, value) {
    filters[name] = value;
    filters.page = 1;
    ctx.setParams({ [name]: value || undefined, page: undefined });
    void load();
  }

  mount(
    container,
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, `${ctx.year} 年活动登记`), h('p', { class: 'muted' }, '每一项活动都是记录在案的事实；修改和撤回会保留完整历史。')),
      h('div', { class: 'head-controls' }, !can(ctx.department.code, 'staff') ? h('span', { class: 'muted small' }, '登记活动需经办人员权限') : h('button', { type: 'button', class: 'primary', 'data-testid': 'new-activity', onclick: () => openRecordForm(ctx, (result, body) => {
        recent.unshift({ id: result.activityId, title: body.title, occurredOn: body.occurredOn });
        recent.splice(5);
        showRecent();
        void load();
      }) }, '＋ 登记活动')),
    ),
    h('section', { class: 'panel' },
      h('div', { class: 'filters' },
        select('category', '类别', [['', '全部类别'], ...ctx.department.catalog.map((c) => [c.code, c.label])]),
        select('month', '月份', [['', '全年'], ...Array.from({ length: 12 }, (_, i) => [String(i + 1), `${i + 1} 月`])]),
        select('role', '方式', [['', '全部'], ...ROLES.map((r) => [r, r])]),
        select('status', '状态', [['active', '有效'], ['withdrawn', '已撤回'], ['all', '全部']]),
        h('label', { class: 'filter grow' }, h('span', {}, '搜索'), text),
        totalText,
      ),
      recentBox,
      list,
      pager,
    ),
  );

  let latest = 0;
  async function load() {
    // A slow answer to an older request (e.g. a live refresh) must not overwrite a newer one.
    const mine = ++latest;
    try {
      const result = await getJson(
        `${deptPath(ctx)}/activities${query({ year: ctx.year, category: filters.category, month: filters.month, role: filters.role, q: filters.q, status: filters.status, page: filters.page, pageSize: PAGE_SIZE })}`,
      );
      if (mine === latest) renderList(result);
    } catch (error) {
      if (error.status !== 401) mount(list, h('p', { class: 'form-error' }, `加载失败：${error.message}`));
    }
  }

  function renderList(result) {
    totalText.textContent = `共 ${result.total} 项`;
    if (result.items.length === 0) {
      mount(list, h('p', { class: 'empty' }, '没有符合条件的活动。'));
    } else {
      mount(
        list,
        h('table', { class: 'grid activity-table', 'data-testid': 'activity-table' },
          h('thead', {}, h('tr', {}, ['日期', '活动', '类别', '方式', '属性', '状态', '版本'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {},
            result.items.map((a) =>
              h('tr', { class: a.status === 'withdrawn' ? 'withdrawn' : '', dataset: { id: a.id } },
                h('td', { class: 'nowrap' }, a.occurredOn),
                h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: () => openActivity(ctx, a.id, () => void load()) }, a.title), a.parentId ? h('span', { class: 'muted small' }, '（项目组成部分）') : null),
                h('td', {}, categoryLabel(ctx, a.category)),
                h('td', { class: 'nowrap' }, a.role),
                h('td', { class: 'small' }, attributeSummary(ctx, a)),
                h('td', { class: 'nowrap' }, h('span', { class: `badge ${a.status === 'withdrawn' ? 'muted-badge' : 'good'}` }, STATUS[a.status] ?? a.status)),
                h('td', { class: 'num' }, String(a.version)),
              ),
            ),
          ),
        ),
      );
    }
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const go = (page) => {
      filters.page = page;
      ctx.setParams({ page: page > 1 ? page : undefined });
      void load();
    };
    mount(pager,
      h('button', { type: 'button', class: 'secondary small', disabled: result.page <= 1, onclick: () => go(result.page - 1) }, '上一页'),
      h('span', {}, `第 ${result.page} / ${pages} 页`),
      h('button', { type: 'button', class: 'secondary small', disabled: result.page >= pages, onclick: () => go(result.page + 1) }, '下一页'),
    );
  }

  const refresh = debounce(() => void load(), 300);
  const live = liveUpdates(ctx.department.code, { onProjected: (n) => n.projection === 'activities' && refresh(), onReconnect: refresh });
  void load();
  return () => live.close();
}

function attributeSummary(ctx, a) {
  const spec = ctx.department.catalog.find((c) => c.code === a.category);
  return Object.entries(a.attributes ?? {})
    .map(([name, value]) => {
      const s = spec?.attributes.find((x) => x.name === name);
      return `${s?.label ?? name}：${attributeText(s, value)}`;
    })
    .join('；');
}

// --- the form (record and amend) --------------------------------------------------------------

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Builds the activity form. Attribute inputs follow the chosen category's attributes (from the
 * department's catalog); errors show beside the field they name.
 */
function activityForm(ctx, { initial = null, submitLabel, onSubmit }) {
  const fields = new Map();
  const general = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' });
  const field = (name, label, input, hint) => {
    const error = h('p', { class: 'field-error', id: `err-${name.replace(/\W/g, '-')}`, 'aria-live': 'polite' });
    input.setAttribute('aria-describedby', error.id);
    const wrap = h('div', { class: 'field', dataset: { field: name } }, h('label', { for: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null, error);
    fields.set(name, { wrap, error, input });
    return wrap;
  };

  const category = h('select', { id: 'f-category', name: 'category', required: true },
    h('option', { value: '' }, '请选择类别'),
    ctx.department.catalog.map((c) => h('option', { value: c.code, selected: initial?.category === c.code }, c.label)),
  );
  const title = h('input', { id: 'f-title', name: 'title', required: true, maxlength: 300, value: initial?.title ?? '' });
  const occurredOn = h('input', { id: 'f-occurredOn', name: 'occurredOn', type: 'date', required: true, value: initial?.occurredOn ?? '', min: `${ctx.year - 1}-01-01`, max: `${ctx.year + 1}-12-31` });
  const role = h('select', { id: 'f-role', name: 'role', required: true }, h('option', { value: '' }, '请选择'), ROLES.map((r) => h('option', { value: r, selected: initial?.role === r }, r)));
  const notes = h('textarea', { id: 'f-notes', name: 'notes', rows: 3, maxlength: 5000 });
  notes.value = initial?.notes ?? '';
  const parent = h('select', { id: 'f-parentId', name: 'parentId' }, h('option', { value: '' }, '（不属于某个项目）'));
  const measures = h('div', { class: 'checks', id: 'f-alsoCountsFor' });
  const attributesBox = h('div', { class: 'attributes' });
  let attributeValues = { ...(initial?.attributes ?? {}) };

  function renderAttributes() {
    for (const key of [...fields.keys()]) if (key.startsWith('attributes.')) fields.delete(key);
    const spec = ctx.department.catalog.find((c) => c.code === category.value);
    if (!spec) return mount(attributesBox, h('p', { class: 'muted small' }, '选择类别后填写该类别的属性。'));
    if (spec.attributes.length === 0) return mount(attributesBox, h('p', { class: 'muted small' }, '该类别没有附加属性。'));
    mount(attributesBox, spec.attributes.map((a) => attributeField(a)));
    void loadParents(spec.code);
  }

  function attributeField(a) {
    const id = `f-attr-${a.name}`;
    const value = attributeValues[a.name];
    let input;
    if (a.type === 'enum') {
      input = h('select', { id, name: a.name }, h('option', { value: '' }, a.required ? '请选择' : '（不填）'), Object.entries(a.options ?? {}).map(([v, t]) => h('option', { value: v, selected: value === v }, t)));
    } else if (a.type === 'boolean') {
      input = h('select', { id, name: a.name }, h('option', { value: '' }, '（不填）'), h('option', { value: 'true', selected: value === true }, '是'), h('option', { value: 'false', selected: value === false }, '否'));
    } else if (a.type === 'integer' || a.type === 'amount') {
      input = h('input', { id, name: a.name, type: 'number', min: 0, step: a.type === 'integer' ? 1 : 0.01, inputmode: a.type === 'integer' ? 'numeric' : 'decimal', value: value ?? '' });
    } else {
      input = h('input', { id, name: a.name, maxlength: 500, value: value ?? '' });
    }
    input.addEventListener('change', () => (attributeValues[a.name] = readAttribute(a, input).value));
    input.dataset.attribute = a.name;
    return field(`attributes.${a.name}`, `${a.label}${a.required ? ' *' : ''}`, input, a.type === 'amount' ? '单位：万元' : null);
  }

  function readAttribute(a, input) {
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

  async function loadParents(code) {
    try {
      const result = await getJson(`${deptPath(ctx)}/activities${query({ year: ctx.year, category: code, pageSize: 200 })}`);
      const options = result.items.filter((a) => !a.parentId && a.id !== initial?.id);
      mount(parent, h('option', { value: '' }, '（不属于某个项目）'), options.map((a) => h('option', { value: a.id, selected: initial?.parentId === a.id }, `${a.occurredOn} ${a.title}`)));
    } catch {
      // optional field: leave it empty
    }
  }

  async function loadMeasures() {
    try {
      const plan = await getJson(`${deptPath(ctx)}/years/${ctx.year}/plan`);
      const chosen = new Set(initial?.alsoCountsFor ?? []);
      mount(measures, plan.measures.filter((m) => m.kind !== 'measured').map((m) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', value: m.code, checked: chosen.has(m.code) }), m.name),
      ));
    } catch {
      mount(measures, h('p', { class: 'muted small' }, '无法加载指标。'));
    }
  }

  category.addEventListener('change', () => {
    renderAttributes();
  });

  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'submit-activity' }, submitLabel);
  const form = h('form', { class: 'activity-form', novalidate: true, onsubmit: submit },
    general,
    h('div', { class: 'form-grid' },
      field('category', '类别 *', category),
      field('occurredOn', '日期 *', occurredOn, '只知月份时填该月 1 日'),
      field('title', '标题 *', title),
      field('role', '方式 *', role, '主办、承办、协办、配合、联合'),
    ),
    h('fieldset', { class: 'attributes-set' }, h('legend', {}, '类别属性'), attributesBox),
    h('details', { class: 'more' },
      h('summary', {}, '更多：所属项目、同时计入的指标、备注'),
      field('parentId', '所属项目', parent, '一个项目由多项活动组成时，组成部分选择其所属项目（项目只计一次）'),
      field('alsoCountsFor', '同时计入的指标', measures, '一项活动同时计入另一个指标时勾选'),
      field('notes', '备注', notes),
    ),
    h('div', { class: 'form-actions' }, button),
  );
  renderAttributes();
  void loadMeasures();

  function clearErrors() {
    general.textContent = '';
    for (const { wrap, error } of fields.values()) {
      wrap.classList.remove('invalid');
      error.textContent = '';
    }
  }

  /** Shows each reason beside its field; reasons for fields not on the form go to the top. */
  function showErrors(errors) {
    const rest = [];
    let first = null;
    for (const e of errors) {
      const target = fields.get(e.field) ?? (e.field?.startsWith('attributes.') ? null : fields.get(e.field?.split('.')[0]));
      if (target) {
        target.wrap.classList.add('invalid');
        target.error.textContent = target.error.textContent ? `${target.error.textContent}；${reasonZh(e.reason)}` : reasonZh(e.reason);
        target.error.title = e.reason;
        if (target.wrap.closest('details')) target.wrap.closest('details').open = true;
        first ??= target.input;
      } else {
        rest.push(`${FIELD_NAMES[e.field] ?? e.field}：${reasonZh(e.reason)}`);
      }
    }
    if (rest.length) general.textContent = rest.join('；');
    first?.focus?.();
  }

  function values() {
    const errors = [];
    const spec = ctx.department.catalog.find((c) => c.code === category.value);
    if (!category.value) errors.push({ field: 'category', reason: 'is required' });
    if (!title.value.trim()) errors.push({ field: 'title', reason: 'is required' });
    if (!occurredOn.value) errors.push({ field: 'occurredOn', reason: 'must be a date YYYY-MM-DD' });
    if (!role.value) errors.push({ field: 'role', reason: 'is required' });
    const attributes = {};
    for (const a of spec?.attributes ?? []) {
      const input = fields.get(`attributes.${a.name}`)?.input;
      if (!input) continue;
      const { value, error } = readAttribute(a, input);
      if (error) errors.push({ field: `attributes.${a.name}`, reason: error });
      else if (value === undefined && a.required) errors.push({ field: `attributes.${a.name}`, reason: 'is required' });
      else if (value !== undefined) attributes[a.name] = value;
    }
    return {
      errors,
      body: {
        category: category.value,
        title: title.value.trim(),
        occurredOn: occurredOn.value,
        role: role.value,
        attributes,
        parentId: parent.value || null,
        alsoCountsFor: [...measures.querySelectorAll('input:checked')].map((i) => i.value),
        notes: notes.value.trim() || null,
      },
    };
  }

  async function submit(event) {
    event.preventDefault();
    clearErrors();
    const { errors, body } = values();
    if (errors.length) return showErrors(errors);
    button.disabled = true;
    try {
      await onSubmit(body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length) showErrors(error.fieldErrors);
      else general.textContent = error.status === 403 ? '当前账号无此操作权限' : error.message;
    } finally {
      button.disabled = false;
    }
  }

  return { form, showGeneral: (text) => (general.textContent = text) };
}

/** The record form in a dialog. */
export function openRecordForm(ctx, onRecorded) {
  const idempotencyKey = newKey();
  let dlg = null;
  const { form } = activityForm(ctx, {
    submitLabel: '登记',
    onSubmit: async (body) => {
      const payload = { ...body };
      if (!payload.parentId) delete payload.parentId;
      if (!payload.notes) delete payload.notes;
      if (payload.alsoCountsFor.length === 0) delete payload.alsoCountsFor;
      const { body: result } = await api(`${deptPath(ctx)}/activities`, { method: 'POST', body: payload, headers: { 'Idempotency-Key': idempotencyKey } });
      dlg.close();
      toast(`已登记“${payload.title}”`, 'success');
      onRecorded?.(result, payload);
    },
  });
  dlg = dialog('登记活动', form, { wide: true });
  form.querySelector('#f-category')?.focus();
}

// --- one activity: details, amend, withdraw, restore, history --------------------------------

/** Opens an activity: its fields, its history, and the corrections staff may make. */
export function openActivity(ctx, id, onChanged) {
  const body = h('div', { class: 'activity-detail' }, h('p', {}, '正在加载…'));
  const dlg = dialog('活动详情', body, { wide: true });
  let current = null;
  let version = null;

  /** Loads the activity; after a command, waits (briefly) until the read model has its version. */
  async function load(attempt = 0, atLeast = 0) {
    try {
      const { body: activity, headers } = await api(`${deptPath(ctx)}/activities/${encodeURIComponent(id)}`);
      if (activity.version < atLeast && attempt < 30) {
        setTimeout(() => void load(attempt + 1, atLeast), 300);
        return;
      }
      current = activity;
      version = Number((headers.get('etag') ?? `"${activity.version}"`).replace(/\D/g, '')) || activity.version;
      // Every role of the department may read the history (who, when, what changed).
      const history = await getJson(`${deptPath(ctx)}/activities/${encodeURIComponent(id)}/history`).catch((error) =>
        error.status === 403 ? null : Promise.reject(error),
      );
      show(history);
    } catch (error) {
      // Just recorded: the read model catches up within a moment.
      if (error.status === 404 && attempt < 10) return setTimeout(() => void load(attempt + 1, atLeast), 500);
      mount(body, h('p', { class: 'form-error' }, error.status === 404 ? '未找到该活动。' : `加载失败：${error.message}`));
    }
  }

  function show(history) {
    const a = current;
    const spec = ctx.department.catalog.find((c) => c.code === a.category);
    const message = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'activity-message' });
    const actions = !can(ctx.department.code, 'staff') ? null : h('div', { class: 'form-actions left' },
      a.status === 'active'
        ? [
            h('button', { type: 'button', class: 'secondary', 'data-testid': 'amend', onclick: () => amend(message) }, '修改'),
            h('button', { type: 'button', class: 'danger', 'data-testid': 'withdraw', onclick: () => withdraw(message) }, '撤回'),
          ]
        : h('button', { type: 'button', class: 'secondary', 'data-testid': 'restore', onclick: () => restore(message) }, '恢复'),
    );
    mount(
      body,
      h('h3', { class: 'detail-title' }, a.title, ' ', h('span', { class: `badge ${a.status === 'withdrawn' ? 'muted-badge' : 'good'}` }, STATUS[a.status])),
      h('dl', { class: 'facts' },
        fact('类别', categoryLabel(ctx, a.category)),
        fact('日期', a.occurredOn),
        fact('方式', a.role),
        (spec?.attributes ?? []).map((s) => fact(s.label, attributeText(s, a.attributes?.[s.name]))),
        a.parentId ? fact('所属项目', h('button', { type: 'button', class: 'link-button', onclick: () => { dlg.close(); openActivity(ctx, a.parentId, onChanged); } }, '查看所属项目')) : null,
        a.alsoCountsFor?.length ? fact('同时计入', a.alsoCountsFor.join('、')) : null,
        a.notes ? fact('备注', a.notes) : null,
        a.status === 'withdrawn' ? fact('撤回原因', a.withdrawnReason ?? '') : null,
        fact('登记', `${fmtTime(a.recordedAt)} ${actorName(a.recordedBy)}`),
        fact('版本', String(version)),
      ),
      message,
      actions,
      h('h3', {}, '修改历史'),
      history ? historyTable(ctx, history) : h('p', { class: 'muted small' }, '修改历史（谁在何时改了什么）由审计人员查看。'),
    );
  }

  /**
   * Sends a correction of the version shown (If-Match). A 409 closes the dialog and explains the
   * conflict; other errors stay in the dialog for it to show.
   */
  async function correct(suffix, method, body, box, done, message) {
    let result;
    try {
      ({ body: result } = await api(`${deptPath(ctx)}/activities/${encodeURIComponent(id)}${suffix}`, { method, body, headers: { 'If-Match': `"${version}"` } }));
    } catch (error) {
      if (error.status === 409) {
        box.close();
        conflict(error, message);
        return;
      }
      throw error;
    }
    box.close();
    toast(done, 'success');
    onChanged?.();
    void load(0, result.version);
  }

  function conflict(error, message) {
    if (error.status === 409) {
      const now = error.body?.currentVersion;
      mount(message,
        now ? `该活动已被他人修改（当前为第 ${now} 版，您看到的是第 ${version} 版），您的修改未保存。` : `操作未完成：${error.message}`,
        ' ',
        h('button', { type: 'button', class: 'link-button', onclick: () => void load(0, now ?? 0) }, '重新加载最新版本'),
      );
      return true;
    }
    return false;
  }

  function amend(message) {
    const { form } = activityForm(ctx, {
      initial: current,
      submitLabel: '保存修改',
      onSubmit: async (values) => {
        const changes = {};
        for (const key of ['category', 'title', 'occurredOn', 'role', 'notes']) {
          if ((values[key] ?? null) !== (current[key] ?? null)) changes[key] = values[key] ?? '';
        }
        if (JSON.stringify(values.attributes) !== JSON.stringify(current.attributes ?? {}) || changes.category) changes.attributes = values.attributes;
        if ((values.parentId ?? null) !== (current.parentId ?? null)) changes.parentId = values.parentId ?? null;
        if (JSON.stringify(values.alsoCountsFor) !== JSON.stringify(current.alsoCountsFor ?? [])) changes.alsoCountsFor = values.alsoCountsFor;
        if (Object.keys(changes).length === 0) throw new ApiError(400, { errors: [{ field: 'changes', reason: 'nothing would change' }] });
        await correct('', 'PATCH', changes, editor, '已保存修改', message);
      },
    });
    const editor = dialog('修改活动', form, { wide: true });
  }

  function reasonDialog(title, label, required, onConfirm) {
    const reason = h('textarea', { id: 'f-reason', rows: 3, maxlength: 1000, required });
    const error = h('p', { class: 'field-error', 'data-testid': 'reason-error' });
    const button = h('button', { type: 'submit', class: required ? 'danger' : 'primary', 'data-testid': 'confirm-reason' }, title);
    const form = h('form', { novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
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
        error.textContent = err.status === 400 ? (err.fieldErrors.map((f) => reasonZh(f.reason)).join('；') || err.message) : err.status === 403 ? '当前账号无此操作权限' : err.message;
      } finally {
        button.disabled = false;
      }
    } },
      h('div', { class: 'field' }, h('label', { for: 'f-reason' }, label), reason, error),
      h('div', { class: 'form-actions' }, button),
    );
    const box = dialog(title, form);
    reason.focus();
  }

  function withdraw(message) {
    reasonDialog('撤回', '撤回原因 *（撤回后不再计入统计，历史中保留）', true, (reason, box) =>
      correct('/withdraw', 'POST', { reason }, box, '已撤回', message),
    );
  }

  function restore(message) {
    reasonDialog('恢复', '恢复原因（可不填）', false, (reason, box) =>
      correct('/restore', 'POST', reason ? { reason } : {}, box, '已恢复', message),
    );
  }

  void load();
  return dlg;
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who acted: the signed-in user by name, the importer and the API by what they are, others by id. */
function actorName(actor) {
  if (!actor) return '';
  const me = getSession()?.user;
  if (me && (actor === me.id || actor === me.username)) return `${me.displayName || me.username}（本人）`;
  if (actor === 'import') return '数据导入';
  if (actor === 'api') return '系统接口';
  if (UUID.test(actor)) return `用户 ${actor.slice(0, 8)}`;
  try {
    return decodeURIComponent(actor);
  } catch {
    return actor;
  }
}

function valueText(value, spec) {
  if (value === null || value === undefined || value === '') return '（空）';
  if (spec) return attributeText(spec, value);
  if (Array.isArray(value)) return value.length ? value.join('、') : '（空）';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Who, when, what changed: one row per event of the activity's stream. */
function historyTable(ctx, history) {
  const describe = (e) => {
    const d = e.data ?? {};
    const specOf = (category) => ctx.department.catalog.find((c) => c.code === category);
    switch (e.type) {
      case 'activity.recorded.v1':
        return [`${categoryLabel(ctx, d.category)}；${d.occurredOn}；${d.role}；“${d.title}”`, attributeLines(specOf(d.category), {}, d.attributes ?? {}, true)];
      case 'activity.amended.v1': {
        const lines = [];
        for (const [key, value] of Object.entries(d.changes ?? {})) {
          if (key === 'attributes') {
            lines.push(...attributeLines(specOf(d.changes.category ?? d.was?.category), d.previous?.attributes ?? {}, value ?? {}));
          } else if (key === 'category') {
            lines.push(`类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, value)}`);
          } else {
            lines.push(`${FIELD_NAMES[key] ?? key}：${valueText(d.previous?.[key])} → ${valueText(value)}`);
          }
        }
        return lines.map((l) => h('div', {}, l));
      }
      case 'activity.moved.v1':
        return [h('div', {}, `类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, d.category)}`), attributeLines(specOf(d.category), d.previous?.attributes ?? {}, d.attributes ?? {}), d.reason ? h('div', {}, `原因：${d.reason}`) : null];
      case 'activity.withdrawn.v1':
        return `原因：${d.reason ?? ''}`;
      case 'activity.restored.v1':
        return d.reason ? `原因：${d.reason}` : '';
      default:
        return '';
    }
  };
  return h('table', { class: 'grid history-table', 'data-testid': 'history' },
    h('thead', {}, h('tr', {}, ['版本', '时间', '操作人', '操作', '内容'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {},
      history.map((e) => h('tr', {},
        h('td', { class: 'num' }, String(e.version)),
        h('td', { class: 'nowrap' }, fmtTime(e.recordedAt)),
        h('td', { title: e.actor ?? '' }, actorName(e.actor) || '—'),
        h('td', { class: 'nowrap' }, EVENT_NAMES[e.type] ?? e.type),
        h('td', { class: 'small' }, describe(e)),
      )),
    ),
  );
}

function attributeLines(spec, before, after, onlyNew = false) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .map((n) => {
      const s = spec?.attributes.find((a) => a.name === n);
      const label = s?.label ?? n;
      return h('div', {}, onlyNew ? `${label}：${valueText(after[n], s)}` : `${label}：${valueText(before[n], s)} → ${valueText(after[n], s)}`);
    });
}

