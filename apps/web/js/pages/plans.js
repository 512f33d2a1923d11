import { can, getJson } from '../api.js';
import { deptPath } from '../data.js';
import { dialog, fmtNumber, fmtTime, h, mount, toast } from '../dom.js';
import { DIRECTION, EVENT_NAMES, PLAN_KINDS, SANGONG } from '../labels.js';

const SECTIONS = [
  ['key-work', PLAN_KINDS['key-work']],
  ['department-goal', PLAN_KINDS['department-goal']],
  ['project-goal', PLAN_KINDS['project-goal']],
  ['budget', '预算与“三公”'],
  ['figures', '填报数值与扣分'],
];

/** 计划与目标: the three plans that carry targets, with every revision shown. */
export function render(container, ctx) {
  let section = ctx.params.get('plan') ?? 'key-work';
  let plan = null;
  // Every role of the department may read a target's history.
  const auditor = true;
  const content = h('div', { class: 'plan-content' });
  const chips = h('div', { class: 'chips', role: 'tablist' },
    SECTIONS.map(([key, label]) => h('button', { type: 'button', role: 'tab', class: `chip${key === section ? ' active' : ''}`, 'aria-selected': String(key === section), dataset: { section: key }, onclick: () => {
      section = key;
      ctx.setParams({ plan: key });
      for (const c of chips.children) {
        c.classList.toggle('active', c.dataset.section === key);
        c.setAttribute('aria-selected', String(c.dataset.section === key));
      }
      draw();
    } }, label)),
  );
  mount(container,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, `${ctx.year} 年度计划与目标`), h('p', { class: 'muted' }, '重点工作、部门整体绩效目标和项目绩效目标对同一指标可能设定不同的目标值，各按其计划核对。'))),
    chips,
    content,
  );

  const measureName = (code) => plan.measures.find((m) => m.code === code)?.name ?? code;
  const measureUnit = (code) => plan.measures.find((m) => m.code === code)?.unit ?? '';

  function targetsTable(targets, { indicator = false } = {}) {
    if (targets.length === 0) return h('p', { class: 'empty' }, '未设定目标值。');
    return h('table', { class: 'grid targets-table' },
      h('thead', {}, h('tr', {}, [...(indicator ? ['一级指标', '二级指标', '三级指标'] : ['指标']), '目标值', '调整', ...(auditor ? [''] : [])].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, targets.map((t) => {
        const unit = t.unit || measureUnit(t.measure);
        return h('tr', { dataset: { target: t.id } },
          indicator ? [h('td', {}, t.labels?.level1 ?? ''), h('td', {}, t.labels?.level2 ?? ''), h('td', {}, t.labels?.level3 ?? measureName(t.measure))] : h('td', {}, measureName(t.measure)),
          h('td', { class: 'nowrap' }, `${DIRECTION[t.direction]}${fmtNumber(t.value)}${unit === '%' ? '%' : unit}`, t.revisions.length ? h('span', { class: 'revised' }, `（原 ${fmtNumber(t.original)}）`) : null),
          h('td', { class: 'small' }, t.revisions.length === 0 ? '—' : t.revisions.map((r) => h('div', {}, `${fmtTime(r.at)} 由 ${fmtNumber(r.previous)} 调整为 ${fmtNumber(r.value)}：${r.reason}${r.by ? `（${r.by}）` : ''}`))),
          auditor ? h('td', {}, h('button', { type: 'button', class: 'link-button small', onclick: () => targetHistory(t) }, '历史')) : null,
        );
      })),
    );
  }

  async function targetHistory(t) {
    const body = h('div', {}, '正在加载…');
    dialog(`目标历史：${measureName(t.measure)}`, body, { wide: true });
    try {
      const history = await getJson(`${deptPath(ctx)}/years/${ctx.year}/targets/${encodeURIComponent(t.id)}/history`);
      mount(body, h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, ['时间', '操作人', '操作', '内容'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, history.map((e) => h('tr', {},
          h('td', { class: 'nowrap' }, fmtTime(e.recordedAt)),
          h('td', {}, e.actor ?? '—'),
          h('td', {}, EVENT_NAMES[e.type] ?? e.type),
          h('td', { class: 'small' }, e.type.endsWith('target-revised.v1') ? `${fmtNumber(e.data.previous)} → ${fmtNumber(e.data.value)}：${e.data.reason}` : e.type.endsWith('target-set.v1') ? `${DIRECTION[e.data.target.direction]}${fmtNumber(e.data.target.value)}` : (e.data.reason ?? '')),
        ))),
      ));
    } catch (error) {
      mount(body, h('p', { class: 'form-error' }, error.message));
    }
  }

  const targetsOf = (pred) => plan.targets.filter((t) => pred(t.plan));

  function keyWork() {
    const items = [...plan.keyWork].sort((a, b) => a.no - b.no);
    if (items.length === 0) return h('p', { class: 'empty' }, '本年度尚无重点工作计划。');
    return items.map((item) =>
      h('article', { class: 'panel plan-item', dataset: { item: String(item.no) } },
        h('h2', {}, h('span', { class: 'item-no' }, String(item.no)), item.matter),
        h('p', { class: 'pre' }, item.content),
        targetsTable(targetsOf((p) => p.kind === 'key-work' && p.item === item.no)),
        item.milestones.length ? h('div', { class: 'milestone-list' }, h('h3', {}, '里程碑'), h('ul', {}, item.milestones.map((m) => h('li', {}, m.title)))) : null,
      ),
    );
  }

  function goals(scope, project) {
    const list = plan.goals.filter((g) => g.scope === scope && (scope === 'department' || g.project === project)).sort((a, b) => a.no - b.no);
    if (list.length === 0) return h('p', { class: 'empty' }, '未设定绩效目标。');
    return list.map((g) =>
      h('div', { class: 'goal' },
        h('h3', {}, `目标 ${g.no}（${fmtNumber(g.points)} 分）`),
        h('p', { class: 'pre' }, g.text),
        targetsTable(targetsOf((p) => (scope === 'department' ? p.kind === 'department-goal' && p.goal === g.no : p.kind === 'project-goal' && p.project === project && p.goal === g.no)), { indicator: true }),
      ),
    );
  }

  function budgetLine(b) {
    return b ? `年初预算 ${fmtNumber(b.initial, 2)}，调整后预算 ${fmtNumber(b.adjusted, 2)}，执行 ${fmtNumber(b.executed, 2)}（万元）` : '未录入预算';
  }

  function draw() {
    if (!plan) return;
    switch (section) {
      case 'key-work':
        return mount(content, keyWork());
      case 'department-goal':
        return mount(content, h('section', { class: 'panel' }, h('h2', {}, PLAN_KINDS['department-goal']), h('p', { class: 'muted' }, budgetLine(plan.budgets.department)), goals('department')));
      case 'project-goal':
        return mount(content, plan.projects.length === 0 ? h('p', { class: 'empty panel' }, '未设定项目。')
          : plan.projects.map((p) => h('section', { class: 'panel' }, h('h2', {}, p.name), h('p', { class: 'muted' }, budgetLine(plan.budgets.projects[p.code])), goals('project', p.code))));
      case 'budget':
        return mount(content,
          h('section', { class: 'panel' }, h('h2', {}, '预算（万元）'),
            h('table', { class: 'grid' },
              h('thead', {}, h('tr', {}, ['', '年初预算', '调整后预算', '执行数'].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {},
                [['部门整体', plan.budgets.department], ...plan.projects.map((p) => [p.name, plan.budgets.projects[p.code]])].map(([name, b]) =>
                  h('tr', {}, h('th', { scope: 'row' }, name), ['initial', 'adjusted', 'executed'].map((k) => h('td', { class: 'num' }, b ? fmtNumber(b[k], 2) : '—'))),
                ),
              ),
            ),
          ),
          h('section', { class: 'panel' }, h('h2', {}, '“三公”经费（万元）'),
            h('table', { class: 'grid' },
              h('thead', {}, h('tr', {}, ['项目', '预算数', '决算数', '团组/批次', '人次'].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {}, SANGONG.map(([key, label]) => {
                const l = plan.sangong[key];
                return h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, l ? fmtNumber(l.budget, 2) : '—'), h('td', { class: 'num' }, l ? fmtNumber(l.actual, 2) : '—'), h('td', { class: 'num' }, l?.groups ?? '—'), h('td', { class: 'num' }, l?.persons ?? '—'));
              })),
            ),
          ),
        );
      case 'figures':
        return mount(content,
          h('section', { class: 'panel' }, h('h2', {}, '填报数值'),
            plan.measurements.length === 0 ? h('p', { class: 'empty' }, '尚无填报数值。')
            : h('table', { class: 'grid' },
                h('thead', {}, h('tr', {}, ['指标', '数值', '测量日期', '说明', '录入'].map((c) => h('th', { scope: 'col' }, c)))),
                h('tbody', {}, plan.measurements.map((m) => h('tr', {}, h('td', {}, measureName(m.measure)), h('td', { class: 'num' }, `${fmtNumber(m.value)}${measureUnit(m.measure) === '%' ? '%' : measureUnit(m.measure)}`), h('td', {}, m.measuredOn), h('td', {}, m.note ?? ''), h('td', { class: 'small' }, `${fmtTime(m.recordedAt)} ${m.recordedBy ?? ''}`)))),
              ),
          ),
          h('section', { class: 'panel' }, h('h2', {}, '扣分'),
            plan.adjustments.length === 0 ? h('p', { class: 'empty' }, '无扣分。')
            : h('table', { class: 'grid' },
                h('thead', {}, h('tr', {}, ['范围', '扣分', '原因', '状态'].map((c) => h('th', { scope: 'col' }, c)))),
                h('tbody', {}, plan.adjustments.map((a) => h('tr', { class: a.withdrawn ? 'withdrawn' : '' }, h('td', {}, scopeText(a.scope)), h('td', { class: 'num' }, fmtNumber(a.points)), h('td', {}, a.reason), h('td', {}, a.withdrawn ? '已撤销' : '有效')))),
              ),
          ),
        );
    }
  }

  function scopeText(scope) {
    const [kind, a, b] = scope.split(':');
    if (kind === 'department-goal') return `部门整体绩效目标 ${a}`;
    if (kind === 'project-goal') return `${plan.projects.find((p) => p.code === a)?.name ?? a} 目标 ${b}`;
    return scope;
  }

  getJson(`${deptPath(ctx)}/years/${ctx.year}/plan`)
    .then((p) => {
      plan = p;
      draw();
    })
    .catch((error) => error.status !== 401 && toast(`加载计划失败：${error.message}`, 'error'));
}
