// @ts-check
import { api, ApiError, can, download, getJson, statusOf } from '../api.js';
import { reportTable, watchJob } from '../components/report-jobs.js';
import { reportPreview } from '../components/report-preview.js';
import { deptPath, fetchPlan } from '../data.js';
import { h, mount, toast } from '../dom.js';
import { codeOf, errorText } from '../errors.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').ReportSummary} ReportSummary */
/** @typedef {import('../types.js').StoredReport} StoredReport */

/**
 * Why a report request failed, in words.
 * @param {unknown} error
 */
function requestFailure(error) {
  const status = statusOf(error);
  if (status === 403) return '当前账号无权生成报告。';
  if (status === 400 && codeOf(error) === 'VALIDATION.FAILED' && error instanceof ApiError && error.fieldErrors.length)
    return `${L.asOf}有误：请选择本年度内的有效日期。`;
  return `提交失败：${errorText(error)}`;
}

/**
 * Downloads a report as XLSX or HTML (fetched with the token).
 * @param {string} base the department's API path
 * @param {string} id
 * @param {'xlsx' | 'html'} format
 */
async function save(base, id, format) {
  try {
    await download(`${base}/reports/${encodeURIComponent(id)}/${format}`, `${id}.${format}`);
  } catch (error) {
    toast(`下载失败：${errorText(error)}`, 'error');
  }
}

/**
 * Loads a stored report into `preview` and scrolls to it.
 * @param {PageContext} ctx
 * @param {string} id
 * @param {HTMLElement} preview
 * @param {Promise<Plan | null>} plan names the measures and targets the report holds codes of
 */
async function openPreview(ctx, id, preview, plan) {
  mount(preview, h('section', { class: 'panel', 'aria-busy': 'true' }, '正在加载报告…'));
  try {
    /** @type {StoredReport} */
    const stored = await getJson(`${deptPath(ctx)}/reports/${encodeURIComponent(id)}`);
    mount(preview, reportPreview(stored, { staleText: L.stale, catalog: ctx.department.catalog, plan: await plan }));
    preview.scrollIntoView({ behavior: 'smooth', block: 'start' });
  } catch (error) {
    mount(preview, h('section', { class: 'panel' }, h('p', { class: 'form-error', role: 'alert' }, `加载报告失败：${errorText(error)}`)));
  }
}

/**
 * 年终报告: request a build, watch it, preview the tables, download XLSX and HTML.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const base = deptPath(ctx);
  const { report } = meta();
  let stopWatching = () => {};
  /** @type {Promise<Plan | null> | null} */
  let plan = null;
  const planOnce = () => (plan ??= fetchPlan(ctx).catch(() => null));
  const asOf = h('input', {
    type: 'date',
    id: 'report-as-of',
    min: `${ctx.year}-01-01`,
    max: `${ctx.year}-12-31`,
    'data-testid': 'report-as-of',
  });
  const jobBox = h('div', { class: 'job', 'data-testid': 'job' });
  const listBox = h('div', { class: 'report-list' });
  const preview = h('div', { class: 'report-preview', 'data-testid': 'report-preview' });
  const requestButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'request-report' }, '生成年终报告');

  mount(
    container,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', {}, `${ctx.year} 年度年终报告`),
        h(
          'p',
          { class: 'muted' },
          `由登记的活动和计划生成${report.keyWorkTable}、${report.departmentEvaluation}、${report.projectEvaluation}和${report.sangongTable}。`,
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h(
        'form',
        {
          class: 'report-request',
          onsubmit: (e) => {
            e.preventDefault();
            void request(asOf.value || null);
          },
        },
        h('label', { class: 'inline-field', for: 'report-as-of' }, h('span', {}, `${L.asOf}（可选，默认全年）`), asOf),
        can(ctx.department.code, 'reporter')
          ? requestButton
          : h('span', { class: 'muted small' }, '生成报告需报表人员权限；已生成的报告可以查看和下载。'),
      ),
      jobBox,
    ),
    h('section', { class: 'panel' }, h('h2', {}, '已生成的报告'), listBox),
    preview,
  );

  /** @param {string | null} asOfDate */
  async function request(asOfDate) {
    requestButton.disabled = true;
    mount(jobBox, h('p', {}, '正在提交…'));
    try {
      /** @type {{ body: { jobId: string } }} */
      const { body } = await api(`${base}/years/${ctx.year}/reports`, { method: 'POST', body: asOfDate ? { asOf: asOfDate } : {} });
      stopWatching();
      stopWatching = watchJob(`${base}/reports/jobs/${encodeURIComponent(body.jobId)}`, jobBox, async (job) => {
        requestButton.disabled = false;
        if (job.state !== 'completed') return;
        toast('报告已生成', 'success');
        await loadList();
        if (job.result?.reportId) void openPreview(ctx, job.result.reportId, preview, planOnce());
      });
    } catch (error) {
      requestButton.disabled = false;
      mount(jobBox, h('p', { class: 'form-error' }, requestFailure(error)));
    }
  }

  async function loadList() {
    try {
      /** @type {ReportSummary[]} */
      const reports = await getJson(`${base}/years/${ctx.year}/reports`);
      mount(
        listBox,
        reports.length === 0
          ? h('p', { class: 'empty' }, '尚未生成报告。')
          : reportTable(ctx.year, reports, {
              staleText: L.stale,
              onRebuild: (at) => void request(at),
              onPreview: (id) => void openPreview(ctx, id, preview, planOnce()),
              onSave: (id, format) => void save(base, id, format),
            }),
      );
    } catch (error) {
      if (statusOf(error) !== 401) mount(listBox, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    }
  }

  void loadList();
  return () => stopWatching();
}
