// @ts-check
// 部门管理 (the admin's): create a department (adopting a catalog of categories), rename it, and
// manage its categories — adopt a newer catalog version, give a category the department's own
// name, retire a category (nothing new is recorded in it; what was recorded still counts).

import { api, ApiError, getJson, statusOf } from '../api.js';
import { dialog, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { formDialog, labelled } from './form-dialog.js';
import { reasonDialog } from './reason-dialog.js';

/** @typedef {import('../import-admin-types.js').AdminDepartment} AdminDepartment */
/** @typedef {import('../import-admin-types.js').AdminCategory} AdminCategory */
/** @typedef {import('../import-admin-types.js').CatalogSummary} CatalogSummary */

const CODE = /^[a-z][a-z0-9-]{1,31}$/;

/**
 * Why a department change failed, in words (the server's Chinese reasons stand as they are).
 * @param {unknown} error
 */
function failure(error) {
  if (statusOf(error) === 400 && error instanceof ApiError && error.fieldErrors.length) {
    return error.fieldErrors
      .map((e) =>
        /[\u4e00-\u9fff]/.test(e.reason)
          ? e.reason
          : e.field === 'code'
            ? '部门编码须为 2–32 个小写字母、数字或 -，以字母开头'
            : e.field === 'name'
              ? '请填写名称（至多 200 字）'
              : '填写有误',
      )
      .join('；');
  }
  return errorText(error);
}

/**
 * The catalog a department adopted, and whether a newer version is offered.
 * @param {AdminDepartment} department
 * @param {CatalogSummary[]} catalogs
 */
function catalogText(department, catalogs) {
  const adopted = department.adopted;
  if (!adopted) return h('span', { class: 'muted' }, '未采用类别目录（仅本部门自定义的类别）');
  const latest = catalogs.find((c) => c.name === adopted.name);
  return h(
    'span',
    {},
    `${adopted.label} 第 ${adopted.version} 版`,
    latest && latest.version > adopted.version ? h('span', { class: 'badge warn' }, ` 有新版本：第 ${latest.version} 版`) : null,
  );
}

/**
 * The categories of one department, with their actions, in a dialog.
 * @param {string} code
 * @param {CatalogSummary[]} catalogs
 * @param {() => void} onChange called after a change, once the department's read model shows it
 */
async function manageCategories(code, catalogs, onChange) {
  const body = h('div', { 'data-testid': 'category-admin' }, h('p', { 'aria-busy': 'true' }, '正在加载…'));
  const box = dialog('类别管理', body, { wide: true });
  const path = `/api/departments/${encodeURIComponent(code)}`;

  /**
   * Draws the department as its read model has it, once that shows `version` at least (the
   * worker updates it a moment after a change).
   * @param {number} [version]
   */
  async function draw(version = 0) {
    /** @type {AdminDepartment} */
    let department = await getJson(path);
    for (let attempt = 0; department.version < version && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      department = await getJson(path);
    }
    const adopted = department.adopted;
    const latest = adopted ? catalogs.find((c) => c.name === adopted.name) : undefined;
    const apply =
      adopted && latest && latest.version > adopted.version
        ? h(
            'button',
            {
              type: 'button',
              class: 'primary small',
              'data-testid': 'apply-catalog',
              onclick: async () => {
                if (!window.confirm(`采用“${latest.label}”第 ${latest.version} 版？新版本没有的类别将停用（已登记的记录仍计入统计）。`))
                  return;
                try {
                  /** @type {{ body: { version: number } }} */
                  const { body: applied } = await api(`${path}/catalog/apply`, { method: 'POST', body: {} });
                  toast(`已采用第 ${latest.version} 版`, 'success');
                  await draw(applied.version);
                  onChange();
                } catch (error) {
                  toast(`采用失败：${failure(error)}`, 'error');
                }
              },
            },
            `采用第 ${latest.version} 版`,
          )
        : null;
    mount(
      body,
      h('p', {}, h('strong', {}, department.name), '：', catalogText(department, catalogs), ' ', apply),
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['类别', '属性', '状态', '操作'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          department.catalog.map((category) =>
            h(
              'tr',
              { 'data-testid': 'category-row', dataset: { retired: category.retired ? 'true' : 'false' } },
              h('td', {}, category.label),
              h('td', { class: 'small' }, category.attributes.map((a) => a.label).join('、') || '—'),
              h(
                'td',
                {},
                category.retired ? h('span', { class: 'badge muted-badge' }, '已停用') : h('span', { class: 'badge good' }, '在用'),
              ),
              h(
                'td',
                { class: 'actions' },
                h('button', { type: 'button', class: 'link-button', onclick: () => relabel(category) }, '改名'),
                category.retired ? null : h('button', { type: 'button', class: 'link-button', onclick: () => retire(category) }, '停用'),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** @param {AdminCategory} category */
  function relabel(category) {
    const label = h('input', { id: 'category-label', value: category.label, maxlength: 100 });
    formDialog(
      `类别改名：${category.label}`,
      [labelled('category-label', '本部门使用的名称', label, '仅改变本部门看到的名称；采用新版本类别目录时保留')],
      '保存',
      () => (label.value.trim() ? null : '请填写名称'),
      async () => {
        /** @type {{ body: { version: number } }} */
        const { body: done } = await api(`${path}/categories/${encodeURIComponent(category.code)}/label`, {
          method: 'PUT',
          body: { label: label.value.trim() },
        });
        toast('已改名', 'success');
        await draw(done.version);
        onChange();
      },
      failure,
    );
  }

  /** @param {AdminCategory} category */
  function retire(category) {
    reasonDialog(
      `停用类别：${category.label}`,
      '停用原因（停用后不能再登记该类别的活动，已登记的仍计入统计）',
      true,
      async (reason, dlg) => {
        /** @type {{ body: { version: number } }} */
        const { body: done } = await api(`${path}/categories/${encodeURIComponent(category.code)}/retire`, {
          method: 'POST',
          body: { reason },
        });
        dlg.close();
        toast('已停用', 'success');
        await draw(done.version);
        onChange();
      },
    );
  }

  try {
    await draw();
  } catch (error) {
    mount(body, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
  }
  return box;
}

/**
 * The departments panel.
 * @param {() => void} onChange called after any change (the page reloads what depends on departments)
 */
export function adminDepartments(onChange) {
  const list = h('div', { class: 'scroll', 'data-testid': 'departments' });
  /** @type {CatalogSummary[]} */
  let catalogs = [];

  /**
   * Draws the list; `waitFor` a department just created or changed (the list is a read model the
   * worker updates a moment after the command): asked again a few times until it shows.
   * @param {((departments: AdminDepartment[]) => boolean) | null} [waitFor]
   */
  async function load(waitFor = null) {
    try {
      /** @type {Promise<CatalogSummary[]>} */
      const offered = getJson('/api/catalogs');
      /** @type {{ code: string }[]} */
      let summaries = [];
      /** @type {AdminDepartment[]} */
      let departments = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        summaries = await getJson('/api/departments');
        /** @type {(code: string) => Promise<AdminDepartment>} */
        const one = (code) => getJson(`/api/departments/${encodeURIComponent(code)}`);
        departments = await Promise.all(summaries.map((d) => one(d.code)));
        if (!waitFor || waitFor(departments)) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      catalogs = await offered.catch(() => []);
      mount(
        list,
        departments.length === 0
          ? h('p', { class: 'empty' }, '尚无部门。')
          : h(
              'table',
              { class: 'grid' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['部门', '类别目录', '类别', '操作'].map((c) => h('th', { scope: 'col' }, c)),
                ),
              ),
              h(
                'tbody',
                {},
                departments.map((d) =>
                  h(
                    'tr',
                    { 'data-testid': 'department-row', dataset: { department: d.code } },
                    h('td', {}, d.name),
                    h('td', {}, catalogText(d, catalogs)),
                    h(
                      'td',
                      {},
                      `在用 ${d.catalog.filter((c) => !c.retired).length} 个`,
                      d.catalog.some((c) => c.retired) ? `，已停用 ${d.catalog.filter((c) => c.retired).length} 个` : '',
                    ),
                    h(
                      'td',
                      { class: 'actions' },
                      h('button', { type: 'button', class: 'link-button', onclick: () => rename(d) }, '改名'),
                      h(
                        'button',
                        { type: 'button', class: 'link-button', onclick: () => void manageCategories(d.code, catalogs, () => changed()) },
                        '类别管理',
                      ),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      mount(list, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
    }
  }

  /** @param {((departments: AdminDepartment[]) => boolean) | null} [waitFor] */
  const changed = (waitFor = null) => {
    void load(waitFor);
    onChange();
  };

  function create() {
    const code = h('input', { id: 'new-department-code', maxlength: 32, autocomplete: 'off', 'data-testid': 'new-department-code' });
    const name = h('input', { id: 'new-department-name', maxlength: 200, 'data-testid': 'new-department-name' });
    const catalog = h(
      'select',
      { id: 'new-department-catalog', 'data-testid': 'new-department-catalog' },
      catalogs.map((c) => h('option', { value: c.name }, `${c.label}（第 ${c.version} 版）`)),
      h('option', { value: '' }, '不采用类别目录（之后自定义类别）'),
    );
    formDialog(
      '新建部门',
      [
        labelled('new-department-code', '部门编码', code, '2–32 个小写字母、数字或 -，以字母开头，如 wh-fao；用于网址，建立后不能修改'),
        labelled('new-department-name', '部门名称', name),
        labelled('new-department-catalog', '类别目录', catalog),
      ],
      '创建',
      () =>
        !CODE.test(code.value.trim()) ? '部门编码须为 2–32 个小写字母、数字或 -，以字母开头' : name.value.trim() ? null : '请填写部门名称',
      async () => {
        await api('/api/departments', {
          method: 'POST',
          body: { code: code.value.trim(), name: name.value.trim(), catalog: catalog.value || null },
        });
        toast(`已创建部门：${name.value.trim()}`, 'success');
        const created = code.value.trim();
        changed((list) => list.some((d) => d.code === created));
      },
      failure,
    );
  }

  /** @param {AdminDepartment} department */
  function rename(department) {
    const name = h('input', { id: 'rename-department', value: department.name, maxlength: 200 });
    formDialog(
      `部门改名：${department.name}`,
      [labelled('rename-department', '新名称', name)],
      '保存',
      () => (name.value.trim() && name.value.trim() !== department.name ? null : '请填写新的名称'),
      async () => {
        await api(`/api/departments/${encodeURIComponent(department.code)}`, { method: 'PATCH', body: { name: name.value.trim() } });
        toast('已改名', 'success');
        const renamed = name.value.trim();
        changed((list) => list.some((d) => d.code === department.code && d.name === renamed));
      },
      failure,
    );
  }

  void load();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'admin-departments-title' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'admin-departments-title' }, '部门'),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'create-department', onclick: create }, '新建部门'),
    ),
    list,
  );
}
