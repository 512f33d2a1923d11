import { getJson, getSession, onSessionChange, setSignedOutHandler, signOut } from './api.js';
import { $, h, mount, toast } from './dom.js';
import { L, ROLE_NAMES } from './labels.js';
import * as activitiesPage from './pages/activities.js';
import * as dashboardPage from './pages/dashboard.js';
import * as plansPage from './pages/plans.js';
import * as reportsPage from './pages/reports.js';
import * as signInPage from './pages/signin.js';

const PAGES = {
  dashboard: { label: L.dashboard, module: dashboardPage },
  activities: { label: L.activities, module: activitiesPage },
  plans: { label: L.plans, module: plansPage },
  reports: { label: L.reports, module: reportsPage },
};

const LAST_KEY = 'keywork.last';
const state = { departments: null, department: null, years: [], cleanup: null, renderId: 0 };

/** #/wh-fao/2023/dashboard?asOf=… → { department, year, page, params } */
export function parseRoute(hash = location.hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  if (parts[0] === 'login') return { page: 'login', params };
  return { department: parts[0] ?? null, year: parts[1] ? Number(parts[1]) : null, page: parts[2] ?? 'dashboard', params };
}

export function href(department, year, page, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return `#/${encodeURIComponent(department)}/${year}/${page}${q ? `?${q}` : ''}`;
}

export function navigate(hash, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  void route();
}

/** Updates the query of the current page without re-rendering it (filters, as-of date). */
export function setParams(params) {
  const r = parseRoute();
  const merged = Object.fromEntries(r.params.entries());
  Object.assign(merged, params);
  history.replaceState(null, '', href(r.department, r.year, r.page, merged));
  // The page already shows this state: a later link back to the bare page must still route.
  state.routed = location.hash;
}

/** The departments the user may open (the API lists only those the user holds a role in). */
async function departmentsOf(session) {
  try {
    return (await getJson('/api/departments')).map((d) => ({ code: d.code, name: d.name }));
  } catch (error) {
    if (error.status === 401) throw error;
    const own = [...new Set((session.user?.roles ?? []).map((r) => r.department).filter((d) => d && d !== '*'))];
    return own.map((code) => ({ code, name: code }));
  }
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
    state.cleanup = signInPage.render(main, { next: next && !next.startsWith('#/login') ? next : null, onSignedIn: (to) => navigate(to || '#/', { replace: true }) });
    return;
  }
  try {
    state.departments ??= await departmentsOf(session);
    if (id !== state.renderId) return;
    if (!r.department || !r.year || !PAGES[r.page]) {
      const last = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null');
      const code = r.department ?? (state.departments.some((d) => d.code === last?.department) ? last.department : state.departments[0]?.code);
      if (!code) {
        renderTopbar(null);
        mount(main, h('section', { class: 'panel empty' }, h('h1', {}, '尚无部门'), h('p', {}, '当前账号没有可查看的部门。请联系管理员。')));
        return;
      }
      const years = await getJson(`/api/departments/${encodeURIComponent(code)}/years`);
      const thisYear = new Date().getFullYear();
      const year = r.year ?? (years.includes(thisYear) ? thisYear : (years[0] ?? thisYear));
      navigate(href(code, year, PAGES[r.page] ? r.page : 'dashboard'), { replace: true });
      return;
    }
    if (state.department?.code !== r.department) {
      state.department = await getJson(`/api/departments/${encodeURIComponent(r.department)}`);
      state.years = await getJson(`/api/departments/${encodeURIComponent(r.department)}/years`);
    }
    if (id !== state.renderId) return;
    localStorage.setItem(LAST_KEY, JSON.stringify({ department: r.department, year: r.year }));
    const ctx = { department: state.department, year: r.year, params: r.params, session, href, navigate, setParams };
    renderTopbar(ctx, r.page);
    document.title = `${PAGES[r.page].label} · ${state.department.name} · ${L.appTitle}`;
    const container = h('div', { class: 'page', dataset: { page: r.page } });
    mount(main, container);
    state.cleanup = PAGES[r.page].module.render(container, ctx) ?? null;
  } catch (error) {
    if (error?.status === 401) return;
    renderTopbar(null);
    mount(
      main,
      h('section', { class: 'panel error-panel' },
        h('h1', {}, error?.status === 404 ? '未找到该部门' : error?.status === 403 ? '无权查看' : '加载失败'),
        h('p', {}, error?.message ?? String(error)),
        h('p', {}, h('a', { href: '#/' }, '返回首页')),
      ),
    );
  }
}

function renderTopbar(ctx, page) {
  const bar = $('#topbar');
  const session = getSession();
  const user = session?.user;
  const roles = (user?.roles ?? []).map((r) => ROLE_NAMES[r.role] ?? r.role);
  const brand = h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '重'), h('span', {}, L.appTitle));
  if (!ctx) {
    mount(bar, h('div', { class: 'topbar-inner' }, brand));
    return;
  }
  const years = [...new Set([...state.years, ctx.year, new Date().getFullYear()])].sort((a, b) => b - a);
  const deptControl =
    state.departments && state.departments.length > 1
      ? h('select', { class: 'dept-select', 'aria-label': '部门', onchange: (e) => navigate(href(e.target.value, ctx.year, page)) },
          state.departments.map((d) => h('option', { value: d.code, selected: d.code === ctx.department.code }, d.name)),
        )
      : null;
  mount(
    bar,
    h('div', { class: 'topbar-inner' },
      brand,
      h('div', { class: 'dept' },
        h('span', { class: 'dept-name', title: ctx.department.code, 'data-testid': 'department-name' }, ctx.department.name),
        deptControl,
      ),
      h('label', { class: 'year' },
        h('span', {}, '年度'),
        h('select', { 'aria-label': '年度', 'data-testid': 'year-select', onchange: (e) => navigate(href(ctx.department.code, e.target.value, page)) },
          years.map((y) => h('option', { value: y, selected: y === ctx.year }, `${y} 年`)),
        ),
      ),
      h('nav', { class: 'tabs', 'aria-label': '页面' },
        Object.entries(PAGES).map(([key, p]) =>
          h('a', { href: href(ctx.department.code, ctx.year, key), class: key === page ? 'active' : '', 'aria-current': key === page ? 'page' : null }, p.label),
        ),
      ),
      h('div', { class: 'user' },
        h('span', { class: 'user-name', 'data-testid': 'user-name' }, user?.displayName ?? user?.username ?? ''),
        roles.length ? h('span', { class: 'user-roles' }, roles.join('、')) : null,
        h('button', { type: 'button', class: 'link-button', onclick: () => { signOut(); state.departments = null; state.department = null; navigate('#/login', { replace: true }); } }, '退出'),
      ),
    ),
  );
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
// Links change the hash (hashchange), Back changes history (popstate, often both): route once.
const routeIfChanged = () => {
  if (location.hash !== state.routed) void route();
};
window.addEventListener('popstate', routeIfChanged);
window.addEventListener('hashchange', routeIfChanged);
void route();
