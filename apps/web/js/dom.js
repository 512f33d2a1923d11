// @ts-check
// Building the DOM from nodes, never from markup strings: every string becomes a text node, so user data is never
// parsed as markup.

/** @typedef {import('./types.js').Child} Child */
/** @template {Element} E @typedef {import('./types.js').Attrs<E>} Attrs */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('div', { class: 'card', onclick: fn, dataset: { measure: 'x' } }, 'text', child, [more])
 * Attributes go through setAttribute (values are strings, never markup); `on*` adds listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs<HTMLElementTagNameMap[K]> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

/**
 * The same for SVG elements (charts).
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs<SVGElementTagNameMap[K]> | null} [attrs]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

/**
 * @param {HTMLElement | SVGElement} el
 * @param {{ [name: string]: unknown } | null | undefined} attrs
 */
function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === 'dataset' && typeof value === 'object') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key === 'value' && 'value' in el) Reflect.set(el, 'value', String(value));
    else if (key === 'checked' || key === 'selected' || key === 'disabled') Reflect.set(el, key, Boolean(value));
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/**
 * Appends children (nested lists flattened; null, undefined and false skipped; the rest as text).
 * @template {Element} E
 * @param {E} el
 * @param {Child[]} children
 * @returns {E}
 */
export function append(el, children) {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * Replaces an element's children.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * The element a selector finds; throws when there is none (the page's fixed skeleton).
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function $(selector) {
  const el = document.querySelector(selector);
  if (!(el instanceof HTMLElement)) throw new Error(`${selector} is missing`);
  return el;
}

/**
 * A yuan-of-ten-thousand amount or a count, printed the way the report prints it.
 * @param {number | string | null | undefined} value
 * @param {number} [digits]
 */
export function fmtNumber(value, digits) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  const d = digits ?? (Number.isInteger(value) ? 0 : 2);
  return value.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/**
 * @param {number | null | undefined} value
 * @param {string | null | undefined} unit
 */
export function fmtValue(value, unit) {
  if (value === null || value === undefined) return '—';
  return unit === '%' ? `${fmtNumber(value)}%` : `${fmtNumber(value)}${unit ?? ''}`;
}

/** Dialogs open now: a navigation closes them all. */
/** @type {Set<() => void>} */
const openDialogs = new Set();
let dialogCount = 0;

/**
 * A modal dialog; returns { close, body, element }. Esc and the × close it; focus returns to
 * where it was. A navigation closes it (closeDialogs).
 * @param {string} title
 * @param {Child} content
 * @param {{ wide?: boolean, onClose?: () => void }} [options]
 */
export function dialog(title, content, { wide = false, onClose } = {}) {
  const body = h('div', { class: 'dialog-body' }, content);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = () => {
    if (box.open) box.close();
  };
  const titleId = `dialog-title-${++dialogCount}`;
  const box = h(
    'dialog',
    { class: `dialog${wide ? ' wide' : ''}`, 'aria-labelledby': titleId },
    h(
      'header',
      { class: 'dialog-head' },
      h('h2', { id: titleId }, title),
      h('button', { class: 'icon-button', type: 'button', 'aria-label': '关闭', onclick: close }, '×'),
    ),
    body,
  );
  box.addEventListener('close', () => {
    openDialogs.delete(close);
    box.remove();
    if (opener?.isConnected) opener.focus();
    onClose?.();
  });
  openDialogs.add(close);
  document.body.append(box);
  box.showModal();
  return { close, body, element: box };
}

/** Closes every open dialog (the router does, before another page or after Back). */
export function closeDialogs() {
  for (const close of [...openDialogs]) close();
}

/**
 * Says something to screen readers without moving focus (a confirmation, a figure that changed).
 * @param {string} message
 */
export function announce(message) {
  let region = document.getElementById('announcer');
  if (!region) {
    region = h('div', { id: 'announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    document.body.append(region);
  }
  // Emptied first, so that the same words said twice are said twice.
  region.textContent = '';
  const target = region;
  setTimeout(() => (target.textContent = message), 50);
}

/** @typedef {ReturnType<typeof dialog>} Dialog */

/**
 * A transient message at the top of the page, also said to screen readers (errors assertively).
 * @param {string} message
 * @param {'info' | 'success' | 'error'} [kind]
 */
export function toast(message, kind = 'info') {
  let host = document.getElementById('toasts');
  if (!host) {
    host = h('div', { id: 'toasts' });
    document.body.append(host);
  }
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  host.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * A plain table: a header row and rows of cells.
 * @param {string[]} columns
 * @param {Child[][]} rows
 * @param {string} [cls]
 */
export function table(columns, rows, cls = '') {
  return h(
    'table',
    { class: `grid ${cls}` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          r.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}
