// @ts-check
// 账户审计: who created, disabled or enabled an account of this department, changed its roles or
// its password, and when. Auditors of the department (and the admin); never a password.

import { can, getJson } from '../api.js';
import { auditLog, departmentNamer } from '../components/audit-log.js';
import { deptPath } from '../data.js';
import { h, mount } from '../dom.js';
import { L } from '../labels.js';

/** @typedef {import('../types.js').PageContext} PageContext */

/**
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const head = h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      {},
      h('h1', {}, `${ctx.department.name} · ${L.audit}`),
      h('p', { class: 'muted' }, '本部门账户和角色的每一次变更：谁、何时、对谁、改了什么（不含任何密码）。'),
    ),
  );
  if (!can(ctx.department.code, 'auditor')) {
    mount(container, head, h('section', { class: 'panel' }, h('p', { class: 'empty' }, '查看账户审计记录需审计人员权限。')));
    return;
  }
  const panel = h('section', { class: 'panel', 'aria-label': L.audit });
  mount(container, head, panel);
  void (async () => {
    /** @type {{ code: string, name: string }[]} */
    let departments = [ctx.department];
    try {
      departments = await getJson('/api/departments');
    } catch {
      // Names of other departments are a nicety: the department's own is known.
    }
    mount(panel, auditLog(`${deptPath(ctx)}/audit`, departmentNamer(departments)).element);
  })();
}
