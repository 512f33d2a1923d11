// @ts-check
import { can, liveUpdates, statusOf } from '../api.js';
import { openActivity } from '../components/activity-detail.js';
import { openRecordForm } from '../components/activity-form.js';
import { activityTable, pagerControls } from '../components/activity-list.js';
import { activitiesPage, fetchPlan, NO_WORDS, planWords } from '../data.js';
import { debounce, h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { parseRoute } from '../routes.js';

/** @typedef {import('../types.js').Page<import('../types.js').Activity>} ActivityPage */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').PageHandle} PageHandle */
/** @typedef {{ category: string, month: string, role: string, q: string, status: string, page: number }} Filters */

/** Activities per page of the log. */
const PAGE_SIZE = 50;

/**
 * 活动登记: the filterable, paged log (newest first) and the record form; one activity opens at its
 * own address (#/<dept>/<year>/activities/<id>), over the list.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 * @returns {PageHandle}
 */
export function render(container, ctx) {
  const p = ctx.params;
  /** @type {Filters} */
  const filters = {
    category: p.get('category') ?? '',
    month: p.get('month') ?? '',
    role: p.get('role') ?? '',
    q: p.get('q') ?? '',
    status: p.get('status') ?? 'active',
    page: Number(p.get('page') ?? 1) || 1,
  };
  const list = h('div', { class: 'list' });
  const pager = h('div', { class: 'pager' });
  const totalText = h('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'activity-total' });
  let words = NO_WORDS;
  /** @type {ActivityPage | null} */
  let shown = null;

  /** The list's address (the filters, no activity). */
  const listAddress = () => {
    const r = parseRoute(location.hash);
    const params = r.kind === 'page' ? Object.fromEntries(r.params.entries()) : {};
    return ctx.href(ctx.department.code, ctx.year, 'activities', params);
  };
  /** @type {{ id: string, close: () => void } | null} */
  let detail = null;
  /** Whether the open activity's address was pushed by a click here (closing it goes Back). */
  let pushed = false;
  /** @param {string | null} id */
  const showActivity = (id) => {
    if (detail?.id === id) return;
    detail?.close();
    detail = null;
    if (!id) return;
    const box = openActivity(ctx, id, {
      onPage: true,
      onChanged: () => void load(),
      openOther: (other) => {
        ctx.setAddress(addressOf(other));
        showActivity(other);
      },
      onClose: () => {
        if (detail?.id === id) detail = null;
        // Closed here (×, Esc) while the address still names it: back to the list's address.
        const r = parseRoute(location.hash);
        if (r.kind !== 'page' || r.activity !== id) return;
        if (pushed) history.back();
        else ctx.setAddress(listAddress());
        pushed = false;
      },
    });
    detail = { id, close: box.close };
  };
  /** An activity's address, with the list's filters (Back returns to the same list). */
  const addressOf = (/** @type {string} */ id) => {
    const r = parseRoute(location.hash);
    const params = r.kind === 'page' ? Object.fromEntries(r.params.entries()) : {};
    return ctx.href(ctx.department.code, ctx.year, 'activities', params, id);
  };
  const open = (/** @type {string} */ id) => {
    ctx.setAddress(addressOf(id), { push: true });
    pushed = true;
    showActivity(id);
  };
  const recent = recentlyRecorded(open);

  /** @type {<K extends keyof Filters>(name: K, value: Filters[K]) => void} */
  const setFilter = (name, value) => {
    filters[name] = value;
    filters.page = 1;
    ctx.setParams({ [name]: value || undefined, page: undefined });
    void load();
  };
  /** @param {number} page */
  const go = (page) => {
    filters.page = page;
    ctx.setParams({ page: page > 1 ? page : undefined });
    void load();
  };
  const newActivity = can(ctx.department.code, 'staff')
    ? h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-testid': 'new-activity',
          onclick: () =>
            openRecordForm(ctx, (id, body) => {
              recent.add({ id, title: body.title, occurredOn: body.occurredOn });
              void load();
            }),
        },
        '＋ 登记活动',
      )
    : h('span', { class: 'muted small' }, '登记活动需经办人员权限');

  mount(
    container,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', {}, `${ctx.year} 年活动登记`),
        h('p', { class: 'muted' }, '每一项活动都是记录在案的事实；修改和撤回会保留完整历史。'),
      ),
      h('div', { class: 'head-controls' }, newActivity),
    ),
    h('section', { class: 'panel' }, filterBar(ctx, filters, setFilter, totalText), recent.element, list, pager),
  );

  /** @param {ActivityPage} result */
  function draw(result) {
    totalText.textContent = `共 ${result.total} 项`;
    mount(
      list,
      result.items.length === 0
        ? h('p', { class: 'empty' }, '没有符合条件的活动。')
        : activityTable(ctx, result.items, { open, addressOf, words }),
    );
    mount(pager, pagerControls(result, go));
  }

  let latest = 0;
  async function load() {
    // A slow answer to an older request (e.g. a live refresh) must not overwrite a newer one.
    const mine = ++latest;
    try {
      const { category, month, role, q, status, page } = filters;
      const result = await activitiesPage(ctx, { category, month, role, q, status, page, pageSize: PAGE_SIZE });
      if (mine !== latest) return;
      shown = result;
      draw(result);
    } catch (error) {
      if (statusOf(error) !== 401) mount(list, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    }
  }

  // Milestones and measures by name: the plan's words (the list is drawn again when they come).
  fetchPlan(ctx)
    .then((plan) => {
      words = planWords(plan);
      if (shown) draw(shown);
    })
    .catch(() => undefined);

  const refresh = debounce(() => void load(), 300);
  const live = liveUpdates(ctx.department.code, { onProjected: (n) => n.projection === 'activities' && refresh(), onReconnect: refresh });
  void load();
  if (ctx.activity) showActivity(ctx.activity);
  return {
    cleanup: () => {
      live.close();
      detail?.close();
    },
    showActivity: (id) => {
      if (!id) pushed = false;
      showActivity(id);
    },
  };
}

