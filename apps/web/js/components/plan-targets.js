// @ts-check
// A plan's targets with their revisions, 分值 and 沿用上年 mark, a target's history, and (for those
// who may change the plan) the buttons that revise, weigh, confirm or remove one.

import { getJson } from '../api.js';
import { deptPath } from '../data.js';
import { dialog, fmtNumber, h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { eventLabel, meta } from '../meta.js';
import { actorName } from '../people.js';
import { fmtTime } from '../time.js';
import { measureOf, reportWords } from './plan-model.js';

/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('./plan-model.js').EditorPlan} Plan */
/** @typedef {import('./plan-model.js').PlanTarget} Target */
/** @typedef {import('../types.js').TargetEventData} TargetEventData */
/** @template D @typedef {import('../types.js').HistoryEntry<D>} HistoryEntry */
/** @typedef {import('./plan-kinds.js').PlanChangeKind} PlanChangeKind */

/**
 * How the sections change the plan: opens a kind's form (null: read-only, the role may not change plans).
 * @typedef {{ open: (kind: PlanChangeKind, initial?: Record<string, unknown>, editing?: boolean) => void }} PlanEditor
 */

/**
 * A button that opens a kind's form.
 * @param {PlanEditor} editor
 * @param {string} label
 * @param {PlanChangeKind} kind
 * @param {Record<string, unknown>} [initial]
 * @param {{ editing?: boolean, primary?: boolean }} [options]
 */
export function editButton(editor, label, kind, initial = {}, { editing = false, primary = false } = {}) {
  return h(
    'button',
    {
      type: 'button',
      class: primary ? 'secondary small plan-edit' : 'link-button small plan-edit',
      dataset: { kind },
      onclick: () => editor.open(kind, initial, editing),
    },
    label,
  );
}

/**
 * A table in a box of its own that scrolls sideways on a narrow screen (the page never does).
 * @param {'table'} tag
 * @param {import('../types.js').Attrs<HTMLTableElement>} attrs
 * @param {...import('../types.js').Child} children
 */
export const scrolling = (tag, attrs, ...children) => h('div', { class: 'scroll' }, h(tag, attrs, ...children));

export { measureOf };

/**
 * @param {HistoryEntry<TargetEventData>} e
 */
function eventText(e) {
  const d = e.data;
  // Any version of the event (its fields named alike).
  const kind = e.type.replace(/\.v\d+$/, '');
  if (kind.endsWith('target-revised')) return `${fmtNumber(d.previous)} → ${fmtNumber(d.value)}：${d.reason ?? ''}`;
  if (kind.endsWith('target-set') && d.target) return `${meta().directions[d.target.direction]}${fmtNumber(d.target.value)}`;
  return d.reason ?? '';
}

/**
 * The events of one target (set, revised, removed) in a dialog.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Target} t
 * @param {Map<string, string>} names the department's people
 */
async function targetHistory(ctx, plan, t, names) {
  const body = h('div', {}, '正在加载…');
  dialog(`目标历史：${measureOf(plan, t.measure).name}`, body, { wide: true });
  try {
    /** @type {HistoryEntry<TargetEventData>[]} */
    const history = await getJson(`${deptPath(ctx)}/years/${ctx.year}/targets/${encodeURIComponent(t.id)}/history`);
    mount(
      body,
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['时间', '操作人', '操作', '内容'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          history.map((e) =>
            h(
              'tr',
              {},
              h('td', { class: 'nowrap' }, fmtTime(e.recordedAt)),
              h('td', {}, actorName(e.actor, { given: e.actorName, names })),
              h('td', {}, eventLabel(e.type)),
              h('td', { class: 'small' }, eventText(e)),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    mount(body, h('p', { class: 'form-error', role: 'alert' }, `加载失败：${errorText(error)}`));
  }
}

/**
 * A revision in words: when, from what to what, why, from which day, by whom.
 * @param {Target['revisions'][number]} r
 * @param {Map<string, string>} names
 */
function revisionText(r, names) {
  const who = r.by ? `（${actorName(r.by, { given: r.byName, names })}）` : '';
  return [
    `${fmtTime(r.at)} 由 ${fmtNumber(r.previous)} 调整为 ${fmtNumber(r.value)}：${r.reason}${who}`,
    r.effectiveFrom ? h('span', { class: 'muted' }, ` 自 ${r.effectiveFrom} 起适用`) : null,
  ];
}

/**
 * The targets of a plan item or goal: value (and original), 分值, revisions, history; with an
 * editor, the buttons that change each. With `indicator`, the 一级/二级/三级指标 of performance indicators.
 * @param {PageContext} ctx
 * @param {Plan} plan
 * @param {Target[]} targets
 * @param {{ indicator?: boolean, names?: Map<string, string>, editor?: PlanEditor | null }} [options] `names`: the department's people
 */
export function targetsTable(ctx, plan, targets, { indicator = false, names = new Map(), editor = null } = {}) {
  if (targets.length === 0) return h('p', { class: 'empty' }, '未设定目标值。');
  const { directions } = meta();
  const report = reportWords();
  const heads = [
    ...(indicator ? [report.level1, report.level2, report.level3] : ['指标']),
    '目标值',
    ...(indicator ? [report.indicatorPoints] : []),
    '调整',
    editor ? '操作' : '历史',
  ];
  return scrolling(
    'table',
    { class: 'grid targets-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        heads.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      targets.map((t) => {
        const measure = measureOf(plan, t.measure);
        const unit = t.unit || measure.unit;
        const target = { targetId: t.id };
        return h(
          'tr',
          { dataset: { target: t.id } },
          indicator
            ? [h('td', {}, t.labels?.level1 ?? ''), h('td', {}, t.labels?.level2 ?? ''), h('td', {}, t.labels?.level3 || measure.name)]
            : h('td', {}, measure.name),
          h(
            'td',
            { class: 'nowrap' },
            `${directions[t.direction]}${fmtNumber(t.value)}${unit}`,
            t.revisions.length ? h('span', { class: 'revised' }, `（原 ${fmtNumber(t.original)}）`) : null,
            t.carriedOver ? h('span', { class: 'badge warn', 'data-testid': 'carried-over' }, report.carriedOver) : null,
          ),
          indicator ? h('td', { class: 'num' }, t.points == null ? '共用' : fmtNumber(t.points)) : null,
          h('td', { class: 'small' }, t.revisions.length === 0 ? '—' : t.revisions.map((r) => h('div', {}, revisionText(r, names)))),
          // Every role of the department may read a target's history.
          h(
            'td',
            { class: 'actions' },
            h('button', { type: 'button', class: 'link-button small', onclick: () => void targetHistory(ctx, plan, t, names) }, '历史'),
            editor
              ? [
                  t.carriedOver
                    ? editButton(editor, '确认', 'confirm-target', target)
                    : editButton(editor, '调整', 'revise-target', target),
                  indicator
                    ? editButton(editor, report.indicatorPoints, 'set-target-points', { ...target, points: t.points ?? null })
                    : null,
                  editButton(editor, '删除', 'remove-target', target),
                ]
              : null,
          ),
        );
      }),
    ),
  );
}
