// @ts-check
// The start, before the app's modules have loaded. index.html runs this module on its own (async,
// with the four small modules it imports), so as soon as it arrives it asks for what the opened
// address needs — the vocabulary, the departments, the department and its years, the page's own
// first answer — and preloads the page's modules, all at once. The router and the page then ask
// for the same paths and get these answers (api.js `prefetch`), instead of asking one after another.

import { getSession, prefetch } from './api.js';
import { loadMeta } from './meta.js';
import { PAGE_MODULES } from './page-modules.js';
import { parseRoute } from './routes.js';

/**
 * What a page asks for first beyond the department and its years, for its address's query (the
 * same paths the page builds, or they would be asked twice); none for a page not listed.
 * @type {Partial<Record<import('./routes.js').PageName, (department: string, year: number, params: URLSearchParams) => string[]>>}
 */
const FIRST_ANSWERS = {
  // The target cards wait for the progress only; a look-back's is asked by the page (its time needs the department's zone).
  dashboard: (department, year, params) => (params.has('asOf') || params.has('knownAt') ? [] : [`${department}/years/${year}/progress`]),
};

/** Adds a `<link rel="modulepreload">` per module: fetched in parallel, not one import level after another. */
function preloadModules(/** @type {string[]} */ paths) {
  for (const path of paths) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = path;
    document.head.append(link);
  }
}

function start() {
  loadMeta().catch(() => undefined);
  const route = parseRoute(location.hash);
  const session = getSession();
  if (!session || route.kind !== 'page') return;
  prefetch('/api/departments');
  // Only a department the user may open (a role in it, or in every department): an address naming
  // another one shows 页面不存在 after the list of departments, with no request for it.
  if (session.user.roles.some((role) => role.department === route.department || role.department === '*')) {
    const department = `/api/departments/${encodeURIComponent(route.department)}`;
    prefetch(department);
    prefetch(`${department}/years`);
    for (const path of FIRST_ANSWERS[route.page]?.(department, route.year, route.params) ?? []) prefetch(path);
  }
  preloadModules(PAGE_MODULES[route.page]);
}

start();
