// @ts-check
import { liveUpdates, statusOf } from '../api.js';
import { openActivity } from '../components/activity-detail.js';
import { lowerPanels } from '../components/dashboard-panels.js';
import { drillDown } from '../components/drill-down.js';
import { progressSummary } from '../components/progress-summary.js';
import { figuresOf, targetGroups } from '../components/target-cards.js';
import { allActivities, fetchPlan, fetchProgress } from '../data.js';
import { debounce, h, messageOf, mount, toast } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').Progress} Progress */
/** @typedef {import('../components/target-cards.js').TargetFilter} TargetFilter */

/** @type {Record<string, string>} */
const LIVE_TEXT = { live: '● 实时更新', connecting: '连接中…', offline: '离线（自动重连）' };

/**
 * 截至日期 (as of a day of the year) and 按登记时间回看 (as known at a time), each clearable.
 * @param {number} year
 * @param {{ asOf: string, knownAt: string }} at
 * @param {(name: 'asOf' | 'knownAt', value: string) => void} onChange
 */
function timeControls(year, at, onChange) {
  const asOf = h('input', {
    type: 'date',
    id: 'as-of',
    value: at.asOf,
    min: `${year}-01-01`,
    max: `${year}-12-31`,
    'data-testid': 'as-of',
  });
  const knownAt = h('input', { type: 'datetime-local', id: 'known-at', value: at.knownAt, 'data-testid': 'known-at' });
  /**
   * @param {'asOf' | 'knownAt'} name
   * @param {HTMLInputElement} input
   * @param {string} label
   */
  const clearing = (name, input, label) => {
    input.addEventListener('change', () => onChange(name, input.value));
    return h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        onclick: () => {
          input.value = '';
          input.dispatchEvent(new Event('change'));
        },
      },
      label,
    );
  };
  return [
    h('label', { class: 'inline-field', for: 'as-of' }, h('span', {}, L.asOf), asOf),
    clearing('asOf', asOf, '全年'),
    h(
      'details',
      { class: 'known-at' },
      h('summary', {}, '按登记时间回看'),
      h('label', { class: 'inline-field', for: 'known-at' }, h('span', {}, '当时已登记的数据'), knownAt),
      clearing('knownAt', knownAt, '清除'),
    ),
  ];
}

/**
 * The chips that filter the target cards.
 * @param {TargetFilter} current
 * @param {(filter: TargetFilter) => void} onChange
 */
function filterChips(current, onChange) {
  const { done, notDone } = meta().report;
  /** @type {[TargetFilter, string][]} */
  const chips = [
    ['all', '全部'],
    ['lagging', L.lagging],
    ['notDone', notDone],
    ['done', done],
  ];
  const group = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': '筛选目标' },
    chips.map(([key, label]) =>
      h(
        'button',
        {
          type: 'button',
          class: `chip${current === key ? ' active' : ''}`,
          dataset: { filter: key },
          onclick: (e) => {
            for (const b of group.children) b.classList.toggle('active', b === e.currentTarget);
            onChange(key);
          },
        },
        label,
      ),
    ),
  );
  return group;
}

/**
 * 进度总览: targets, pace, the month chart, 三公 and warnings of a department-year.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const year = ctx.year;
  const at = { asOf: ctx.params.get('asOf') ?? '', knownAt: ctx.params.get('knownAt') ?? '' };
  let filter = /** @type {TargetFilter} */ (ctx.params.get('show') ?? 'all');
  /** @type {{ progress: Progress, plan: Plan, activities: Activity[] } | null} */
  let data = null;
  /** @type {Map<string, number | null> | null} */
  let previous = null;
  /** @type {symbol | null} */
  let loading = null;

  const status = h('span', { class: 'live-status', 'data-testid': 'live-status', dataset: { state: 'connecting' } }, '连接中…');
  const summary = h('div', { class: 'summary' });
  const cards = h('div', { class: 'target-sections' });
  const updated = h('span', { class: 'muted small', 'data-testid': 'updated-at' });
  const panels = lowerPanels(ctx, (id) => openActivity(ctx, id));

  const times = timeControls(year, at, (name, value) => {
    at[name] = value;
    ctx.setParams({ [name]: value || undefined });
    void load();
  });
  const chips = filterChips(filter, (key) => {
    filter = key;
    ctx.setParams({ show: key === 'all' ? undefined : key });
    renderCards(false);
  });

  mount(
    container,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', {}, `${year} 年度重点工作进度`),
        h('p', { class: 'muted' }, '各项目标的完成情况与时间进度；点击数字查看计入的活动。'),
      ),
      h('div', { class: 'head-controls' }, times, status),
    ),
    summary,
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', {}, '目标完成情况'), chips, updated), cards),
    panels.elements,
  );

  /** @param {boolean} live a live update: cards whose figure changed flash */
  function renderCards(live) {
    if (!data) return;
    const { progress, plan } = data;
    mount(
      cards,
      targetGroups(progress, {
        plan,
        filter,
        previous: live ? previous : null,
        onOpen: (m, t) => void drillDown(ctx, m, t, { plan, asOf: at.asOf }),
      }),
    );
    previous = figuresOf(progress);
  }

  /** @param {boolean} live */
  function renderAll(live) {
    if (!data) return;
    mount(summary, progressSummary(data.progress));
    renderCards(live);
    panels.show({ ...data, asOf: at.asOf });
    updated.textContent = `${live ? '已实时更新' : '更新于'} ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`;
  }

  async function load({ live = false } = {}) {
    const mine = (loading = Symbol('load'));
    try {
      const [progress, plan, all] = await Promise.all([
        fetchProgress(ctx, { asOf: at.asOf || undefined, knownAt: at.knownAt ? new Date(at.knownAt).toISOString() : undefined }),
        fetchPlan(ctx),
        allActivities(ctx),
      ]);
      if (mine !== loading) return;
      data = { progress, plan, activities: all.filter((a) => !at.asOf || a.occurredOn <= at.asOf) };
      renderAll(live);
    } catch (error) {
      if (statusOf(error) === 401) return;
      toast(`加载进度失败：${messageOf(error)}`, 'error');
    }
  }

  // Live: the worker says this department's read models changed → refetch, no reload.
  const refresh = debounce(() => void load({ live: true }), 300);
  const live = liveUpdates(ctx.department.code, {
    onProjected: refresh,
    onReconnect: refresh,
    onStatus: (s) => {
      status.dataset.state = s;
      status.textContent = LIVE_TEXT[s];
    },
  });
  void load();
  return () => live.close();
}
