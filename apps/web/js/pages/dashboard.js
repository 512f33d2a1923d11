import { getJson, liveUpdates, query } from '../api.js';
import { meter, PALETTE, stackedBars } from '../chart.js';
import { allActivities, categoryLabel, deptPath } from '../data.js';
import { debounce, dialog, fmtNumber, fmtValue, h, mount, toast } from '../dom.js';
import { DIRECTION, L, PLAN_KINDS, SANGONG, WARNING_KINDS } from '../labels.js';
import { openActivity } from './activities.js';

const SANGONG_COST_CATEGORIES = { 'trip-abroad': 'tripsAbroad', reception: 'receptions' };

/** 进度总览: targets, pace, the month chart, 三公 and warnings of a department-year. */
export function render(container, ctx) {
  const year = ctx.year;
  let asOf = ctx.params.get('asOf') ?? '';
  let knownAt = ctx.params.get('knownAt') ?? '';
  let filter = ctx.params.get('show') ?? 'all';
  let progress = null;
  let plan = null;
  let activities = [];
  let previous = new Map();
  let loading = null;

  const status = h('span', { class: 'live-status', 'data-testid': 'live-status', dataset: { state: 'connecting' } }, '连接中…');
  const asOfInput = h('input', { type: 'date', id: 'as-of', value: asOf, min: `${year}-01-01`, max: `${year}-12-31`, 'data-testid': 'as-of' });
  const knownAtInput = h('input', { type: 'datetime-local', id: 'known-at', value: knownAt, 'data-testid': 'known-at' });
  const summary = h('div', { class: 'summary' });
  const cards = h('div', { class: 'target-sections' });
  const milestones = h('section', { class: 'panel' });
  const chart = h('section', { class: 'panel chart-panel' });
  const sangong = h('section', { class: 'panel' });
  const warnings = h('section', { class: 'panel' });
  const others = h('section', { class: 'panel' });
  const updated = h('span', { class: 'muted small', 'data-testid': 'updated-at' });

  asOfInput.addEventListener('change', () => {
    asOf = asOfInput.value;
    ctx.setParams({ asOf: asOf || undefined });
    void load();
  });
  knownAtInput.addEventListener('change', () => {
    knownAt = knownAtInput.value;
    ctx.setParams({ knownAt: knownAt || undefined });
    void load();
  });

  const filters = h('div', { class: 'chips', role: 'group', 'aria-label': '筛选目标' },
    [['all', '全部'], ['lagging', L.lagging], ['notDone', L.notDone], ['done', L.done]].map(([key, label]) =>
      h('button', { type: 'button', class: `chip${filter === key ? ' active' : ''}`, dataset: { filter: key }, onclick: (e) => {
        filter = key;
        ctx.setParams({ show: key === 'all' ? undefined : key });
        for (const b of filters.children) b.classList.toggle('active', b === e.currentTarget);
        renderCards();
      } }, label),
    ),
  );

  mount(
    container,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, `${year} 年度重点工作进度`),
        h('p', { class: 'muted' }, '各项目标的完成情况与时间进度；点击数字查看计入的活动。'),
      ),
      h('div', { class: 'head-controls' },
        h('label', { class: 'inline-field', for: 'as-of' }, h('span', {}, L.asOf), asOfInput),
        h('button', { type: 'button', class: 'secondary small', onclick: () => { asOfInput.value = ''; asOfInput.dispatchEvent(new Event('change')); } }, '全年'),
        h('details', { class: 'known-at' },
          h('summary', {}, '按登记时间回看'),
          h('label', { class: 'inline-field', for: 'known-at' }, h('span', {}, '当时已登记的数据'), knownAtInput),
          h('button', { type: 'button', class: 'secondary small', onclick: () => { knownAtInput.value = ''; knownAtInput.dispatchEvent(new Event('change')); } }, '清除'),
        ),
        status,
      ),
    ),
    summary,
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', {}, '目标完成情况'), filters, updated), cards),
    milestones,
    h('div', { class: 'two-col' }, chart, sangong),
    warnings,
    others,
  );

  async function load({ live = false } = {}) {
    const mine = (loading = Symbol('load'));
    const progressQuery = query({ asOf: asOf || undefined, knownAt: knownAt ? new Date(knownAt).toISOString() : undefined });
    try {
      const [p, pl, acts] = await Promise.all([
        getJson(`${deptPath(ctx)}/years/${year}/progress${progressQuery}`),
        getJson(`${deptPath(ctx)}/years/${year}/plan`),
        allActivities(ctx),
      ]);
      if (mine !== loading) return;
      progress = p;
      plan = pl;
      activities = acts.filter((a) => !asOf || a.occurredOn <= asOf);
      renderAll(live);
    } catch (error) {
      if (error.status === 401) return;
      toast(`加载进度失败：${error.message}`, 'error');
    }
  }

  function renderAll(live) {
    renderSummary();
    renderCards(live);
    renderMilestones();
    renderChart();
    renderSangong();
    renderWarnings();
    renderOthers();
    const now = new Date();
    updated.textContent = `${live ? '已实时更新' : '更新于'} ${now.toLocaleTimeString('zh-CN', { hour12: false })}`;
  }

  const allTargets = () => progress.measures.flatMap((m) => m.targets.map((t) => ({ m, t })));

  function renderSummary() {
    const targets = allTargets();
    const met = targets.filter(({ t }) => t.met === true).length;
    const lagging = targets.filter(({ t }) => t.lagging).length;
    const missing = targets.filter(({ t }) => t.met === null).length;
    const elapsed = Math.round(progress.yearElapsed * 100);
    mount(
      summary,
      stat('目标', targets.length, '项'),
      stat(L.done, met, '项', 'good'),
      stat(L.notDone, targets.length - met - missing, '项'),
      stat(L.lagging, lagging, '项', lagging ? 'bad' : ''),
      stat(L.notEntered, missing, '项'),
      h('div', { class: 'stat wide' },
        h('div', { class: 'stat-label' }, `时间进度（截至 ${progress.referenceDate}${progress.knownAt ? `，按 ${progress.knownAt.slice(0, 16).replace('T', ' ')} 已登记` : ''}）`),
        meter(progress.yearElapsed),
        h('div', { class: 'stat-note' }, `全年已过 ${elapsed}%`),
      ),
    );
  }

  function renderCards(live = false) {
    if (!progress) return;
    const groups = { 'key-work': [], 'department-goal': [], 'project-goal': [] };
    for (const { m, t } of allTargets()) {
      if (filter === 'lagging' && !t.lagging) continue;
      if (filter === 'notDone' && t.met !== false) continue;
      if (filter === 'done' && t.met !== true) continue;
      groups[t.plan.kind].push(targetCard(m, t, live));
    }
    const next = new Map(allTargets().map(({ m, t }) => [t.targetId, m.actual]));
    previous = next;
    mount(
      cards,
      Object.entries(groups)
        .filter(([, list]) => list.length > 0)
        .map(([kind, list]) => h('div', { class: 'target-group' }, h('h3', { class: 'group-title' }, PLAN_KINDS[kind], h('span', { class: 'count' }, ` ${list.length} 项`)), h('div', { class: 'cards' }, list))),
      Object.values(groups).every((l) => l.length === 0) ? h('p', { class: 'empty' }, filter === 'all' ? '本年度尚未设定目标。' : '没有符合条件的目标。') : null,
    );
  }

  function targetCard(m, t, live) {
    const changed = live && previous.has(t.targetId) && previous.get(t.targetId) !== m.actual;
    const state = t.met === null ? 'missing' : t.met ? 'met' : t.lagging ? 'lagging' : 'open';
    const badge =
      t.met === null ? h('span', { class: 'badge muted-badge' }, L.notEntered)
      : t.met ? h('span', { class: 'badge good' }, L.done)
      : t.lagging ? h('span', { class: 'badge bad', 'data-testid': 'lagging' }, `⚠ ${L.lagging}`)
      : h('span', { class: 'badge' }, '进行中');
    const unit = t.unit || m.unit;
    const paceRatio = t.expectedByNow !== null && t.target > 0 ? t.expectedByNow / t.target : null;
    const level3 = t.labels?.level3 && t.labels.level3 !== m.name ? t.labels.level3 : null;
    return h('article', { class: `card target-card ${state}${changed ? ' flash' : ''}`, dataset: { measure: m.code, target: t.targetId } },
      h('header', { class: 'card-head' }, h('span', { class: 'plan-tag', title: planText(t) }, planText(t)), badge),
      h('h4', { class: 'card-title', title: m.name }, level3 ?? m.name),
      h('button', { type: 'button', class: 'figure', title: '查看计入的活动', 'aria-label': `${m.name}：实际 ${fmtValue(m.actual, unit)}，目标 ${DIRECTION[t.direction]}${fmtValue(t.target, unit)}`, onclick: () => drillDown(m, t) },
        h('span', { class: 'figure-actual', 'data-testid': `actual-${t.targetId}` }, fmtNumber(m.actual)),
        h('span', { class: 'figure-sep' }, ' / '),
        h('span', { class: 'figure-target' }, `${DIRECTION[t.direction]}${fmtNumber(t.target)}`),
        h('span', { class: 'figure-unit' }, unit),
      ),
      meter(t.ratio, { marker: paceRatio, tone: state }),
      h('p', { class: 'card-note' },
        t.expectedByNow !== null ? `按时间进度应达 ${fmtNumber(t.expectedByNow)}${unit === '%' ? '%' : unit}` : t.direction === '<=' ? '反向指标：不超过目标值' : m.kind === 'measured' ? '填报数值' : '',
        t.revised ? h('span', { class: 'revised', title: '预算调整后的目标值' }, ` · 原目标 ${fmtNumber(t.original)}，已调整`) : null,
      ),
    );
  }

  /** The plan a target belongs to, with the project's name rather than its code. */
  function planText(t) {
    if (t.plan.kind !== 'project-goal') return t.planLabel;
    const project = plan?.projects.find((p) => p.code === t.plan.project);
    return `${project?.name ?? t.plan.project} 目标 ${t.plan.goal}`;
  }

  async function drillDown(m, t) {
    const unit = t.unit || m.unit;
    const head = h('p', { class: 'muted' }, `${planText(t)} · 目标 ${DIRECTION[t.direction]}${fmtValue(t.target, unit)}${t.revised ? `（原 ${fmtNumber(t.original)}）` : ''} · 实际 ${fmtValue(m.actual, unit)}`);
    const body = h('div', { class: 'drill' }, head, h('p', {}, '正在加载…'));
    const { close } = dialog(m.name, body, { wide: true });
    if (m.kind === 'measured') {
      const rows = (plan?.measurements ?? []).filter((x) => x.measure === m.code);
      mount(body, head, h('p', {}, '该指标为填报数值，不由活动计数得出。'),
        rows.length === 0 ? h('p', { class: 'empty' }, '尚未录入实际值。')
        : table(['测量日期', '数值', '说明', '录入人'], rows.map((x) => [x.measuredOn, fmtValue(x.value, m.unit), x.note ?? '', x.recordedBy ?? ''])));
      return;
    }
    try {
      const result = await getJson(`${deptPath(ctx)}/years/${year}/progress/${encodeURIComponent(m.code)}/activities${query({ asOf: asOf || undefined, pageSize: 200 })}`);
      const excluded = await Promise.all(result.excludedIds.slice(0, 30).map((id) => getJson(`${deptPath(ctx)}/activities/${id}`).catch(() => null)));
      const open = (a) => {
        close();
        openActivity(ctx, a.id);
      };
      const rows = (list) => list.filter(Boolean).map((a) => [a.occurredOn, h('button', { type: 'button', class: 'link-button', onclick: () => open(a) }, a.title), categoryLabel(ctx, a.category), a.role]);
      mount(
        body,
        head,
        h('p', {}, `计入 ${result.countedIds.length} 项活动${m.kind === 'count-distinct-parents' ? `（按项目计，${fmtNumber(m.actual)} 个项目）` : ''}${m.kind === 'sum' ? `，合计 ${fmtValue(m.actual, unit)}` : ''}：`),
        result.items.length ? table(['日期', '活动', '类别', '方式'], rows(result.items), 'drill-table') : h('p', { class: 'empty' }, '尚无计入的活动。'),
        result.total > result.items.length ? h('p', { class: 'muted' }, `仅显示前 ${result.items.length} 项，共 ${result.total} 项。`) : null,
        result.excludedIds.length
          ? [h('h3', {}, `已登记但不计入（${result.excludedIds.length} 项，不符合该指标的筛选条件）`), table(['日期', '活动', '类别', '方式'], rows(excluded))]
          : null,
      );
    } catch (error) {
      mount(body, head, h('p', { class: 'form-error' }, `加载失败：${error.message}`));
    }
  }

  function renderMilestones() {
    const list = progress.milestones;
    mount(
      milestones,
      h('h2', {}, '里程碑'),
      list.length === 0 ? h('p', { class: 'empty' }, '本年度没有里程碑。')
      : h('ul', { class: 'milestones' },
          list.map((x) => h('li', { class: x.done ? 'done' : 'open' },
            h('span', { class: `badge ${x.done ? 'good' : ''}` }, x.done ? L.done : L.notDone),
            h('span', { class: 'plan-tag' }, `重点工作 ${x.keyWorkItem}`),
            h('span', {}, x.title),
            x.doneOn ? h('span', { class: 'muted' }, `（${x.doneOn}）`) : null,
          )),
        ),
    );
  }

  function renderChart() {
    const codes = [...new Set(activities.map((a) => a.category))];
    const order = ctx.department.catalog.map((c) => c.code);
    codes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const series = codes.map((code) => ({
      key: code,
      label: categoryLabel(ctx, code),
      color: PALETTE[Math.max(0, order.indexOf(code)) % PALETTE.length],
      values: Array.from({ length: 12 }, (_, i) => activities.filter((a) => a.category === code && Number(a.occurredOn.slice(5, 7)) === i + 1).length),
    }));
    mount(
      chart,
      h('div', { class: 'panel-head' }, h('h2', {}, '各月活动（按类别）'), h('span', { class: 'muted small' }, `共 ${activities.length} 项${asOf ? `，截至 ${asOf}` : ''}`)),
      activities.length === 0
        ? h('p', { class: 'empty' }, '尚无登记的活动。')
        : stackedBars({ series, title: `${year} 年各月活动数（按类别）`, onBarClick: (month) => ctx.navigate(ctx.href(ctx.department.code, year, 'activities', { month })) }),
    );
  }

  function renderSangong() {
    const lines = plan?.sangong ?? {};
    // Costs logged with trips, receptions and vehicle activities (null: none logged yet).
    const logged = { tripsAbroad: null, vehiclePurchase: null, vehicleRunning: null, receptions: null };
    for (const a of activities) {
      const cost = typeof a.attributes?.cost === 'number' ? a.attributes.cost : 0;
      const key = SANGONG_COST_CATEGORIES[a.category] ?? (a.category === 'vehicle' ? (a.attributes?.kind === 'purchase' ? 'vehiclePurchase' : 'vehicleRunning') : null);
      if (key) logged[key] = (logged[key] ?? 0) + cost;
    }
    const rows = SANGONG.map(([key, label]) => ({ key, label, line: lines[key] ?? null, logged: logged[key] }));
    const sum = (f) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    const anyLogged = rows.some((r) => r.logged !== null);
    const total = { budget: sum((r) => r.line?.budget), actual: sum((r) => r.line?.actual), logged: anyLogged ? sum((r) => r.logged) : null };
    const rowOf = (label, budget, actual, logged, detail, cls = '') =>
      h('tr', { class: cls },
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num' }, fmtNumber(budget, 2)),
        h('td', { class: 'num' }, actual === null ? '—' : fmtNumber(actual, 2)),
        h('td', { class: 'meter-cell' }, budget > 0 && actual !== null ? meter(actual / budget, { tone: actual > budget + 0.005 ? 'lagging' : 'met' }) : h('span', { class: 'muted small' }, budget > 0 ? '' : '无预算')),
        h('td', { class: 'num' }, logged === null ? '—' : fmtNumber(logged, 2)),
        h('td', { class: 'small' }, detail),
      );
    mount(
      sangong,
      h('div', { class: 'panel-head' }, h('h2', {}, '“三公”经费'), h('span', { class: 'muted small' }, '单位：万元')),
      Object.keys(lines).length === 0 ? h('p', { class: 'empty' }, '尚未录入本年度“三公”经费预算。') : null,
      h('table', { class: 'grid sangong-table' },
        h('thead', {}, h('tr', {}, ['项目', '预算数', '决算数', '执行', '已登记活动', '说明'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {},
          rows.map((r) => rowOf(r.label, r.line?.budget ?? 0, r.line ? r.line.actual : null, r.logged, sangongDetail(r.key, r.line))),
          rowOf('合计', total.budget, total.actual, total.logged, '', 'total'),
        ),
      ),
      h('p', { class: 'muted small' }, '预算数、决算数取自年度计划；“已登记活动”为出访、接待、公务用车类活动登记的费用合计。'),
    );
  }

  function sangongDetail(key, line) {
    if (!line) return '';
    const parts = [];
    if (key === 'tripsAbroad' && line.groups !== null) parts.push(`${line.groups} 个团组，${line.persons ?? '—'} 人次`);
    if (key === 'receptions' && line.groups !== null) parts.push(`${line.groups} 批次，${line.persons ?? '—'} 人次`);
    if (key === 'receptions' && line.foreignGroups !== null) parts.push(`其中外事接待 ${line.foreignGroups} 批次，${line.foreignPersons ?? '—'} 人次`);
    if (line.vehiclesHeld !== null && line.vehiclesHeld !== undefined) parts.push(`保有量 ${line.vehiclesHeld} 辆`);
    return parts.join('；');
  }

  function renderWarnings() {
    const list = progress.warnings;
    mount(
      warnings,
      h('h2', {}, L.warnings, h('span', { class: `count ${list.length ? 'bad-text' : ''}` }, `（${list.length}）`)),
      list.length === 0 ? h('p', { class: 'empty' }, '未发现数据质量问题。')
      : h('ul', { class: 'warnings', 'data-testid': 'warnings' },
          list.map((w) => h('li', {},
            h('span', { class: 'badge warn' }, WARNING_KINDS[w.kind] ?? w.kind),
            h('span', {}, w.message),
            w.activityIds.length ? h('span', { class: 'warning-links' }, w.activityIds.slice(0, 3).map((id, i) => h('button', { type: 'button', class: 'link-button small', onclick: () => openActivity(ctx, id) }, `查看活动${w.activityIds.length > 1 ? i + 1 : ''}`))) : null,
          )),
        ),
    );
  }

  function renderOthers() {
    const list = progress.measures.filter((m) => m.targets.length === 0);
    if (list.length === 0) {
      mount(others);
      others.hidden = true;
      return;
    }
    others.hidden = false;
    mount(others, h('h2', {}, '其他指标（未设目标）'), table(['指标', '实际'], list.map((m) => [m.name, fmtValue(m.actual, m.unit)])));
  }

  // Live: the worker says this department's read models changed → refetch, no reload.
  const refresh = debounce(() => void load({ live: true }), 300);
  const live = liveUpdates(ctx.department.code, {
    onProjected: refresh,
    onReconnect: refresh,
    onStatus: (s) => {
      status.dataset.state = s;
      status.textContent = s === 'live' ? '● 实时更新' : s === 'connecting' ? '连接中…' : '离线（自动重连）';
    },
  });
  void load();
  return () => live.close();
}

function stat(label, value, unit, tone = '') {
  return h('div', { class: `stat ${tone}` }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, String(value), h('span', { class: 'stat-unit' }, unit)));
}

export function table(columns, rows, cls = '') {
  return h('table', { class: `grid ${cls}` },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))),
  );
}
