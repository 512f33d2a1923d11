// @ts-check
// The router: #/<department>/<year>/<page>[/<activity>]?…, the sign-in page, 页面不存在, and the
// start (GET /api/meta first). Addresses are parsed strictly (routes.js): a partial one is completed
// once with a replace, an unknown one shows 页面不存在, so no address ever redirects in a loop.
// What the opened address needs was asked for by the document's start script (index.html).

import { can, getJson, getSession, onSessionChange, setSignedOutHandler, signOut, statusOf } from './api.js';
import { renderTopbar } from './components/topbar.js';
import { $, closeDialogs, h, mount, toast } from './dom.js';
import { errorText } from './errors.js';
import { L } from './labels.js';
import { loadMeta } from './meta.js';
import { forgetPeople } from './people.js';
import { href, parseRoute, samePage } from './routes.js';
import { currentYear, setTimeZone } from './time.js';

/** @typedef {import('./types.js').Department} Department */
/** @typedef {import('./types.js').PageContext} PageContext */
/** @typedef {import('./types.js').PageHandle} PageHandle */
/** @typedef {import('./types.js').PageModule} PageModule */
/** @typedef {import('./types.js').PageName} PageName */
/** @typedef {import('./types.js').Route} Route */
/** @typedef {import('./types.js').Session} Session */

/** @typedef {{ label: string, load: () => Promise<PageModule>, visible?: (department: string) => boolean }} PageEntry */

/**
 * The pages, in the order of the tabs; a page with `visible` has its tab only for those it says (the api decides).
 * Each page's modules are run when it is first opened (`import()`: in the api's bundle of the app, web-bundle.ts, a
 * module of its own in the sources).
 * @type {Record<PageName, PageEntry>}
 */
const PAGES = {
  dashboard: { label: L.dashboard, load: () => import('./pages/dashboard.js') },
  activities: { label: L.activities, load: () => import('./pages/activities.js') },
  sangong: { label: '“三公”经费', load: () => import('./pages/sangong.js') },
  plans: { label: L.plans, load: () => import('./pages/plans.js') },
  reports: { label: L.reports, load: () => import('./pages/reports.js') },
  import: { label: L.import, load: () => import('./pages/import.js'), visible: (department) => can(department, 'staff') },
  audit: { label: L.audit, load: () => import('./pages/audit.js'), visible: (department) => can(department, 'auditor') },
  admin: { label: L.admin, load: () => import('./pages/admin.js'), visible: () => can('*', 'admin') },
};

/** The sign-in page, loaded only when needed: a signed-in start does not wait for it. */
const loadSignInPage = () => import('./pages/signin.js');

const LAST_KEY = 'keywork.last';
/** More routings than this within a second is a loop: stop and say so. */
const MAX_ROUTES_PER_SECOND = 12;

/**
 * @type {{
 *   departments: { code: string, name: string }[] | null,
 *   departmentsLoading: Promise<{ code: string, name: string }[]> | null,
 *   department: Department | null,
 *   departmentLoading: { code: string, promise: Promise<Department> } | null,
 *   years: Map<string, Promise<number[]>>,
 *   handle: PageHandle | null,
 *   route: Route | null,
 *   renderId: number,
 *   routed: string | null,
 *   recent: number[],
 * }}
 */
const state = {
  departments: null,
  departmentsLoading: null,
  department: null,
  departmentLoading: null,
  years: new Map(),
  handle: null,
  route: null,
  renderId: 0,
  routed: null,
  recent: [],
};

/**
 * The departments the user may open, asked once (and again after a failure).
 * @param {Session} session
 */
function listedDepartments(session) {
  if (!state.departmentsLoading) {
    const loading = departmentsOf(session);
    loading.catch(() => {
      if (state.departmentsLoading === loading) state.departmentsLoading = null;
    });
    state.departmentsLoading = loading;
  }
  return state.departmentsLoading;
}

/**
 * A department's document, asked once per visit of it (a request already on its way is reused).
 * @param {string} code
 * @returns {Promise<Department>}
 */
function departmentDocument(code) {
  if (state.departmentLoading?.code !== code) {
    /** @type {Promise<Department>} */
    const promise = getJson(`/api/departments/${encodeURIComponent(code)}`);
    const loading = { code, promise };
    promise.catch(() => {
      if (state.departmentLoading === loading) state.departmentLoading = null;
    });
    state.departmentLoading = loading;
  }
  return state.departmentLoading.promise;
}

/** @type {PageContext['navigate']} */
export function navigate(hash, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  void route();
}

/**
 * Puts an address in the bar for what the page already shows (a filter, an activity opened or
 * closed), without routing again.
 * @type {PageContext['setAddress']}
 */
export function setAddress(hash, { push = false } = {}) {
  if (push) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
  state.routed = location.hash;
  state.route = parseRoute(location.hash);
}

/**
 * Updates the query of the current page without re-rendering it (filters, as-of date).
 * @type {PageContext['setParams']}
 */
