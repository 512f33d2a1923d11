// @ts-check
import { can, liveUpdates, statusOf } from '../api.js';
import { openActivity } from '../components/activity-detail.js';
import { openRecordForm } from '../components/activity-form.js';
import { activityTable, pagerControls } from '../components/activity-list.js';
import { activitiesPage } from '../data.js';
import { debounce, h, messageOf, mount } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {{ category: string, month: string, role: string, q: string, status: string, page: number }} Filters */

/** Activities per page of the log. */
const PAGE_SIZE = 50;

/**
 * 活动登记: the filterable, paged log and the record form.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
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
  const totalText = h('span', { class: 'muted' });
  const open = (/** @type {string} */ id) => openActivity(ctx, id, () => void load());
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

  let latest = 0;
  async function load() {
    // A slow answer to an older request (e.g. a live refresh) must not overwrite a newer one.
    const mine = ++latest;
    try {
      const { category, month, role, q, status, page } = filters;
      const result = await activitiesPage(ctx, { category, month, role, q, status, page, pageSize: PAGE_SIZE });
      if (mine !== latest) return;
      totalText.textContent = `共 ${result.total} 项`;
      mount(list, result.items.length === 0 ? h('p', { class: 'empty' }, '没有符合条件的活动。') : activityTable(ctx, result.items, open));
      mount(pager, pagerControls(result, go));
    } catch (error) {
      if (statusOf(error) !== 401) mount(list, h('p', { class: 'form-error' }, `加载失败：${messageOf(error)}`));
    }
  }

  const refresh = debounce(() => void load(), 300);
  const live = liveUpdates(ctx.department.code, { onProjected: (n) => n.projection === 'activities' && refresh(), onReconnect: refresh });
  void load();
  return () => live.close();
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
 * 刚刚登记: activities recorded on this page (the list is in date order, so a new one may be pages away).
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
