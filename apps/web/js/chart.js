// @ts-check
import { h, svg } from './dom.js';

/** Colours that stay apart on screen and in print (16, one per catalog category). */
export const PALETTE = [
  '#1f5fa8',
  '#c0392b',
  '#2e8b57',
  '#d68910',
  '#7d3c98',
  '#138d90',
  '#a04000',
  '#5d6d7e',
  '#2874a6',
  '#b03a2e',
  '#1e8449',
  '#b9770e',
  '#6c3483',
  '#117a65',
  '#873600',
  '#34495e',
];

/** @typedef {{ key: string, label: string, legend?: string, color: string, values: number[] }} Series */

/**
 * A stacked bar chart drawn as inline SVG: one bar per month, one segment per category (each
 * series has 12 values). Every label is set as text content (never markup).
 * `width` is the drawing's own width (it scales to its box): a narrow one keeps labels legible on a phone.
 * @param {{ series: Series[], title: string, onBarClick?: (month: number) => void, width?: number }} options
 */
export function stackedBars({ series, onBarClick, title, width = 720 }) {
  const height = width < 500 ? 220 : 260;
  const pad = { left: 30, right: 8, top: 16, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const totals = Array.from({ length: 12 }, (_, m) => series.reduce((sum, s) => sum + s.values[m], 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  /** @param {number} v */
  const y = (v) => pad.top + plotH - (v / top) * plotH;
  const slot = plotW / 12;
  const barW = Math.min(34, slot * 0.62);

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    'aria-label': title,
    preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(svg('title', {}, title));
  for (let v = 0; v <= top; v += step) {
    chart.append(
      svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }),
      svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, String(v)),
    );
  }
  for (let m = 0; m < 12; m++) {
    const x = pad.left + slot * m + (slot - barW) / 2;
    const group = svg('g', { class: `bar${onBarClick ? ' clickable' : ''}`, dataset: { month: String(m + 1) } });
    let base = 0;
    for (const s of series) {
      const v = s.values[m];
      if (!v) continue;
      const rect = svg('rect', { x, y: y(base + v), width: barW, height: Math.max(0, y(base) - y(base + v)), fill: s.color });
      rect.append(svg('title', {}, `${m + 1}月 ${s.label}：${v} 项`));
      group.append(rect);
      base += v;
    }
    if (totals[m] > 0)
      group.append(svg('text', { x: x + barW / 2, y: y(totals[m]) - 4, 'text-anchor': 'middle', class: 'bar-total' }, String(totals[m])));
    // A transparent hit area over the whole slot, so thin bars are easy to click.
    if (onBarClick) {
      const hit = svg('rect', { x: pad.left + slot * m, y: pad.top, width: slot, height: plotH, class: 'hit' });
      hit.append(svg('title', {}, `${m + 1}月：共 ${totals[m]} 项活动，点击查看`));
      group.append(hit);
      group.addEventListener('click', () => onBarClick(m + 1));
    }
    chart.append(
      group,
      svg(
        'text',
        { x: pad.left + slot * m + slot / 2, y: height - 8, 'text-anchor': 'middle', class: 'tick' },
        width < 500 ? `${m + 1}` : `${m + 1}月`,
      ),
    );
  }
  const legend = h(
    'ul',
    { class: 'legend' },
    series
      .filter((s) => s.values.some(Boolean))
      .map((s) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', style: { background: s.color } }),
          s.label,
          h('span', { class: 'muted' }, ` ${s.legend ?? s.values.reduce((a, b) => a + b, 0)}`),
        ),
      ),
  );
  return h('div', { class: 'chart-wrap' }, chart, legend);
}

/** @param {number} max */
function niceStep(max) {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const n = raw / pow;
  return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow);
}

/**
 * A horizontal bar of value against a reference (budget, target), with an optional marker; `label`
 * names it for screen readers.
 * @param {number | null | undefined} ratio
 * @param {{ marker?: number | null, tone?: string, label?: string }} [options]
 */
export function meter(ratio, { marker = null, tone = '', label = '进度' } = {}) {
  const clamped = Math.max(0, Math.min(1, typeof ratio === 'number' && Number.isFinite(ratio) ? ratio : 0));
  return h(
    'div',
    {
      class: `meter ${tone}`,
      role: 'progressbar',
      'aria-label': label,
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': String(Math.round(clamped * 100)),
    },
    h('div', { class: 'meter-fill', style: { width: `${clamped * 100}%` } }),
    marker === null
      ? null
      : h('div', {
          class: 'meter-marker',
          style: { left: `${Math.max(0, Math.min(1, Number.isFinite(marker) ? marker : 0)) * 100}%` },
          title: '按时间进度应达到的位置',
        }),
  );
}