/**
 * The filters: category, month, role, status and a title search.
 * @param {PageContext} ctx
 * @param {Filters} filters
 * @param {(name: 'category' | 'month' | 'role' | 'q' | 'status', value: string) => void} setFilter
 * @param {HTMLElement} totalText
 */
function filterBar(ctx, filters, setFilter, totalText) {
  const { activityRoles, activityStatuses, limits } = meta();
  /**
   * @param {'category' | 'month' | 'role' | 'status'} name
   * @param {string} label
   * @param {[string, string][]} options
   */
  const select = (name, label, options) =>
    h(
      'label',
      { class: 'filter' },
      h('span', {}, label),
      h(
        'select',
        { name, 'data-testid': `filter-${name}`, onchange: (e) => setFilter(name, e.currentTarget.value) },
        options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)),
      ),
    );
  const text = h('input', {
    type: 'search',
    name: 'q',
    value: filters.q,
    placeholder: '标题包含…',
    maxlength: limits.search,
    'data-testid': 'filter-q',
  });
  text.addEventListener(
    'input',
    debounce(() => setFilter('q', text.value.trim()), 350),
  );
  return h(
    'div',
    { class: 'filters' },
    select('category', '类别', [
      ['', '全部类别'],
      ...ctx.department.catalog.map((c) => /** @type {[string, string]} */ ([c.code, c.label])),
    ]),
    select('month', '月份', [
      ['', '全年'],
      ...Array.from({ length: 12 }, (_, i) => /** @type {[string, string]} */ ([String(i + 1), `${i + 1} 月`])),
    ]),
    select('role', '方式', [['', '全部'], ...activityRoles.map((r) => /** @type {[string, string]} */ ([r, r]))]),
    select('status', '状态', [
      ['active', activityStatuses.active],
      ['withdrawn', activityStatuses.withdrawn],
      ['all', '全部'],
    ]),
    h('label', { class: 'filter grow' }, h('span', {}, '搜索'), text),
    totalText,
  );
}

/**
 * 刚刚登记: activities recorded on this page (the list is newest first by date: one dated long ago may be pages away).
 * @param {(id: string) => void} open
 */
function recentlyRecorded(open) {
  /** @type {{ id: string, title: string, occurredOn: string }[]} */
  const recent = [];
  const element = h('div', { class: 'recent', 'data-testid': 'recent', hidden: true });
  return {
    element,
    /** @param {{ id: string, title: string, occurredOn: string }} item */
    add(item) {
      recent.unshift(item);
      recent.splice(5);
      element.hidden = false;
      mount(
        element,
        h('strong', {}, '刚刚登记：'),
        recent.map((r) =>
          h(
            'span',
            { class: 'recent-item' },
            h('button', { type: 'button', class: 'link-button', onclick: () => open(r.id) }, r.title),
            ` ${r.occurredOn}`,
          ),
        ),
      );
    },
  };
}
