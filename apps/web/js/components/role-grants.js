// @ts-check
// The roles of an account, per department, as rows of two lists (department, role) the admin adds
// to and removes from. The admin role is held in every department only.

import { h, mount } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').RoleGrant} RoleGrant */

/** The department of a role held everywhere (and the only one of the admin role). */
export const EVERY_DEPARTMENT = '*';

/**
 * The grants editor.
 * @param {{ code: string, name: string }[]} departments
 * @param {RoleGrant[]} initial
 * @param {string} idPrefix
 */
export function roleGrantsEditor(departments, initial, idPrefix) {
  const roleLabels = meta().userRoles;
  const list = h('div', { class: 'grants', 'data-testid': 'role-grants' });
  /** @type {{ department: HTMLSelectElement, role: HTMLSelectElement, row: HTMLElement }[]} */
  let rows = [];
  let count = 0;

  /** @param {RoleGrant} grant */
  function addRow(grant) {
    const n = ++count;
    const department = h(
      'select',
      { id: `${idPrefix}-dept-${n}`, 'aria-label': '部门', 'data-testid': 'grant-department' },
      departments.map((d) => h('option', { value: d.code, selected: d.code === grant.department }, d.name)),
      h('option', { value: EVERY_DEPARTMENT, selected: grant.department === EVERY_DEPARTMENT }, '全部部门'),
    );
    const role = h(
      'select',
      { id: `${idPrefix}-role-${n}`, 'aria-label': '角色', 'data-testid': 'grant-role' },
      Object.entries(roleLabels).map(([key, label]) => h('option', { value: key, selected: key === grant.role }, label)),
    );
    // The admin role is held in every department only.
    const sync = () => {
      if (role.value === 'admin') department.value = EVERY_DEPARTMENT;
      department.disabled = role.value === 'admin';
    };
    role.addEventListener('change', sync);
    sync();
    const entry = { department, role, row: h('div', { class: 'inline-field' }) };
    mount(
      entry.row,
      department,
      role,
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onclick: () => {
            rows = rows.filter((r) => r !== entry);
            entry.row.remove();
          },
        },
        '移除',
      ),
    );
    rows.push(entry);
    list.append(entry.row);
  }

  for (const grant of initial) addRow(grant);
  const add = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'data-testid': 'add-grant',
      onclick: () => addRow({ department: departments[0]?.code ?? EVERY_DEPARTMENT, role: 'staff' }),
    },
    '添加角色',
  );

  return {
    element: h('div', {}, list, add),
    /** @returns {RoleGrant[]} */
    value: () => rows.map((r) => ({ department: r.department.value, role: r.role.value })),
  };
}
