// @ts-check
// An activity's history: who did what and when, one row per event of its stream.

import { getSession } from '../api.js';
import { attributeText, categoryLabel, categoryOf } from '../data.js';
import { fmtTime, h } from '../dom.js';
import { meta } from '../meta.js';

/** @typedef {import('../types.js').ActivityEventData} ActivityEventData */
/** @typedef {import('../types.js').AttributeSpec} AttributeSpec */
/** @typedef {import('../types.js').CategorySpec} CategorySpec */
/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @template D @typedef {import('../types.js').HistoryEntry<D>} HistoryEntry */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who acted: the signed-in user by name, the importer and the API by what they are, others by id.
 * @param {string | null | undefined} actor
 */
export function actorName(actor) {
  if (!actor) return '';
  const me = getSession()?.user;
  if (me && (actor === me.id || actor === me.username)) return `${me.displayName || me.username}（本人）`;
  if (actor === 'import') return '数据导入';
  if (actor === 'api') return '系统接口';
  if (UUID.test(actor)) return `用户 ${actor.slice(0, 8)}`;
  try {
    return decodeURIComponent(actor);
  } catch {
    return actor;
  }
}

/**
 * @param {unknown} value
 * @param {AttributeSpec} [spec]
 */
function valueText(value, spec) {
  if (value === null || value === undefined || value === '') return '（空）';
  if (spec) return attributeText(spec, value);
  if (Array.isArray(value)) return value.length ? value.join('、') : '（空）';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * One line per attribute that changed (or, for a new activity, per attribute given).
 * @param {CategorySpec | undefined} spec
 * @param {Record<string, unknown>} before
 * @param {Record<string, unknown>} after
 * @param {boolean} [onlyNew]
 */
function attributeLines(spec, before, after, onlyNew = false) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .map((n) => {
      const s = spec?.attributes.find((a) => a.name === n);
      const label = s?.label ?? n;
      return h(
        'div',
        {},
        onlyNew ? `${label}：${valueText(after[n], s)}` : `${label}：${valueText(before[n], s)} → ${valueText(after[n], s)}`,
      );
    });
}

/**
 * What an amendment changed, field by field.
 * @param {PageContext} ctx
 * @param {ActivityEventData} d
 */
function amendedLines(ctx, d) {
  const names = meta().activityFields;
  /** @type {Child[]} */
  const lines = [];
  /** @type {Record<string, unknown>} */
  const previous = { ...d.previous };
  for (const [key, value] of Object.entries(d.changes ?? {})) {
    if (key === 'attributes') {
      lines.push(
        ...attributeLines(
          categoryOf(ctx, d.changes?.category ?? d.was?.category),
          d.previous?.attributes ?? {},
          d.changes?.attributes ?? {},
        ),
      );
    } else if (key === 'category') {
      lines.push(h('div', {}, `类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, String(value))}`));
    } else {
      lines.push(h('div', {}, `${names[key] ?? key}：${valueText(previous[key])} → ${valueText(value)}`));
    }
  }
  return lines;
}

/**
 * The content column of one event.
 * @param {PageContext} ctx
 * @param {HistoryEntry<ActivityEventData>} e
 * @returns {Child}
 */
function describe(ctx, e) {
  const d = e.data ?? {};
  switch (e.type) {
    case 'activity.recorded.v1':
      return [
        `${categoryLabel(ctx, d.category)}；${d.occurredOn}；${d.role}；“${d.title}”`,
        attributeLines(categoryOf(ctx, d.category), {}, d.attributes ?? {}, true),
      ];
    case 'activity.amended.v1':
      return amendedLines(ctx, d);
    case 'activity.moved.v1':
      return [
        h('div', {}, `类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, d.category)}`),
        attributeLines(categoryOf(ctx, d.category), d.previous?.attributes ?? {}, d.attributes ?? {}),
        d.reason ? h('div', {}, `原因：${d.reason}`) : null,
      ];
    case 'activity.withdrawn.v1':
      return `原因：${d.reason ?? ''}`;
    case 'activity.restored.v1':
      return d.reason ? `原因：${d.reason}` : '';
    default:
      return '';
  }
}

/**
 * Who, when, what changed: one row per event of the activity's stream.
 * @param {PageContext} ctx
 * @param {HistoryEntry<ActivityEventData>[]} history
 */
export function historyTable(ctx, history) {
  const events = meta().events;
  return h(
    'table',
    { class: 'grid history-table', 'data-testid': 'history' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['版本', '时间', '操作人', '操作', '内容'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      history.map((e) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, String(e.version)),
          h('td', { class: 'nowrap' }, fmtTime(e.recordedAt)),
          h('td', { title: e.actor ?? '' }, actorName(e.actor) || '—'),
          h('td', { class: 'nowrap' }, events[e.type] ?? e.type),
          h('td', { class: 'small' }, describe(ctx, e)),
        ),
      ),
    ),
  );
}