export function setParams(params) {
  const r = parseRoute(location.hash);
  if (r.kind !== 'page') return;
  /** @type {Record<string, string | number | undefined>} */
  const merged = Object.fromEntries(r.params.entries());
  Object.assign(merged, params);
  setAddress(href(r.department, r.year, r.page, merged, r.activity));
}

/**
 * The departments the user may open (the API lists only those the user holds a role in).
 * @param {Session} session
 */
async function departmentsOf(session) {
  try {
    /** @type {{ code: string, name: string }[]} */
    const departments = await getJson('/api/departments');
    return departments.map((d) => ({ code: d.code, name: d.name }));
  } catch (error) {
    if (statusOf(error) === 401) throw error;
    const own = [...new Set(session.user.roles.map((r) => r.department).filter((d) => d && d !== '*'))];
    return own.map((code) => ({ code, name: code }));
  }
}

/**
 * The years a department has plans or activities in (asked once per department).
 * @param {string} code
 */
function yearsOf(code) {
  let years = state.years.get(code);
  if (!years) {
    years = getJson(`/api/departments/${encodeURIComponent(code)}/years`).then(
      (list) => (Array.isArray(list) ? list.filter((y) => Number.isInteger(y)) : []),
      (error) => {
        state.years.delete(code);
        throw error;
      },
    );
    state.years.set(code, years);
  }
  return years;
}

/**
 * The year a department opens on: the current year when it has one, else its latest.
 * @param {string} code
 */
async function defaultYear(code) {
  const years = await yearsOf(code);
  const now = currentYear();
  if (years.length === 0 || years.includes(now)) return now;
  const past = years.filter((y) => y <= now);
  return past.length ? Math.max(...past) : Math.max(...years);
}

/** Leaves the session and shows the sign-in page. */
function leave() {
  signOut();
  forget();
  navigate('#/login', { replace: true });
}

function forget() {
  state.departments = null;
  state.departmentsLoading = null;
  state.department = null;
  state.departmentLoading = null;
  state.years.clear();
  forgetPeople();
}

/** Ends the page shown (its live stream, its polling). */
function endPage() {
  const handle = state.handle;
  state.handle = null;
  handle?.cleanup?.();
}

/**
 * 页面不存在: the address names no page; links to what the user may open.
 * @param {{ code: string, name: string } | null} department
 */
function notFound(department) {
  endPage();
  renderTopbar(null);
  document.title = `页面不存在 · ${L.appTitle}`;
  const year = currentYear();
  mount(
    $('#main'),
    h(
      'section',
      { class: 'panel error-panel', 'data-testid': 'not-found' },
      h('h1', {}, '页面不存在'),
      h('p', {}, department ? `地址有误：${department.name}没有这个页面。` : '地址有误，或者您没有查看该部门的权限。'),
      h(
        'ul',
        { class: 'plain-links' },
        department
          ? Object.entries(PAGES)
              .filter(([, p]) => p.visible?.(department.code) ?? true)
              .map(([key, p]) => h('li', {}, h('a', { href: href(department.code, year, key) }, `${department.name} · ${p.label}`)))
          : null,
        h('li', {}, h('a', { href: '#/' }, '返回首页')),
      ),
    ),
  );
}

/**
 * A failure to open the page, in words.
 * @param {unknown} error
 */
function failure(error) {
  endPage();
  renderTopbar(null);
  const status = statusOf(error);
  document.title = `${status === 404 ? '页面不存在' : '加载失败'} · ${L.appTitle}`;
  mount(
    $('#main'),
    h(
      'section',
      { class: 'panel error-panel', 'data-testid': 'route-error' },
      h('h1', {}, status === 404 ? '页面不存在' : status === 403 ? '无权查看' : '加载失败'),
      h('p', {}, errorText(error)),
      h('p', {}, h('a', { href: '#/' }, '返回首页')),
    ),
  );
}

/** Whether the router has run too often in the last second (an address that keeps changing). */
function looping() {
  const now = performance.now();
  state.recent = state.recent.filter((t) => now - t < 1000);
  state.recent.push(now);
  return state.recent.length > MAX_ROUTES_PER_SECOND;
}

