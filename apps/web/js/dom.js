// Building the DOM from nodes, never from markup strings: every string becomes a text node, so user data is never
// parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'g', 'rect', 'line', 'text', 'path', 'title', 'circle', 'polyline', 'tspan']);

/**
 * h('div', { class: 'card', onclick: fn, dataset: { measure: 'x' } }, 'text', child, [more])
 * Attributes go through setAttribute (values are strings, never markup); `on*` adds listeners.
 */
export function h(tag, attrs, ...children) {
  const svg = SVG_TAGS.has(tag);
  const el = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** A yuan-of-ten-thousand amount or a count, printed the way the report prints it. */
export function fmtNumber(value, digits) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  const d = digits ?? (Number.isInteger(value) ? 0 : 2);
  return value.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtValue(value, unit) {
  if (value === null || value === undefined) return '—';
  return unit === '%' ? `${fmtNumber(value)}%` : `${fmtNumber(value)}${unit ?? ''}`;
}

/** ISO time → 2023-06-01 14:05 in the browser's zone. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function todayIso() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A modal dialog; returns { close, body }. Esc and the × close it. */
export function dialog(title, content, { wide = false, onClose } = {}) {
  const body = h('div', { class: 'dialog-body' }, content);
  const box = h('dialog', { class: `dialog${wide ? ' wide' : ''}`, 'aria-label': title },
    h('header', { class: 'dialog-head' }, h('h2', {}, title), h('button', { class: 'icon-button', type: 'button', 'aria-label': '关闭', onclick: () => close() }, '×')),
    body,
  );
  const close = () => {
    if (box.open) box.close();
  };
  box.addEventListener('close', () => {
    box.remove();
    onClose?.();
  });
  document.body.append(box);
  box.showModal();
  return { close, body, element: box };
}

/** A transient message at the top of the page. */
export function toast(message, kind = 'info') {
  let host = $('#toasts');
  if (!host) {
    host = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(host);
  }
  const item = h('div', { class: `toast ${kind}` }, message);
  host.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
