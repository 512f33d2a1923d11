// @ts-check
// The dashboard's head figures: targets met, open, lagging, not entered, and the year's pace.

import { meter } from '../chart.js';
import { h } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';

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
 * The counts of targets by state and the share of the year gone.
 * @param {Progress} progress
 */
export function progressSummary(progress) {
  const { done, notDone, notEntered } = meta().report;
  const targets = progress.measures.flatMap((m) => m.targets);
  const met = targets.filter((t) => t.met === true).length;
  const lagging = targets.filter((t) => t.lagging).length;
  const missing = targets.filter((t) => t.met === null).length;
  const elapsed = Math.round(progress.yearElapsed * 100);
  const knownAt = progress.knownAt ? `，按 ${progress.knownAt.slice(0, 16).replace('T', ' ')} 已登记` : '';
  return [
    stat('目标', targets.length, '项'),
    stat(done, met, '项', 'good'),
    stat(notDone, targets.length - met - missing, '项'),
    stat(L.lagging, lagging, '项', lagging ? 'bad' : ''),
    stat(notEntered, missing, '项'),
    h(
      'div',
      { class: 'stat wide' },
      h('div', { class: 'stat-label' }, `时间进度（截至 ${progress.referenceDate}${knownAt}）`),
      meter(progress.yearElapsed),
      h('div', { class: 'stat-note' }, `全年已过 ${elapsed}%`),
    ),
  ];
}
