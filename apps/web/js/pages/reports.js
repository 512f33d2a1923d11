import { api, can, download, getJson } from '../api.js';
import { meter } from '../chart.js';
import { deptPath } from '../data.js';
import { fmtTime, h, mount, toast } from '../dom.js';
import { JOB_STATES, L, WARNING_KINDS } from '../labels.js';

const money = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const score = (n) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));
const rate = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(2)}%`);
const num = (n) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));

/** 年终报告: request a build, watch it, preview the tables, download XLSX and HTML. */
export function render(container, ctx) {
  const base = deptPath(ctx);
  let poll = null;
  let stopped = false;
  const asOf = h('input', { type: 'date', id: 'report-as-of', min: `${ctx.year}-01-01`, max: `${ctx.year}-12-31`, 'data-testid': 'report-as-of' });
  const jobBox = h('div', { class: 'job', 'data-testid': 'job' });
  const listBox = h('div', { class: 'report-list' });
  const preview = h('div', { class: 'report-preview', 'data-testid': 'report-preview' });
  const requestButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'request-report' }, '生成年终报告');

  mount(
    container,
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, `${ctx.year} 年度年终报告`), h('p', { class: 'muted' }, `由登记的活动和计划生成${L.keyWorkTable}、${L.departmentEvaluation}、${L.projectEvaluation}和${L.sangongTable}。`)),
    ),
    h('section', { class: 'panel' },
      h('form', { class: 'report-request', onsubmit: (e) => { e.preventDefault(); void request(asOf.value || null); } },
        h('label', { class: 'inline-field', for: 'report-as-of' }, h('span', {}, `${L.asOf}（可选，默认全年）`), asOf),
        can(ctx.department.code, 'reporter') ? requestButton : h('span', { class: 'muted small' }, '生成报告需报表人员权限；已生成的报告可以查看和下载。'),
      ),
      jobBox,
    ),
    h('section', { class: 'panel' }, h('h2', {}, '已生成的报告'), listBox),
    preview,
  );

  async function request(asOfDate) {
    requestButton.disabled = true;
    mount(jobBox, h('p', {}, '正在提交…'));
    try {
      const { body } = await api(`${base}/years/${ctx.year}/reports`, { method: 'POST', body: asOfDate ? { asOf: asOfDate } : {} });
      watch(body.jobId);
    } catch (error) {
      requestButton.disabled = false;
      mount(jobBox, h('p', { class: 'form-error' },
        error.status === 503 ? '报表队列暂时不可用（活动登记不受影响），请稍后再试。'
        : error.status === 403 ? '当前账号无权生成报告。'
        : error.status === 400 ? `${L.asOf}有误：${error.fieldErrors.map((f) => f.reason).join('；') || error.message}`
        : `提交失败：${error.message}`));
    }
  }

  function watch(jobId) {
    clearTimeout(poll);
    const tick = async () => {
      if (stopped) return;
      try {
        const job = await getJson(`${base}/reports/jobs/${encodeURIComponent(jobId)}`);
        const progress = typeof job.progress === 'number' ? job.progress : job.state === 'completed' ? 100 : 0;
        mount(jobBox,
          h('div', { class: 'job-line', dataset: { state: job.state } },
            h('span', { class: `badge ${job.state === 'completed' ? 'good' : job.state === 'failed' ? 'bad' : ''}`, 'data-testid': 'job-state' }, JOB_STATES[job.state] ?? job.state),
            meter(progress / 100, { tone: job.state === 'failed' ? 'lagging' : 'met' }),
            h('span', { class: 'muted small' }, `${progress}%${job.attemptsMade > 1 ? `，第 ${job.attemptsMade} 次尝试` : ''}`),
          ),
          job.failedReason && job.state !== 'completed' ? h('p', { class: job.state === 'failed' ? 'form-error' : 'muted small' }, `原因：${job.failedReason}`) : null,
        );
        if (job.state === 'completed') {
          requestButton.disabled = false;
          toast('报告已生成', 'success');
          await loadList();
          if (job.result?.reportId) void openPreview(job.result.reportId);
          return;
        }
        if (job.state === 'failed') {
          requestButton.disabled = false;
          return;
        }
      } catch (error) {
        if (error.status === 401) return;
        mount(jobBox, h('p', { class: 'form-error' }, `查询进度失败：${error.message}（稍后自动重试）`));
      }
      poll = setTimeout(tick, 800);
    };
    void tick();
  }

  async function loadList() {
    try {
      const reports = await getJson(`${base}/years/${ctx.year}/reports`);
      if (reports.length === 0) return mount(listBox, h('p', { class: 'empty' }, '尚未生成报告。'));
      mount(listBox,
        h('table', { class: 'grid', 'data-testid': 'report-table' },
          h('thead', {}, h('tr', {}, ['生成时间', '数据截至', '事件位置', '状态', '操作'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, reports.map((r) => h('tr', { dataset: { report: r.id } },
            h('td', { class: 'nowrap' }, fmtTime(r.builtAt)),
            h('td', {}, r.asOf ?? `${ctx.year}-12-31（全年）`),
            h('td', { class: 'num' }, String(r.tenantPosition)),
            h('td', {}, r.stale
              ? [h('span', { class: 'badge warn', 'data-testid': 'stale' }, L.stale), ' ', h('button', { type: 'button', class: 'link-button small', onclick: () => void request(r.asOf) }, '重新生成')]
              : h('span', { class: 'badge good' }, '最新')),
            h('td', { class: 'actions' },
              h('button', { type: 'button', class: 'link-button', onclick: () => void openPreview(r.id) }, '预览'),
              h('button', { type: 'button', class: 'link-button', 'data-testid': 'download-xlsx', onclick: () => void save(r.id, 'xlsx') }, '下载 Excel'),
              h('button', { type: 'button', class: 'link-button', 'data-testid': 'download-html', onclick: () => void save(r.id, 'html') }, '下载 HTML'),
            ),
          ))),
        ),
      );
    } catch (error) {
      if (error.status !== 401) mount(listBox, h('p', { class: 'form-error' }, `加载失败：${error.message}`));
    }
  }

  async function save(id, format) {
    try {
      await download(`${base}/reports/${encodeURIComponent(id)}/${format}`, `${id}.${format}`);
    } catch (error) {
      toast(`下载失败：${error.message}`, 'error');
    }
  }

  async function openPreview(id) {
    mount(preview, h('section', { class: 'panel' }, '正在加载报告…'));
    try {
      const stored = await getJson(`${base}/reports/${encodeURIComponent(id)}`);
      mount(preview, renderReport(stored));
      preview.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (error) {
      mount(preview, h('section', { class: 'panel' }, h('p', { class: 'form-error' }, `加载报告失败：${error.message}`)));
    }
  }

  void loadList();
  return () => {
    stopped = true;
    clearTimeout(poll);
  };
}

// --- the preview: the same tables the XLSX and HTML carry ------------------------------------

function renderReport(stored) {
  const r = stored.report;
  const hd = r.header;
  const asOfText = `数据截至 ${hd.asOf ?? `${hd.year}-12-31`}`;
  return h('div', { class: 'report' },
    h('div', { class: 'report-head panel' },
      h('h2', {}, `${hd.department.name} ${hd.year} 年度年终报告（预览）`),
      h('p', { class: 'muted' }, `${asOfText} · 生成于 ${fmtTime(stored.builtAt)} · 事件位置 ${stored.tenantPosition}`, stored.stale ? h('span', { class: 'badge warn' }, ` ${L.stale}`) : null),
    ),
    keyWorkTable(r),
    evaluationTable(`${hd.year} 年度${hd.department.name}${L.departmentEvaluation}`, '单位名称', hd.department.name, '部门整体支出总额', r.departmentEvaluation, (g) => `年度绩效目标 ${g.no}：（${g.points} 分）`, (g) => g.text),
    r.projectEvaluations.map((p) => evaluationTable(`${hd.year} 年度市直部门${L.projectEvaluation}`, '项目名称', p.project.name, '年度财政资金总额', p, (g) => `${g.text}（${g.points} 分）`, (g) => `年度绩效目标 ${g.no}`)),
    sangongTable(r),
    warningsTable(r),
  );
}

const cell = (tag, content, attrs = {}) => h(tag, attrs, content);

function keyWorkTable(r) {
  const sign = (d) => (d === '>=' ? '≥' : '≤');
  return h('section', { class: 'panel report-section', 'data-testid': 'key-work-table' },
    h('h2', {}, `${r.header.year}年${L.keyWorkTable}`),
    h('table', { class: 'grid report-table' },
      h('thead', {}, h('tr', {}, ['序号', '重要事项', '工作内容及目标', '开展的活动', '目标与实际', '完成情况'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, r.keyWork.map((item) => h('tr', {},
        cell('td', String(item.no), { class: 'c' }),
        cell('td', item.matter),
        cell('td', item.content, { class: 'pre small' }),
        h('td', { class: 'small' }, item.activities.length === 0 ? '—' : h('ul', { class: 'plain' }, item.activities.map((a) =>
          h('li', { class: a.counted ? '' : 'not-counted' }, `${a.occurredOn} ${a.title}${a.parts > 0 ? `（含 ${a.parts} 项子活动）` : ''}（${a.role}，${a.counted ? '计入' : `不计入${a.excludedBecause ? `：${a.excludedBecause}` : ''}`}）`),
        ))),
        h('td', { class: 'small' },
          item.targets.map((t) => h('div', {}, `${t.name} ${sign(t.direction)}${num(t.target)}${t.unit}${t.revised ? `（原目标 ${num(t.original)}）` : ''}，实际 ${t.actual === null ? L.notEntered : `${num(t.actual)}${t.unit}`}${t.met ? '' : '（未达成）'}`)),
          item.milestones.map((m) => h('div', {}, `里程碑：${m.title} ${m.done ? `已完成（${m.doneOn ?? ''}）` : '未完成'}`)),
        ),
        h('td', { class: 'c' },
          h('strong', { class: item.verdict === L.done ? 'good-text' : 'bad-text' }, item.verdict),
          item.missing.map((m) => h('div', { class: 'small' }, `缺：${m}`)),
        ),
      ))),
    ),
  );
}

function evaluationTable(title, nameLabel, name, budgetLabel, e, goalLabel, goalText) {
  const b = e.budget;
  const rows = [
    h('tr', {}, h('th', {}, nameLabel), h('td', { colspan: 7 }, name)),
    h('tr', {}, h('th', { rowspan: 2 }, '预算执行情况（万元）（20 分）'), h('th', { colspan: 3 }, ''), h('th', {}, '预算数（A）'), h('th', {}, '执行数（B）'), h('th', {}, '执行率（B/A）'), h('th', {}, '得分（20 分*执行率）')),
    h('tr', {}, h('td', { colspan: 3, class: 'c' }, budgetLabel),
      b ? [h('td', { class: 'num' }, money(b.A)), h('td', { class: 'num' }, money(b.B)), h('td', { class: 'num' }, rate(b.rate))] : h('td', { colspan: 3, class: 'c' }, L.notEntered),
      h('td', { class: 'num' }, score(b?.score ?? 0))),
  ];
  for (const g of e.goals) {
    const n = Math.max(1, g.indicators.length);
    const height = 2 + n + (g.deductions.length ? 1 + g.deductions.length : 0);
    rows.push(h('tr', {}, h('th', { rowspan: height, class: 'pre' }, goalLabel(g)), h('td', { colspan: 7, class: 'pre' }, goalText(g))));
    rows.push(h('tr', {}, ['一级指标', '二级指标', '三级指标', '年初目标值（A）'].map((c) => h('th', {}, c)), h('th', { colspan: 2 }, '实际完成值（B）'), h('th', {}, '得分')));
    const scoreCell = h('td', { rowspan: n, class: 'num' }, score(g.finalScore));
    if (g.indicators.length === 0) rows.push(h('tr', {}, h('td', { colspan: 6, class: 'c' }, '未设指标，未计分'), scoreCell));
    g.indicators.forEach((ind, i) => {
      rows.push(h('tr', {},
        h('td', { class: 'c' }, ind.level1), h('td', { class: 'c' }, ind.level2), h('td', {}, ind.level3),
        h('td', { class: 'c nowrap' }, ind.A.text, ind.original !== null ? h('span', { class: 'revised small' }, `（原 ${num(ind.original)}）`) : null),
        h('td', { colspan: 2, class: `c nowrap${ind.met === false ? ' bad-text' : ''}` }, ind.B.text),
        i === 0 ? scoreCell : null,
      ));
    });
    if (g.deductions.length) {
      rows.push(h('tr', {}, h('td', { colspan: 6, class: 'c' }, '计算得分'), h('td', { class: 'num' }, score(g.computedScore))));
      for (const d of g.deductions) rows.push(h('tr', {}, h('td', { class: 'c' }, '扣分'), h('td', { colspan: 5 }, d.reason), h('td', { class: 'num' }, score(-d.points))));
    }
  }
  rows.push(h('tr', { class: 'total' }, h('th', { colspan: 7 }, '总分'), h('td', { class: 'num' }, h('strong', {}, score(e.total)))));
  rows.push(h('tr', {}, h('th', {}, '偏差大或目标未完成原因分析'), h('td', { colspan: 7, class: 'pre' }, e.deviationAnalysis ?? '')));
  if (e.notes.length) rows.push(h('tr', {}, h('th', {}, '说明'), h('td', { colspan: 7, class: 'small' }, e.notes.map((x) => h('div', {}, x)))));
  return h('section', { class: 'panel report-section', 'data-testid': 'evaluation-table' }, h('h2', {}, title), h('table', { class: 'grid report-table evaluation' }, h('tbody', {}, rows)));
}

function sangongTable(r) {
  const s = r.sangong;
  const half = () => [h('th', { rowspan: 2 }, '合计'), h('th', { rowspan: 2 }, '因公出国（境）费'), h('th', { colspan: 3 }, '公务用车购置及运行维护费'), h('th', { rowspan: 2 }, '公务接待费')];
  const sub = () => [h('th', {}, '小计'), h('th', {}, '公务用车购置费'), h('th', {}, '公务用车运行维护费')];
  const c = s.counts;
  const count = (label, v) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, v === null || v === undefined ? L.notEntered : String(v)));
  const overspent = s.columns.filter((x) => x.half === 'actual' && s.overspent[x.line]).map((x) => x.label);
  return h('section', { class: 'panel report-section', 'data-testid': 'sangong-table' },
    h('h2', {}, `${r.header.year} 年度财政拨款“三公”经费支出决算表`),
    h('p', { class: 'caption' }, h('span', {}, `部门：${r.header.department.name}`), h('span', {}, '公开 09 表　单位：万元')),
    h('div', { class: 'scroll' },
      h('table', { class: 'grid report-table sangong' },
        h('thead', {},
          h('tr', {}, h('th', { colspan: 6 }, '预算数'), h('th', { colspan: 6 }, '决算数')),
          h('tr', {}, half(), half()),
          h('tr', {}, sub(), sub()),
          h('tr', {}, s.columns.map((x) => h('th', {}, String(x.no)))),
        ),
        h('tbody', {}, h('tr', {}, s.columns.map((x) => h('td', { class: `num${x.half === 'actual' && s.overspent[x.line] ? ' bad-text' : ''}` }, money(x.value))))),
      ),
    ),
    h('table', { class: 'grid compact' }, h('tbody', {},
      count('出国（境）团组（个）', c.tripsAbroad.groups),
      count('出国（境）人次', c.tripsAbroad.persons),
      count('国内公务接待团组（个）', c.receptions.groups),
      count('国内公务接待人次', c.receptions.persons),
      count('其中：外事接待团组（个）', c.receptions.foreignGroups),
      count('其中：外事接待人次', c.receptions.foreignPersons),
      count('公务用车保有量（辆）', c.vehiclesHeld),
      h('tr', {}, h('th', {}, '超预算'), h('td', { class: overspent.length ? 'bad-text' : '' }, overspent.length ? `决算数超过预算数：${overspent.join('、')}` : '无')),
      h('tr', {}, h('th', {}, '表内关系校验'), h('td', {}, s.checks.length ? s.checks.map((v) => h('div', {}, `${v.half === 'budget' ? '预算数' : '决算数'} ${v.identity === 'total' ? '合计' : '小计'}：应为 ${v.expected}，实为 ${v.found}`)) : '通过')),
    )),
  );
}

function warningsTable(r) {
  return h('section', { class: 'panel report-section', 'data-testid': 'report-warnings' },
    h('h2', {}, L.warnings),
    r.warnings.length === 0 ? h('p', { class: 'empty' }, '无')
    : h('table', { class: 'grid report-table' },
        h('thead', {}, h('tr', {}, ['类型', '说明', '指标'].map((c) => h('th', {}, c)))),
        h('tbody', {}, r.warnings.map((w) => h('tr', {}, h('td', { class: 'nowrap' }, WARNING_KINDS[w.kind] ?? w.kind), h('td', {}, w.message), h('td', {}, w.measure ?? '')))),
      ),
  );
}
