// @ts-check
// 系统管理 (the admin's): 用户 (create, roles per department, disable, reset password), 部门
// (create, rename, catalog version, category names, retire categories), and 操作记录 (every
// account and role change). The api decides; others are told this page is not theirs.

import { can, getJson } from '../api.js';
import { adminDepartments } from '../components/admin-departments.js';
import { adminUsers } from '../components/admin-users.js';
import { auditLog, departmentNamer } from '../components/audit-log.js';
import { h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { L } from '../labels.js';

/** @typedef {import('../types.js').PageContext} PageContext */

const TABS = /** @type {const} */ ([
  ['users', '用户'],
  ['departments', '部门'],
  ['audit', '操作记录'],
]);
/** @typedef {(typeof TABS)[number][0]} Tab */

/**
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const head = h(
    'div',
    { class: 'page-head' },
    h('div', {}, h('h1', {}, L.admin), h('p', { class: 'muted' }, '账户、角色和部门的管理；每次账户或角色的变更都记录操作人和时间。')),
  );
  if (!can('*', 'admin')) {
    mount(container, head, h('section', { class: 'panel' }, h('p', { class: 'empty' }, '系统管理仅限管理员。')));
    return;
  }
  const given = ctx.params.get('tab');
  /** @type {Tab} */
  let tab = TABS.some(([key]) => key === given) ? /** @type {Tab} */ (given) : 'users';
  const nav = h('div', { class: 'chips', role: 'tablist', 'aria-label': L.admin });
  const body = h('div', { role: 'tabpanel' });

  function drawNav() {
    mount(
      nav,
      TABS.map(([key, label]) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: `chip${key === tab ? ' active' : ''}`,
            'aria-selected': key === tab ? 'true' : 'false',
            'data-testid': `admin-tab-${key}`,
            onclick: () => {
              tab = key;
              ctx.setParams({ tab: key });
              drawNav();
              void drawTab();
            },
          },
          label,
        ),
      ),
    );
  }

  async function drawTab() {
    const shown = tab;
    if (shown === 'departments') {
      mount(
        body,
        adminDepartments(() => undefined),
      );
      return;
    }
    mount(body, h('p', { class: 'muted', 'aria-busy': 'true' }, '正在加载…'));
    try {
      /** @type {{ code: string, name: string }[]} */
      const departments = await getJson('/api/departments');
      if (tab !== shown) return;
      const names = departmentNamer(departments);
      if (shown === 'users') {
        mount(
          body,
          adminUsers(departments, names, () => undefined),
        );
      } else {
        mount(
          body,
          h(
            'section',
            { class: 'panel', 'aria-label': '操作记录' },
            h('h2', {}, '账户和角色的变更'),
            auditLog('/api/admin/audit', names).element,
          ),
        );
      }
    } catch (error) {
      mount(body, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    }
  }

  mount(container, head, nav, body);
  drawNav();
  void drawTab();
}
