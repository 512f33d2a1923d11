// @ts-check
// The server's vocabulary and limits (GET /api/meta): role, status, event and report labels, the
// 三公 lines, the longest texts and the largest page. Loaded once before the first page renders, so
// that pages read it synchronously and the words match what the server and its reports print.

import { earlyAnswer } from './api.js';

/** @typedef {import('./types.js').Meta} Meta */

/** @type {Meta | null} */
let loaded = null;
/** @type {Promise<Meta> | null} */
let loading = null;

/**
 * Fetches /api/meta (public: no token needed) once: index.html's start script asks with the
 * document, main.js waits for that answer; after a failure the next call asks again.
 * @returns {Promise<Meta>}
 */
export function loadMeta() {
  if (!loading) {
    const attempt = fetchMeta();
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
    loading = attempt;
  }
  return loading;
}

/** @returns {Promise<Meta>} */
async function fetchMeta() {
  const early = await earlyAnswer('/api/meta');
  if (early) {
    loaded = /** @type {Meta} */ (early.body);
    return loaded;
  }
  const response = await fetch('/api/meta', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  /** @type {Meta} */
  const body = await response.json();
  loaded = body;
  return body;
}

/**
 * The loaded vocabulary (main.js loads it before any page renders).
 * @returns {Meta}
 */
export function meta() {
  if (!loaded) throw new Error('meta() was called before loadMeta()');
  return loaded;
}

/**
 * What a history calls an event: its label, or that of another version of it (登记, 调整目标…).
 * @param {string} type e.g. 'plan.target-revised.v2'
 */
export function eventLabel(type) {
  const events = meta().events;
  const base = type.replace(/\.v\d+$/, '');
  return events[type] ?? Object.entries(events).find(([key]) => key.replace(/\.v\d+$/, '') === base)?.[1] ?? '其他操作';
}
