// @ts-check
// A report job's progress, polled until it is done, and the list of the year's stored reports.

import { getJson, statusOf } from '../api.js';
import { meter } from '../chart.js';
import { h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { fmtTime } from '../time.js';

/** @typedef {import('../types.js').ReportJob} ReportJob */
/** @typedef {import('../types.js').ReportSummary} ReportSummary */

/** @param {ReportJob} job */
function jobLine(job) {
  const progress = typeof job.progress === 'number' ? job.progress : job.state === 'completed' ? 100 : 0;
  return [
    h(
      'div',
      { class: 'job-line', dataset: { state: job.state } },
      h(
        'span',
        { class: `badge ${job.state === 'completed' ? 'good' : job.state === 'failed' ? 'bad' : ''}`, 'data-testid': 'job-state' },
        meta().jobStates[job.state] ?? meta().jobStates.unknown,
      ),
      meter(progress / 100, { tone: job.state === 'failed' ? 'lagging' : 'met' }),
      h('span', { class: 'muted small' }, `${progress}%${job.attemptsMade > 1 ? `，第 ${job.attemptsMade} 次尝试` : ''}`),
    ),
    // The worker's reason is written for operators (English, internals): the page says what to do.
    job.failedReason && job.state !== 'completed'
      ? h(
          'p',
          { class: job.state === 'failed' ? 'form-error' : 'muted small', role: job.state === 'failed' ? 'alert' : null },
          job.state === 'failed' ? '报告生成失败，请稍后重新生成；如仍失败请联系管理员。' : '上次尝试未成功，正在自动重试…',
        )
      : null,
  ];
}

/**
 * Polls a job and shows its state in `box` until it completes or fails; returns a stop function.
 * @param {string} url the job's status URL
 * @param {HTMLElement} box
 * @param {(job: ReportJob) => void} onEnd called once with the completed or failed job
 */
export function watchJob(url, box, onEnd) {
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let poll;
  const tick = async () => {
    if (stopped) return;
    try {
      /** @type {ReportJob} */
      const job = await getJson(url);
      mount(box, jobLine(job));
      if (job.state === 'completed' || job.state === 'failed') return onEnd(job);
    } catch (error) {
      if (statusOf(error) === 401) return;
      mount(box, h('p', { class: 'form-error' }, `查询进度失败：${errorText(error)}（稍后自动重试）`));
    }
    poll = setTimeout(tick, 800);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(poll);
  };
}

/**
 * The stored reports: when built, as of when, whether stale; preview, download, rebuild.
 * @param {number} year
 * @param {ReportSummary[]} reports
 * @param {{
 *   staleText: string,
 *   onRebuild: (asOf: string | null) => void,
 *   onPreview: (id: string) => void,
 *   onSave: (id: string, format: 'xlsx' | 'html') => void,
 * }} actions
 */
export function reportTable(year, reports, { staleText, onRebuild, onPreview, onSave }) {
  return h(
    'table',
    { class: 'grid stack-table', 'data-testid': 'report-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['生成时间', '数据截至', '状态', '操作'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      reports.map((r) =>
        h(
          'tr',
          { dataset: { report: r.id } },
          h('td', { class: 'nowrap', dataset: { label: '生成时间' } }, fmtTime(r.builtAt)),
          h('td', { dataset: { label: '数据截至' } }, r.asOf ?? `${year}-12-31（全年）`),
          h(
            'td',
            { dataset: { label: '状态' } },
            r.stale
              ? [
                  h('span', { class: 'badge warn', 'data-testid': 'stale' }, staleText),
                  ' ',
                  h('button', { type: 'button', class: 'link-button small', onclick: () => onRebuild(r.asOf) }, '重新生成'),
                ]
              : h('span', { class: 'badge good' }, '最新'),
          ),
          h(
            'td',
            { class: 'actions', dataset: { label: '操作' } },
            h('button', { type: 'button', class: 'link-button', onclick: () => onPreview(r.id) }, '预览'),
            h(
              'button',
              { type: 'button', class: 'link-button', 'data-testid': 'download-xlsx', onclick: () => onSave(r.id, 'xlsx') },
              '下载 Excel',
            ),
            h(
              'button',
              { type: 'button', class: 'link-button', 'data-testid': 'download-html', onclick: () => onSave(r.id, 'html') },
              '下载 HTML',
            ),
          ),
        ),
      ),
    ),
  );
}
