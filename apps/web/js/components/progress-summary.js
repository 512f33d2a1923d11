// @ts-check
// The dashboard's head figures: targets met, open, lagging, not entered, and the year's pace.

import { meter } from '../chart.js';
import { h } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';
import { fmtTime, zoneName } from '../time.js';

/** @typedef {import('../types.js').Progress} Progress */

/**
 * @param {string} label
 * @param {number} value
 * @param {string} unit
 * @param {string} [tone]
 */
function stat(label, value, unit, tone = '') {
  return h(
    'div',
    { class: `stat ${tone}` },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, String(value), h('span', { class: 'stat-unit' }, unit)),
  );
}

/**
 * Where the year stands on its reference day: over, not begun, or a share of it gone.
 * @param {Progress} progress
 * @returns {{ over: boolean, caption: string, note: string }}
 */
export function paceOf(progress) {
  const year = progress.year;
  const day = progress.referenceDate;
  if (day > `${year}-12-31`) return { over: true, caption: `时间进度：${year} 年全年已结束`, note: '全年已结束，按全年目标核对' };
  if (day < `${year}-01-01`) return { over: false, caption: `时间进度：${year} 年尚未开始`, note: '年度尚未开始' };
  const elapsed = Math.round(progress.yearElapsed * 100);
  return {
    over: progress.yearElapsed >= 1,
    caption: `时间进度（截至 ${day}）`,
    note: progress.yearElapsed >= 1 ? '全年已结束，按全年目标核对' : `全年已过 ${elapsed}%`,
  };
}

/**
 * The counts of targets by state and the share of the year gone; a look-back names the time it
 * looks back to (in the office's zone).
 * @param {Progress} progress
 */
export function progressSummary(progress) {
  const { done, notDone, notEntered } = meta().report;
  const targets = progress.measures.flatMap((m) => m.targets);
  const met = targets.filter((t) => t.met === true).length;
  const lagging = targets.filter((t) => t.lagging).length;
  const missing = targets.filter((t) => t.met === null).length;
  const pace = paceOf(progress);
  return [
    stat('目标', targets.length, '项'),
    stat(done, met, '项', 'good'),
    stat(notDone, targets.length - met - missing, '项'),
    stat(L.lagging, lagging, '项', lagging ? 'bad' : ''),
    stat(notEntered, missing, '项'),
    h(
      'div',
      { class: 'stat wide', 'data-testid': 'pace' },
      h('div', { class: 'stat-label' }, pace.caption),
      meter(pace.over ? 1 : progress.yearElapsed, { label: '全年时间进度' }),
      h('div', { class: 'stat-note' }, pace.note),
      progress.knownAt
        ? h(
            'div',
            { class: 'stat-note', 'data-testid': 'known-at-note' },
            `回看：${fmtTime(progress.knownAt)}（${zoneName()}）时已登记的数据`,
          )
        : null,
    ),
  ];
}
