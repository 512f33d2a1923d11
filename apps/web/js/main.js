// @ts-check
// The router: #/<department>/<year>/<page>?…, the sign-in page, and the start (GET /api/meta first).

import { getJson, getSession, onSessionChange, setSignedOutHandler, signOut, statusOf } from './api.js';
import { renderTopbar } from './components/topbar.js';
import { $, h, messageOf, mount, toast } from './dom.js';
import { L } from './labels.js';
import { loadMeta } from './meta.js';
import * as activitiesPage from './pages/activities.js';
import * as dashboardPage from './pages/dashboard.js';
import * as plansPage from './pages/plans.js';
import * as reportsPage from './pages/reports.js';
import * as signInPage from './pages/signin.js';

/** @typedef {import('./types.js').Department} Department */
/** @typedef {import('./types.js').PageContext} PageContext */
/** @typedef {import('./types.js').PageModule} PageModule */
/** @typedef {import('./types.js').Session} Session */

/** @type {Record<string, { label: string, module: PageModule }>} */
const PAGES = {
  dashboard: { label: L.dashboard, module: dashboardPage },
  activities: { label: L.activities, module: activitiesPage },
  plans: { label: L.plans, module: plansPage },
  reports: { label: L.reports, module: reportsPage },
};

const LAST_KEY = 'keywork.last';

/**
 * @type {{
 *   departments: { code: string, name: string }[] | null,
 *   department: Department | null,
 *   years: number[],
 *   cleanup: (() => void) | null,
 *   renderId: number,
 *   routed: string | null,
 * }}
 */
const state = { departments: null, department: null, years: [], cleanup: null, renderId: 0, routed: null };

/**
 * #/wh-fao/2023/dashboard?asOf=… → { department, year, page, params }
 * @param {string} [hash]
 * @returns {{ department: string | null, year: number | null, page: string, params: URLSearchParams }}
 */
export function parseRoute(hash = location.hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  if (parts[0] === 'login') return { department: null, year: null, page: 'login', params };
  return { department: parts[0] ?? null, year: parts[1] ? Number(parts[1]) : null, page: parts[2] ?? 'dashboard', params };
}

/** @type {PageContext['href']} */
export function href(department, year, page, params = {}) {
  const q = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v !== undefined && v !== null && v !== '' ? [[k, String(v)]] : [])),
  ).toString();
  return `#/${encodeURIComponent(department)}/${year}/${page}${q ? `?${q}` : ''}`;
}

/** @type {PageContext['navigate']} */
export function navigate(hash, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  void route();
}

/**
 * Updates the query of the current page without re-rendering it (filters, as-of date).
 * @type {PageContext['setParams']}
 */
export function setParams(params) {
  const r = parseRoute();
  /** @type {Record<string, string | number | undefined>} */
  const merged = Object.fromEntries(r.params.entries());
  Object.assign(merged, params);
  history.replaceState(null, '', href(r.department ?? '', r.year ?? '', r.page, merged));
  // The page already shows this state: a later link back to the bare page must still route.
  state.routed = location.hash;
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

/** @param {string} code */
const yearsOf = async (code) => /** @type {number[]} */ (await getJson(`/api/departments/${encodeURIComponent(code)}/years`));

/** Leaves the session and shows the sign-in page. */
function leave() {
  signOut();
  state.departments = null;
  state.department = null;
  navigate('#/login', { replace: true });
}

async function route() {
  state.routed = location.hash;
  const id = ++state.renderId;
  state.cleanup?.();
  state.cleanup = null;
  const r = parseRoute();
  const session = getSession();
  const main = $('#main');
  if (r.page === 'login' || !session) {
    renderTopbar(null);
    const next = r.page === 'login' ? r.params.get('next') : location.hash;
    signInPage.render(main, {
      next: next && !next.startsWith('#/login') ? next : null,
      onSignedIn: (to) => navigate(to || '#/', { replace: true }),
    });
    return;
  }
  try {
    const departments = (state.departments ??= await departmentsOf(session));
    if (id !== state.renderId) return;
    const page = PAGES[r.page];
    if (!r.department || !r.year || !page) {
      /** @type {{ department?: string } | null} */
      const last = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null');
      const code = r.department ?? (departments.some((d) => d.code === last?.department) ? last?.department : departments[0]?.code);
      if (!code) {
        renderTopbar(null);
        mount(
          main,
          h('section', { class: 'panel empty' }, h('h1', {}, '尚无部门'), h('p', {}, '当前账号没有可查看的部门。请联系管理员。')),
        );
        return;
      }
      const years = await yearsOf(code);
      const thisYear = new Date().getFullYear();
      const year = r.year ?? (years.includes(thisYear) ? thisYear : (years[0] ?? thisYear));
      navigate(href(code, year, page ? r.page : 'dashboard'), { replace: true });
      return;
    }
    if (state.department?.code !== r.department) {
      /** @type {Department} */
      const department = await getJson(`/api/departments/${encodeURIComponent(r.department)}`);
      state.department = department;
      state.years = await yearsOf(r.department);
    }
    const department = state.department;
    if (id !== state.renderId || !department) return;
    localStorage.setItem(LAST_KEY, JSON.stringify({ department: r.department, year: r.year }));
    /** @type {PageContext} */
    const ctx = { department, year: r.year, params: r.params, session, href, navigate, setParams };
    renderTopbar({ ctx, page: r.page, pages: PAGES, departments, years: state.years, navigate, href, onSignOut: leave });
    document.title = `${page.label} · ${department.name} · ${L.appTitle}`;
    const container = h('div', { class: 'page', dataset: { page: r.page } });
    mount(main, container);
    state.cleanup = page.module.render(container, ctx) ?? null;
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) return;
    renderTopbar(null);
    mount(
      main,
      h(
        'section',
        { class: 'panel error-panel' },
        h('h1', {}, status === 404 ? '未找到该部门' : status === 403 ? '无权查看' : '加载失败'),
        h('p', {}, messageOf(error)),
        h('p', {}, h('a', { href: '#/' }, '返回首页')),
      ),
    );
  }
}

/** Loads the server's vocabulary, then routes; says so (with a retry) when the server is unreachable. */
async function start() {
  try {
    await loadMeta();
  } catch (error) {
    renderTopbar(null);
    mount(
      $('#main'),
      h(
        'section',
        { class: 'panel error-panel' },
        h('h1', {}, '无法连接服务器'),
        h('p', {}, `系统配置加载失败（${messageOf(error)}），请检查网络后重试。`),
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
  state.departments = null;
  state.department = null;
  toast('登录已过期，请重新登录', 'error');
  const here = location.hash.startsWith('#/login') ? '' : location.hash;
  navigate(`#/login${here ? `?next=${encodeURIComponent(here)}` : ''}`, { replace: true });
});
onSessionChange((s) => {
  if (!s) state.departments = null;
});
void start();
