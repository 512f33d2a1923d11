// @ts-check
// The bar at the top: the app's name, and once a department is open its name, the year, the
// page tabs and the signed-in user.

import { getSession } from '../api.js';
import { $, h, mount } from '../dom.js';
import { L } from '../labels.js';
import { meta } from '../meta.js';
import { currentYear } from '../time.js';

/** @typedef {import('../types.js').PageContext} PageContext */

/**
 * @typedef {{
 *   ctx: PageContext,
 *   page: string,
 *   pages: Record<string, { label: string, visible?: (department: string) => boolean }>,
 *   departments: { code: string, name: string }[],
 *   years: number[],
 *   navigate: PageContext['navigate'],
 *   href: PageContext['href'],
 *   onSignOut: () => void,
 * }} TopbarState
 */

/**
 * Draws the top bar: just the brand without a department (sign-in, errors).
 * @param {TopbarState | null} state
 */
export function renderTopbar(state) {
  const bar = $('#topbar');
  const brand = h(
    'a',
    { class: 'brand', href: '#/' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '重'),
    h('span', {}, L.appTitle),
  );
  if (!state) {
    mount(bar, h('div', { class: 'topbar-inner' }, brand));
    return;
  }
  mount(bar, h('div', { class: 'topbar-inner' }, brand, departmentAndYear(state), tabs(state), userBox(state)));
}

/** @param {TopbarState} state */
function departmentAndYear({ ctx, page, departments, years, navigate, href }) {
  const shown = [...new Set([...years, ctx.year, currentYear()])].sort((a, b) => b - a);
  const deptControl =
    departments.length > 1
      ? h(
          'select',
          { class: 'dept-select', 'aria-label': '部门', onchange: (e) => navigate(href(e.currentTarget.value, ctx.year, page)) },
          departments.map((d) => h('option', { value: d.code, selected: d.code === ctx.department.code }, d.name)),
        )
      : null;
  return [
    h(
      'div',
      { class: 'dept' },
      h('span', { class: 'dept-name', title: ctx.department.name, 'data-testid': 'department-name' }, ctx.department.name),
      deptControl,
    ),
    h(
      'label',
      { class: 'year' },
      h('span', {}, '年度'),
      h(
        'select',
        {
          'aria-label': '年度',
          'data-testid': 'year-select',
          onchange: (e) => navigate(href(ctx.department.code, e.currentTarget.value, page)),
        },
        shown.map((y) => h('option', { value: y, selected: y === ctx.year }, `${y} 年`)),
      ),
    ),
  ];
}

/** @param {TopbarState} state */
function tabs({ ctx, page, pages, href }) {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': '页面' },
    Object.entries(pages)
      .filter(([, p]) => p.visible?.(ctx.department.code) ?? true)
      .map(([key, p]) =>
        h(
          'a',
          {
            href: href(ctx.department.code, ctx.year, key),
            class: key === page ? 'active' : '',
            'aria-current': key === page ? 'page' : null,
          },
          p.label,
        ),
      ),
  );
}

/** @param {TopbarState} state */
function userBox({ onSignOut }) {
  const user = getSession()?.user;
  const names = meta().userRoles;
  const roles = (user?.roles ?? []).map((r) => names[r.role] ?? r.role);
  return h(
    'div',
    { class: 'user' },
    h('span', { class: 'user-name', 'data-testid': 'user-name' }, user?.displayName ?? user?.username ?? ''),
    roles.length ? h('span', { class: 'user-roles' }, roles.join('、')) : null,
    h('button', { type: 'button', class: 'link-button', onclick: onSignOut }, '退出'),
  );
}
