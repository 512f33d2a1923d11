// @ts-check
import { api, ApiError, can, download, getJson, statusOf } from '../api.js';
import { reportTable, watchJob } from '../components/report-jobs.js';
import { reportPreview } from '../components/report-preview.js';
import { deptPath } from '../data.js';
import { h, messageOf, mount, toast } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').ReportSummary} ReportSummary */
/** @typedef {import('../types.js').StoredReport} StoredReport */

/**
 * Why a report request failed, in words.
 * @param {unknown} error
 */
function requestFailure(error) {
  const status = statusOf(error);
  if (status === 503) return '报表队列暂时不可用（活动登记不受影响），请稍后再试。';
  if (status === 403) return '当前账号无权生成报告。';
  if (status === 400)
    return `${L.asOf}有误：${(error instanceof ApiError && error.fieldErrors.map((f) => f.reason).join('；')) || messageOf(error)}`;
  return `提交失败：${messageOf(error)}`;
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
    toast(`下载失败：${messageOf(error)}`, 'error');
  }
}

/**
 * Loads a stored report into `preview` and scrolls to it.
 * @param {string} base the department's API path
 * @param {string} id
 * @param {HTMLElement} preview
 */
async function openPreview(base, id, preview) {
  mount(preview, h('section', { class: 'panel' }, '正在加载报告…'));
  try {
    /** @type {StoredReport} */
    const stored = await getJson(`${base}/reports/${encodeURIComponent(id)}`);
    mount(preview, reportPreview(stored, L.stale));
    preview.scrollIntoView({ behavior: 'smooth', block: 'start' });
  } catch (error) {
    mount(preview, h('section', { class: 'panel' }, h('p', { class: 'form-error' }, `加载报告失败：${messageOf(error)}`)));
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
        if (job.result?.reportId) void openPreview(base, job.result.reportId, preview);
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
              onPreview: (id) => void openPreview(base, id, preview),
              onSave: (id, format) => void save(base, id, format),
            }),
      );
    } catch (error) {
      if (statusOf(error) !== 401) mount(listBox, h('p', { class: 'form-error' }, `加载失败：${messageOf(error)}`));
    }
  }

  void loadList();
  return () => stopWatching();
}
