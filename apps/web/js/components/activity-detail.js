// @ts-check
// One activity in a dialog: its fields, its history, and the corrections staff may make (amend,
// withdraw, restore), each sent with If-Match on the version shown.

import { api, ApiError, can, getJson, statusOf } from '../api.js';
import {
  attributeLabel,
  attributeText,
  categoryLabel,
  categoryOf,
  deptPath,
  fetchActivity,
  fetchPlan,
  measureNames,
  planWords,
} from '../data.js';
import { dialog, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { actorName, people } from '../people.js';
import { fmtTime } from '../time.js';
import { activityForm } from './activity-form.js';
import { historyTable, parentsNamed } from './activity-history.js';
import { reasonDialog } from './reason-dialog.js';

/** @typedef {import('../types.js').Activity} Activity */
/** @typedef {import('../types.js').ActivityEventData} ActivityEventData */
/** @typedef {import('../types.js').ActivityFields} ActivityFields */
/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../dom.js').Dialog} Dialog */
/** @typedef {import('../data.js').PlanWords} PlanWords */
/** @typedef {import('./activity-history.js').HistoryWords} HistoryWords */
/** @template D @typedef {import('../types.js').HistoryEntry<D>} HistoryEntry */

/**
 * @param {string} label
 * @param {Child} value
 */
const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value)];

/**
 * What the form changes in the activity (an amendment sends only those fields).
 * @param {Activity} current
 * @param {ActivityFields} values
 * @returns {Record<string, unknown>}
 */
function changesOf(current, values) {
  /** @type {Record<string, unknown>} */
  const changes = {};
  for (const key of /** @type {const} */ (['category', 'title', 'occurredOn', 'role', 'notes'])) {
    if ((values[key] ?? null) !== (current[key] ?? null)) changes[key] = values[key] ?? '';
  }
  if (JSON.stringify(values.attributes) !== JSON.stringify(current.attributes ?? {}) || changes.category)
    changes.attributes = values.attributes;
  if ((values.parentId ?? null) !== (current.parentId ?? null)) changes.parentId = values.parentId ?? null;
  if ((values.backfill ?? false) !== (current.backfill ?? false)) changes.backfill = values.backfill ?? false;
  if (JSON.stringify(values.alsoCountsFor) !== JSON.stringify(current.alsoCountsFor ?? [])) changes.alsoCountsFor = values.alsoCountsFor;
  return changes;
}

/**
 * The fields of the activity as a definition list.
 * @param {PageContext} ctx
 * @param {Activity} a
 * @param {number} version
 * @param {HistoryWords} known
 * @param {(id: string) => void} openParent
 */
function facts(ctx, a, version, known, openParent) {
  return h(
    'dl',
    { class: 'facts' },
    fact('类别', categoryLabel(ctx, a.category)),
    fact('日期', a.occurredOn),
    fact('方式', a.role),
    (categoryOf(ctx, a.category)?.attributes ?? []).map((s) =>
      fact(attributeLabel(s, s.name), attributeText(s, a.attributes?.[s.name], known.words)),
    ),
    a.parentId
      ? fact(
          '所属项目',
          h(
            'button',
            { type: 'button', class: 'link-button', onclick: () => a.parentId && openParent(a.parentId) },
            known.titles.get(a.parentId) ?? '查看所属项目',
          ),
        )
      : null,
    a.alsoCountsFor?.length ? fact('同时计入', measureNames(a.alsoCountsFor, known.words)) : null,
    a.notes ? fact('备注', a.notes) : null,
    a.backfill ? fact('补录', '是（事后补登）') : null,
    a.status === 'withdrawn' ? fact('撤回原因', a.withdrawnReason ?? '') : null,
    fact('登记', `${fmtTime(a.recordedAt)} ${a.recordedBy ? actorName(a.recordedBy, { names: known.people }) : ''}`),
    fact('版本', String(version)),
  );
}

/**
 * The corrections of the version shown, each sent with If-Match. A 409 closes the dialog it came
 * from and explains the conflict in `message`; other errors stay in that dialog.
 * @param {string} path the activity's URL
 * @param {() => number} shownVersion
 * @param {(atLeast: number) => void} reload
 * @param {() => void} [onChanged]
 */
