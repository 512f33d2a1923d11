// @ts-check
// The account audit trail as a table: when, who, what, to whom, which roles — newest first, a
// page at a time. The admin's (every change) and a department auditor's (that department's).

import { getJson, query } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { fmtTime } from '../time.js';
import { pagerControls } from './activity-list.js';

/** @typedef {import('../types.js').RoleGrant} RoleGrant */
/** @typedef {import('../import-admin-types.js').AuditEntry} AuditEntry */
/** @typedef {import('../import-admin-types.js').AuditPage} AuditPage */

const PAGE_SIZE = 50;

/**
 * Department codes as their names ('*': every department); a code of no department the viewer
 * knows is never printed.
 * @param {{ code: string, name: string }[]} departments
 */
export function departmentNamer(departments) {
  const names = new Map(departments.map((d) => [d.code, d.name]));
  /** @param {string} code */
  return (code) => (code === '*' ? '全部部门' : (names.get(code) ?? '其他部门'));
}

/**
 * 外事办 经办人员、审计人员
 * @param {RoleGrant[]} grants
 * @param {(code: string) => string} departmentName
 */
export function grantsText(grants, departmentName) {
  const roles = meta().userRoles;
  return grants.map((g) => `${departmentName(g.department)} ${roles[g.role] ?? '其他角色'}`).join('、');
}

/**
 * @param {AuditEntry['actor'] | AuditEntry['target']} who
 */
function person(who) {
  if ('system' in who) return meta().auditSystemActors[who.system];
  return who.displayName && who.displayName !== who.username ? `${who.displayName}（${who.username}）` : who.username;
}

/**
 * What changed, in words.
 * @param {AuditEntry} entry
 * @param {(code: string) => string} departmentName
 */
function changeText(entry, departmentName) {
  const { details } = entry;
  const parts = [];
  if (details.roles) parts.push(details.roles.length ? `角色：${grantsText(details.roles, departmentName)}` : '无角色');
  if (details.granted?.length) parts.push(`授予：${grantsText(details.granted, departmentName)}`);
  if (details.revoked?.length) parts.push(`撤销：${grantsText(details.revoked, departmentName)}`);
  return parts.join('；') || '—';
}

/**
 * The audit table of `path` (/api/admin/audit or /api/departments/:d/audit).
 * @param {string} path
 * @param {(code: string) => string} departmentName
 */
export function auditLog(path, departmentName) {
  const box = h('div', { class: 'scroll', 'data-testid': 'audit-log' });
  const pager = h('div', { class: 'pager' });

  /** @param {number} page */
  async function load(page) {
    box.setAttribute('aria-busy', 'true');
    try {
      /** @type {AuditPage} */
      const answer = await getJson(`${path}${query({ page, pageSize: PAGE_SIZE })}`);
      const actions = meta().auditActions;
      mount(
        box,
        answer.items.length === 0
          ? h('p', { class: 'empty' }, '尚无账户或角色的变更记录。')
          : h(
              'table',
              { class: 'grid' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['时间', '操作人', '操作', '对象', '变更内容'].map((c) => h('th', { scope: 'col' }, c)),
                ),
              ),
              h(
                'tbody',
                {},
                answer.items.map((e) =>
                  h(
                    'tr',
                    { dataset: { action: e.action }, 'data-testid': 'audit-entry' },
                    h('td', { class: 'nowrap' }, fmtTime(e.at)),
                    h('td', {}, person(e.actor)),
                    h('td', {}, actions[e.action] ?? '其他变更'),
                    h('td', {}, person(e.target)),
                    h('td', {}, changeText(e, departmentName)),
                  ),
                ),
              ),
            ),
      );
      mount(
        pager,
        answer.total > answer.pageSize
          ? pagerControls({ items: answer.items, total: answer.total, page: answer.page, pageSize: answer.pageSize }, (n) => void load(n))
          : [],
      );
    } catch (error) {
      mount(box, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    } finally {
      box.removeAttribute('aria-busy');
    }
  }

  void load(1);
  return { element: h('div', {}, box, pager), reload: () => load(1) };
}
