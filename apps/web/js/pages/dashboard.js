// @ts-check
import { liveUpdates, statusOf } from '../api.js';
import { paceOf, progressSummary } from '../components/progress-summary.js';
import { figuresOf, targetGroups } from '../components/target-cards.js';
import { fetchAggregates, fetchPlan, fetchProgress } from '../data.js';
import { announce, debounce, fmtNumber, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';
import { fmtClock, fmtTime, wallToIso, zoneName } from '../time.js';

/** @typedef {import('../types.js').Aggregates} Aggregates */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').Progress} Progress */
/** @typedef {import('../components/target-cards.js').TargetFilter} TargetFilter */

/** @type {Record<string, string>} */
const LIVE_TEXT = { live: '● 实时更新', connecting: '连接中…', offline: '离线（自动重连）' };

/** The mark the dashboard sets once its first figure is on screen (bench/dashboard-browser.ts reads it). */
export const FIRST_FIGURE_MARK = 'dashboard:first-figure';

// The dialogs a click opens (a target's or a milestone's activities, one activity) are loaded when first needed or
// once the figures are drawn: the first figure does not wait for their eight modules to run (nor, unbundled, to arrive).
const drillDownDialog = () => import('../components/drill-down.js');
const activityDialog = () => import('../components/activity-detail.js');
const evidenceDialog = () => import('../components/milestone-evidence.js');
// The panels below the cards (milestones, the month chart, 三公, warnings: three modules) are drawn
// once all the figures have come; the first figure does not wait for them either.
const lowerPanelsModule = () => import('../components/dashboard-panels.js');

/** Projections whose change moves the dashboard's figures. */
const FIGURE_PROJECTIONS = new Set(['activities', 'activity-aggregates', 'plans', 'sangong']);

/**
 * 截至日期 (as of a day of the year) and 按登记时间回看 (as known at a time of the office's zone),
 * each clearable.
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
   * @param {string} what
   */
  const clearing = (name, input, label, what) => {
    input.addEventListener('change', () => onChange(name, input.value));
    return h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': what,
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
    clearing('asOf', asOf, '全年', '清除截至日期，看全年'),
    h(
      'details',
      { class: 'known-at', open: at.knownAt ? true : null },
      h('summary', {}, '按登记时间回看'),
      h('label', { class: 'inline-field', for: 'known-at' }, h('span', {}, `当时已登记的数据（${zoneName()}）`), knownAt),
      clearing('knownAt', knownAt, '清除', '清除回看时间，看当前数据'),
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
          'aria-pressed': String(current === key),
          dataset: { filter: key },
          onclick: (e) => {
            for (const b of group.children) {
              b.classList.toggle('active', b === e.currentTarget);
              b.setAttribute('aria-pressed', String(b === e.currentTarget));
            }
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
 * What of the plan the progress shows (targets and their values, entered figures): when it changes,
 * the plan changed and is fetched again; the notices do not say which events a batch held.
 * @param {Progress} progress
 */
const planSignature = (progress) =>
  JSON.stringify(
    progress.measures.map((m) => [
      m.code,
      m.kind === 'measured' ? m.actual : null,
      m.targets.map((t) => [t.targetId, t.direction, t.target, t.original]),
    ]),
  );

/**
 * What changed in a live update, said to screen readers: 重要外事活动 5 → 6.
 * @param {Progress} progress
 * @param {Map<string, number | null>} before the figures by target
 */
function changedFigures(progress, before) {
  /** @type {string[]} */
  const lines = [];
  for (const m of progress.measures) {
    const t = m.targets.find((x) => before.has(x.targetId));
    if (!t) continue;
    const was = before.get(t.targetId) ?? null;
    if (was !== m.actual) lines.push(`${m.name} ${fmtNumber(was)} → ${fmtNumber(m.actual)}`);
  }
  return lines;
}

/**
 * 进度总览: targets, pace, the month chart, 三公 and warnings of a department-year. Its figures come
 * from the server (progress, aggregates): no activity is downloaded. A live update refetches those
 * two (and the plan only when the plan changed); a look-back (knownAt) is not live.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const year = ctx.year;
  const at = { asOf: ctx.params.get('asOf') ?? '', knownAt: ctx.params.get('knownAt') ?? '' };
  let filter = /** @type {TargetFilter} */ (ctx.params.get('show') ?? 'all');
  if (!['all', 'lagging', 'notDone', 'done'].includes(filter)) filter = 'all';
  /** @type {{ progress: Progress, plan: Plan | null, aggregates: Aggregates } | null} */
  let data = null;
  /** @type {Map<string, number | null> | null} */
  let previous = null;
  /** @type {symbol | null} */
  let loading = null;
  let marked = false;

  const status = h('span', { class: 'live-status', 'data-testid': 'live-status', dataset: { state: 'connecting' } }, '连接中…');
  const summary = h('div', { class: 'summary', 'aria-live': 'polite', 'aria-atomic': 'false' });
  const cards = h('div', { class: 'target-sections' });
  const updated = h('span', { class: 'muted small', 'data-testid': 'updated-at' });
  /**
   * Opens a dialog once its module is here.
   * @template M
   * @param {() => Promise<M>} load
   * @param {(module: M) => unknown} open
   */
  const opening = (load, open) => void load().then(open, (error) => toast(`打开失败：${errorText(error)}`, 'error'));
  const lower = h('div', { class: 'lower-panels' });
  /** @type {Promise<ReturnType<import('../components/dashboard-panels.js')['lowerPanels']>> | null} */
  let panelsLoading = null;
  /** The lower panels' modules, loaded once the first figure is drawn (or its load failed). */
  const panels = () => {
    if (!panelsLoading) {
      panelsLoading = lowerPanelsModule().then(({ lowerPanels }) => {
        const made = lowerPanels(
          ctx,
          (id) => opening(activityDialog, (d) => d.openActivity(ctx, id)),
          (milestone) => opening(evidenceDialog, (d) => d.milestoneEvidence(ctx, milestone, { asOf: at.asOf })),
        );
        mount(lower, ...made.elements);
        return made;
      });
      // Awaited by every load; a failure shows there.
      panelsLoading.catch(() => undefined);
    }
    return panelsLoading;
  };

  const times = timeControls(year, at, (name, value) => {
    at[name] = value;
    ctx.setParams({ [name]: value || undefined });
    if (name === 'knownAt') connect();
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
    h('div', { class: 'summary-wrap', 'aria-busy': 'true' }, summary),
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', {}, '目标完成情况'), chips, updated), cards),
    lower,
  );

  /**
   * @param {boolean} live a live update: cards whose figure changed flash
   * @param {{ progress: Progress, plan: Plan | null }} [shown] what to draw (default: the data loaded)
   */
  function renderCards(live, shown = data ?? undefined) {
    if (!shown) return;
    const { progress, plan } = shown;
    mount(
      cards,
      targetGroups(progress, {
        plan,
        filter,
        previous: live ? previous : null,
        yearOver: paceOf(progress).over,
        onOpen: (m, t) => opening(drillDownDialog, (d) => d.drillDown(ctx, m, t, { plan, asOf: at.asOf })),
      }),
    );
  }

  /**
   * The summary and the target cards, and on the first drawing the mark of the first figure.
   * @param {Progress} progress
   * @param {Plan | null} plan
   * @param {boolean} live
   */
  function renderFigures(progress, plan, live) {
    summary.parentElement?.removeAttribute('aria-busy');
    mount(summary, progressSummary(progress));
    renderCards(live, { progress, plan });
    if (!marked) {
      marked = true;
      performance.mark(FIRST_FIGURE_MARK);
      drillDownDialog().catch(() => undefined);
      evidenceDialog().catch(() => undefined);
    }
  }

  /**
   * @param {boolean} live
   * @param {ReturnType<import('../components/dashboard-panels.js')['lowerPanels']>} panels
   */
  function renderAll(live, panels) {
    if (!data) return;
    const before = previous;
    renderFigures(data.progress, data.plan, live);
    panels.show({ ...data, asOf: at.asOf, knownAt: at.knownAt });
    previous = figuresOf(data.progress);
    updated.textContent = `${live ? '已实时更新' : '更新于'} ${fmtClock()}`;
    // How many times the figures were drawn (tests and the browser benchmark wait for the next one).
    updated.dataset.draws = String(Number(updated.dataset.draws ?? 0) + 1);
    if (live && before) {
      const changed = changedFigures(data.progress, before);
      if (changed.length) announce(`数据已实时更新：${changed.join('；')}`);
    }
  }

  /**
   * The figures (progress, aggregates) and, on the first load or when they show that the plan
   * changed (its targets, an entered figure), the plan: a live update transfers the figures only.
   * The first time, the progress comes alone (index.html's start script asked for it with the
   * document): the summary and the target cards are drawn from it, and only then are the plan (it
   * names projects on the cards), the aggregates and the panels' modules asked for. On this
   * machine's two cores every request and module before the first figure delays it.
   * Later loads ask for all at once.
   * @param {{ live?: boolean }} [options]
   */
  async function load({ live = false } = {}) {
    const mine = (loading = Symbol('load'));
    const knownAt = at.knownAt ? (wallToIso(at.knownAt) ?? undefined) : undefined;
    const when = { asOf: at.asOf || undefined, knownAt };
    try {
      // Once the first figures are drawn (data is set only after that), everything is asked at once.
      const drawn = marked;
      const progressing = fetchProgress(ctx, when);
      const aggregating = drawn ? fetchAggregates(ctx, when) : null;
      // Awaited below: no unhandled rejection if the progress fails first.
      aggregating?.catch(() => undefined);
      const progress = await progressing;
      if (mine !== loading) return;
      if (!drawn) renderFigures(progress, null, false);
      const aggregated = aggregating ?? fetchAggregates(ctx, when);
      const planned = !data || planSignature(progress) !== planSignature(data.progress) ? fetchPlan(ctx) : Promise.resolve(data.plan);
      planned.catch(() => undefined);
      aggregated.catch(() => undefined);
      const [aggregates, plan, made] = await Promise.all([aggregated, planned, panels()]);
      if (mine !== loading) return;
      data = { progress, plan, aggregates };
      renderAll(live, made);
    } catch (error) {
      if (statusOf(error) === 401 || mine !== loading) return;
      if (knownAt && statusOf(error) === 404) {
        // Looking back to before the department's first record: nothing was known yet.
        summary.parentElement?.removeAttribute('aria-busy');
        mount(
          summary,
          h('p', { class: 'empty wide-note', role: 'status' }, `${fmtTime(knownAt)}（${zoneName()}）时尚无登记的数据，请选择更晚的时间。`),
        );
        mount(cards);
        return;
      }
      toast(`加载进度失败：${errorText(error)}`, 'error');
    }
  }

  // Live: the worker says this department's read models changed → refetch the figures, no reload.
  // Each projection sends its own notice for the same batch: wait until they have all come.
  const refresh = debounce(() => void load({ live: true }), 500);
  /** @type {{ close(): void } | null} */
  let live = null;
  /** A look-back shows the figures of a past moment: no live stream then, and the status says so. */
  function connect() {
    live?.close();
    live = null;
    if (at.knownAt) {
      status.dataset.state = 'past';
      const iso = wallToIso(at.knownAt);
      status.textContent = iso ? `回看 ${fmtTime(iso)} 的数据，不实时更新` : '回看，不实时更新';
      return;
    }
    live = liveUpdates(ctx.department.code, {
      onProjected: (notice) => {
        if (FIGURE_PROJECTIONS.has(notice.projection)) refresh();
      },
      // Notices sent before the stream (re)opened are lost, the first opening's included.
      onReconnect: refresh,
      onStatus: (s) => {
        status.dataset.state = s;
        status.textContent = LIVE_TEXT[s];
      },
    });
  }
  // A look-back has no stream and says so at once. The live stream opens once the first load has
  // settled: its first opening refetches the figures anyway (notices sent before it opened are
  // lost), so it need not race the first figure.
  let closed = false;
  if (at.knownAt) connect();
  void load().finally(() => {
    if (!closed && !live && !at.knownAt) connect();
  });
  return () => {
    closed = true;
    live?.close();
  };
}