async function route() {
  state.routed = location.hash;
  const r = parseRoute(location.hash);
  const previous = state.route;
  state.route = r;
  // Same page, another activity (opened, closed, Back): the page shows it; nothing is refetched.
  if (previous && r.kind === 'page' && samePage(previous, r) && state.handle?.showActivity) {
    state.handle.showActivity(r.activity);
    return;
  }
  const id = ++state.renderId;
  closeDialogs();
  endPage();
  if (looping()) {
    failure(new Error('route loop'));
    return;
  }
  const session = getSession();
  const main = $('#main');
  if (r.kind === 'login' || !session) {
    renderTopbar(null);
    document.title = L.appTitle;
    const next = r.kind === 'login' ? r.next : location.hash;
    try {
      const signInPage = await loadSignInPage();
      if (id !== state.renderId) return;
      signInPage.render(main, {
        next: next && !next.startsWith('#/login') ? next : null,
        onSignedIn: (to) => navigate(to || '#/', { replace: true }),
      });
    } catch (error) {
      if (id === state.renderId) failure(error);
    }
    return;
  }
  try {
    const departments = (state.departments ??= await listedDepartments(session));
    if (id !== state.renderId) return;
    if (r.kind === 'unknown') {
      notFound(departments.find((d) => d.code === r.department) ?? null);
      return;
    }
    if (r.kind === 'home') {
      /** @type {{ department?: string } | null} */
      const last = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null');
      const code = departments.some((d) => d.code === last?.department) ? last?.department : departments[0]?.code;
      if (!code) {
        renderTopbar(null);
        mount(
          main,
          h('section', { class: 'panel empty' }, h('h1', {}, '尚无部门'), h('p', {}, '当前账号没有可查看的部门。请联系管理员。')),
        );
        return;
      }
      const year = await defaultYear(code);
      if (id === state.renderId) navigate(href(code, year, 'dashboard'), { replace: true });
      return;
    }
    // A department the user may not open (or that does not exist): no request for it.
    const listed = departments.find((d) => d.code === r.department);
    if (!listed) {
      notFound(null);
      return;
    }
    if (r.kind === 'partial') {
      const year = r.year ?? (await defaultYear(r.department));
      if (id === state.renderId) navigate(href(r.department, year, r.page, Object.fromEntries(r.params.entries())), { replace: true });
      return;
    }
    // The department and its years at once (the page's modules were started with the app).
    const loading = PAGES[r.page].load();
    loading.catch(() => undefined);
    const yearsLoading = yearsOf(r.department);
    yearsLoading.catch(() => undefined);
    if (state.department?.code !== r.department) {
      const department = await departmentDocument(r.department);
      if (id !== state.renderId) return;
      state.department = department;
    }
    const years = await yearsLoading;
    const module = await loading;
    const department = state.department;
    if (id !== state.renderId || !department) return;
    setTimeZone(department.timeZone ?? department.settings?.timeZone);
    localStorage.setItem(LAST_KEY, JSON.stringify({ department: r.department, year: r.year }));
    const page = PAGES[r.page];
    /** @type {PageContext} */
    const ctx = {
      department,
      year: r.year,
      params: r.params,
      activity: r.activity,
      session,
      href,
      navigate,
      setParams,
      setAddress,
    };
    renderTopbar({ ctx, page: r.page, pages: PAGES, departments, years, navigate, href, onSignOut: leave });
    document.title = `${page.label} · ${department.name} · ${L.appTitle}`;
    const container = h('div', { class: 'page', dataset: { page: r.page } });
    mount(main, container);
    const handle = module.render(container, ctx);
    state.handle = typeof handle === 'function' ? { cleanup: handle } : (handle ?? null);
  } catch (error) {
    if (statusOf(error) === 401 || id !== state.renderId) return;
    failure(error);
  }
}

/** The skip link moves focus to the page's content (its href would change the route). */
function wireSkipLink() {
  const skip = document.querySelector('.skip-link');
  skip?.addEventListener('click', (event) => {
    event.preventDefault();
    $('#main').focus();
  });
}

/** Loads the server's vocabulary, then routes; says so (with a retry) when the server is unreachable. */
async function start() {
  // The page's modules load while the vocabulary does (import() loads each once; none calls meta()
  // as it loads); index.html's start script has asked for the answers the page needs.
  const first = parseRoute(location.hash);
  if (first.kind === 'page' && getSession()) PAGES[first.page].load().catch(() => undefined);
  else if (first.kind === 'login' || !getSession()) loadSignInPage().catch(() => undefined);
  try {
    await loadMeta();
  } catch {
    renderTopbar(null);
    mount(
      $('#main'),
      h(
        'section',
        { class: 'panel error-panel' },
        h('h1', {}, '无法连接服务器'),
        h('p', {}, '系统配置加载失败，请检查网络后重试。'),
        h('button', { type: 'button', class: 'primary', onclick: () => void start() }, '重试'),
      ),
    );
    return;
  }
  // Links change the hash (hashchange), Back changes history (popstate, often both): route once.
  const routeIfChanged = () => {
    if (location.hash !== state.routed) void route();
  };
  window.addEventListener('popstate', routeIfChanged);
  window.addEventListener('hashchange', routeIfChanged);
  void route();
}

setSignedOutHandler(() => {
  forget();
  toast('登录已过期，请重新登录', 'error');
  const here = location.hash.startsWith('#/login') ? '' : location.hash;
  navigate(`#/login${here ? `?next=${encodeURIComponent(here)}` : ''}`, { replace: true });
});
onSessionChange((s) => {
  if (!s) forget();
});
wireSkipLink();
void start();