function corrections(path, shownVersion, reload, onChanged) {
  /**
   * @param {string} suffix
   * @param {string} method
   * @param {unknown} changes
   * @param {Dialog} box
   * @param {string} done
   * @param {HTMLElement} message
   */
  async function correct(suffix, method, changes, box, done, message) {
    /** @type {{ version: number }} */
    let result;
    try {
      ({ body: result } = await api(`${path}${suffix}`, { method, body: changes, headers: { 'If-Match': `"${shownVersion()}"` } }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        box.close();
        conflict(error, message);
        return;
      }
      throw error;
    }
    box.close();
    toast(done, 'success');
    onChanged?.();
    reload(result.version);
  }

  /**
   * @param {ApiError} error
   * @param {HTMLElement} message
   */
  function conflict(error, message) {
    const now =
      typeof error.body === 'object' && error.body !== null && 'currentVersion' in error.body ? Number(error.body.currentVersion) : null;
    mount(
      message,
      now
        ? `该活动已被他人修改（当前为第 ${now} 版，您看到的是第 ${shownVersion()} 版），您的修改未保存。`
        : `操作未完成：${errorText(error)}`,
      ' ',
      h('button', { type: 'button', class: 'link-button', onclick: () => reload(now ?? 0) }, '重新加载最新版本'),
    );
  }

  return {
    /**
     * @param {PageContext} ctx
     * @param {Activity} shown
     * @param {HTMLElement} message
     */
    amend(ctx, shown, message) {
      const form = activityForm(ctx, {
        initial: shown,
        submitLabel: '保存修改',
        onSubmit: async (values, { moveToYear }) => {
          const changes = changesOf(shown, values);
          if (Object.keys(changes).length === 0)
            throw new ApiError(400, { errors: [{ field: 'changes', reason: 'nothing would change' }] });
          await correct(
            '',
            'PATCH',
            moveToYear ? { ...changes, moveToYear } : changes,
            editor,
            moveToYear ? '已保存修改，记录已移至新的年度' : '已保存修改',
            message,
          );
        },
      });
      const editor = dialog('修改活动', form, { wide: true });
    },
    /** @param {HTMLElement} message */
    withdraw(message) {
      reasonDialog('撤回', '撤回原因 *（撤回后不再计入统计，历史中保留）', true, (reason, box) =>
        correct('/withdraw', 'POST', { reason }, box, '已撤回', message),
      );
    },
    /** @param {HTMLElement} message */
    restore(message) {
      reasonDialog('恢复', '恢复原因（可不填）', false, (reason, box) =>
        correct('/restore', 'POST', reason ? { reason } : {}, box, '已恢复', message),
      );
    },
  };
}

/**
 * The titles of the activities a history or the activity names as projects.
 * @param {PageContext} ctx
 * @param {string[]} ids
 */
async function titlesOf(ctx, ids) {
  const found = await Promise.all(ids.slice(0, 20).map((id) => fetchActivity(ctx, id).catch(() => null)));
  return new Map(found.flatMap((a) => (a ? [/** @type {[string, string]} */ ([a.id, a.title])] : [])));
}

/**
 * An activity's title as a button that opens it, closing first the dialog that lists it.
 * @param {PageContext} ctx
 * @param {{ id: string, title: string }} activity
 * @param {() => void} closeList
 */
export function activityLink(ctx, activity, closeList) {
  const open = () => {
    closeList();
    openActivity(ctx, activity.id);
  };
  return h('button', { type: 'button', class: 'link-button', onclick: open }, activity.title);
}

/**
 * Opens an activity: its fields, its history, and the corrections staff may make.
 * @param {PageContext} ctx
 * @param {string} id
 * @param {{
 *   onChanged?: () => void,
 *   onClose?: () => void,
 *   openOther?: (id: string) => void,
 *   onPage?: boolean,
 * }} [options] `openOther` opens another activity (its project) instead of a new dialog here;
 *   `onPage`: the dialog stands at the activity's own address (no link to it then)
 */
export function openActivity(ctx, id, { onChanged, onClose, openOther, onPage = false } = {}) {
  const path = `${deptPath(ctx)}/activities/${encodeURIComponent(id)}`;
  const body = h('div', { class: 'activity-detail', 'aria-busy': 'true' }, h('p', {}, '正在加载…'));
  const dlg = dialog('活动详情', body, { wide: true, onClose });
  let version = 0;
  /** @type {Promise<PlanWords>} */
  const words = fetchPlan(ctx).then(planWords, () => planWords(null));
  const names = people(ctx.department.code);
  const fix = corrections(
    path,
    () => version,
    (atLeast) => void load(0, atLeast),
    onChanged,
  );

  /** Loads the activity; after a command, waits (briefly) until the read model has its version. */
  async function load(attempt = 0, atLeast = 0) {
    try {
      /** @type {{ body: Activity, headers: Headers }} */
      const { body: activity, headers } = await api(path);
      if (activity.version < atLeast && attempt < 30) {
        setTimeout(() => void load(attempt + 1, atLeast), 300);
        return;
      }
      version = Number((headers.get('etag') ?? `"${activity.version}"`).replace(/\D/g, '')) || activity.version;
      // Every role of the department may read the history (who, when, what changed).
      /** @type {HistoryEntry<ActivityEventData>[] | null} */
      let history = null;
      try {
        history = await getJson(`${path}/history`);
      } catch (error) {
        if (statusOf(error) !== 403) throw error;
      }
      const parents = [...new Set([...(activity.parentId ? [activity.parentId] : []), ...parentsNamed(history ?? [])])];
      const [w, p, titles] = await Promise.all([words, names, titlesOf(ctx, parents)]);
      show(activity, history, { words: w, people: p, titles });
    } catch (error) {
      // Just recorded: the read model catches up within a moment.
      if (statusOf(error) === 404 && attempt < 10) return void setTimeout(() => void load(attempt + 1, atLeast), 500);
      body.removeAttribute('aria-busy');
      mount(
        body,
        h('p', { class: 'form-error', role: 'alert' }, statusOf(error) === 404 ? '未找到该活动。' : `加载失败：${errorText(error)}`),
      );
    }
  }

  /**
   * @param {Activity} a
   * @param {HistoryEntry<ActivityEventData>[] | null} history
   * @param {HistoryWords} known
   */
  function show(a, history, known) {
    const message = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'activity-message' });
    const actions = !can(ctx.department.code, 'staff')
      ? null
      : h(
          'div',
          { class: 'form-actions left' },
          a.status === 'active'
            ? [
                h(
                  'button',
                  { type: 'button', class: 'secondary', 'data-testid': 'amend', onclick: () => fix.amend(ctx, a, message) },
                  '修改',
                ),
                h('button', { type: 'button', class: 'danger', 'data-testid': 'withdraw', onclick: () => fix.withdraw(message) }, '撤回'),
              ]
            : h('button', { type: 'button', class: 'secondary', 'data-testid': 'restore', onclick: () => fix.restore(message) }, '恢复'),
        );
    const openParent = (/** @type {string} */ parentId) => {
      if (openOther) return openOther(parentId);
      dlg.close();
      openActivity(ctx, parentId, { onChanged });
    };
    body.removeAttribute('aria-busy');
    mount(
      body,
      h(
        'h3',
        { class: 'detail-title' },
        a.title,
        ' ',
        h('span', { class: `badge ${a.status === 'withdrawn' ? 'muted-badge' : 'good'}` }, meta().activityStatuses[a.status]),
      ),
      facts(ctx, a, version, known, openParent),
      onPage
        ? null
        : h(
            'p',
            { class: 'small' },
            h(
              'a',
              { href: ctx.href(ctx.department.code, ctx.year, 'activities', {}, a.id), 'data-testid': 'activity-link' },
              '在活动登记中打开',
            ),
          ),
      message,
      actions,
      h('h3', {}, '修改历史'),
      history ? historyTable(ctx, history, known) : h('p', { class: 'muted small' }, '修改历史（谁在何时改了什么）由审计人员查看。'),
    );
  }

  void load();
  return dlg;
}
