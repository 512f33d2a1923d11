// @ts-check
// 用户管理 (the admin's): every account with its roles; create one, change its roles, disable or
// enable it, set a new password. Each change is recorded in the account audit trail by the server.

import { api, ApiError, getJson, statusOf } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { fmtTime } from '../time.js';
import { grantsText } from './audit-log.js';
import { formDialog, labelled as field } from './form-dialog.js';
import { roleGrantsEditor } from './role-grants.js';

/** @typedef {import('../import-admin-types.js').Account} Account */
/** @typedef {import('../types.js').RoleGrant} RoleGrant */

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const MIN_PASSWORD = 8;

/** The accounts api's reasons, said in Chinese by the field they concern. */
const FIELD_WORDS = /** @type {Record<string, string>} */ ({
  username: '用户名须为 2–64 个字符：小写字母、数字或 . _ @ -',
  displayName: '姓名至多 100 个字',
  password: `密码至少 ${MIN_PASSWORD} 个字符（至多 72 字节）`,
  roles: '角色设置有误：管理员角色只能授予“全部部门”',
});

/**
 * Why an account change failed, in words.
 * @param {unknown} error
 */
function failure(error) {
  if (statusOf(error) === 400 && error instanceof ApiError && error.fieldErrors.length) {
    return [...new Set(error.fieldErrors.map((e) => FIELD_WORDS[e.field.split('.')[0]] ?? '填写有误'))].join('；');
  }
  return errorText(error);
}

/**
 * The users panel.
 * @param {{ code: string, name: string }[]} departments
 * @param {(code: string) => string} departmentName
 * @param {() => void} onChange called after any change (e.g. to reload the audit trail)
 */
export function adminUsers(departments, departmentName, onChange) {
  const box = h('div', { class: 'scroll', 'data-testid': 'users' });

  async function load() {
    try {
      /** @type {Account[]} */
      const users = await getJson('/api/users');
      mount(
        box,
        h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['姓名', '用户名', '角色', '状态', '创建时间', '操作'].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            users.map((u) =>
              h(
                'tr',
                { dataset: { username: u.username }, 'data-testid': 'user-row' },
                h('td', {}, u.displayName),
                h('td', {}, u.username),
                h('td', {}, u.roles.length ? grantsText(u.roles, departmentName) : h('span', { class: 'muted' }, '无角色')),
                h('td', {}, u.disabled ? h('span', { class: 'badge bad' }, '已停用') : h('span', { class: 'badge good' }, '启用')),
                h('td', { class: 'nowrap' }, fmtTime(u.createdAt)),
                h(
                  'td',
                  { class: 'actions' },
                  h('button', { type: 'button', class: 'link-button', onclick: () => editRoles(u) }, '角色'),
                  h(
                    'button',
                    { type: 'button', class: 'link-button', onclick: () => void setDisabled(u, !u.disabled) },
                    u.disabled ? '启用' : '停用',
                  ),
                  h('button', { type: 'button', class: 'link-button', onclick: () => resetPassword(u) }, '重置密码'),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      mount(box, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    }
  }

  const changed = async (/** @type {string} */ message) => {
    toast(message, 'success');
    await load();
    onChange();
  };

  function create() {
    const username = h('input', { id: 'new-username', autocomplete: 'off', maxlength: 64, 'data-testid': 'new-username' });
    const displayName = h('input', { id: 'new-display-name', maxlength: 100, 'data-testid': 'new-display-name' });
    const password = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', 'data-testid': 'new-password' });
    const grants = roleGrantsEditor(departments, [{ department: departments[0]?.code ?? '*', role: 'staff' }], 'new-user');
    formDialog(
      '新建用户',
      [
        field('new-username', '用户名', username, '2–64 个字符：小写字母、数字或 . _ @ -，登录时使用'),
        field('new-display-name', '姓名', displayName),
        field('new-password', '初始密码', password, `至少 ${MIN_PASSWORD} 个字符；请当面或另行告知本人，并请其登录后修改`),
        h('fieldset', { class: 'field' }, h('legend', {}, '角色'), grants.element),
      ],
      '创建',
      () =>
        !USERNAME.test(username.value.trim().toLowerCase())
          ? FIELD_WORDS.username
          : password.value.length < MIN_PASSWORD
            ? FIELD_WORDS.password
            : null,
      async () => {
        await api('/api/users', {
          method: 'POST',
          body: {
            username: username.value.trim(),
            displayName: displayName.value.trim() || undefined,
            password: password.value,
            roles: grants.value(),
          },
        });
        await changed(`已创建用户 ${username.value.trim().toLowerCase()}`);
      },
      failure,
    );
  }

  /** @param {Account} user */
  function editRoles(user) {
    const grants = roleGrantsEditor(departments, user.roles, `roles-${user.id.slice(0, 8)}`);
    formDialog(
      `调整角色：${user.displayName}`,
      [h('p', { class: 'muted small' }, '角色在下一次请求时生效。'), grants.element],
      '保存',
      () => null,
      async () => {
        await api(`/api/users/${encodeURIComponent(user.id)}/roles`, { method: 'PUT', body: { roles: grants.value() } });
        await changed(`已调整 ${user.displayName} 的角色`);
      },
      failure,
    );
  }

  /**
   * @param {Account} user
   * @param {boolean} disabled
   */
  async function setDisabled(user, disabled) {
    if (disabled && !window.confirm(`停用 ${user.displayName}？停用后该账号立即退出登录，且无法再登录。`)) return;
    try {
      await api(`/api/users/${encodeURIComponent(user.id)}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' });
      await changed(`${disabled ? '已停用' : '已启用'} ${user.displayName}`);
    } catch (error) {
      toast(`操作失败：${failure(error)}`, 'error');
    }
  }

  /** @param {Account} user */
  function resetPassword(user) {
    const password = h('input', { id: 'reset-password', type: 'password', autocomplete: 'new-password', 'data-testid': 'reset-password' });
    formDialog(
      `重置密码：${user.displayName}`,
      [field('reset-password', '新密码', password, `至少 ${MIN_PASSWORD} 个字符；该账号的所有登录将立即失效`)],
      '重置',
      () => (password.value.length < MIN_PASSWORD ? FIELD_WORDS.password : null),
      async () => {
        await api(`/api/users/${encodeURIComponent(user.id)}/password`, { method: 'PUT', body: { password: password.value } });
        await changed(`已重置 ${user.displayName} 的密码`);
      },
      failure,
    );
  }

  void load();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'admin-users-title' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'admin-users-title' }, '用户'),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'create-user', onclick: create }, '新建用户'),
    ),
    box,
  );
}
