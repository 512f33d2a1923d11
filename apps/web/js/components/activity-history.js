// @ts-check
// An activity's history: who did what and when, one row per event of its stream, in words (names
// of people, categories, milestones and measures; never their ids or codes).

import { attributeLabel, attributeText, categoryLabel, categoryOf, measureNames } from '../data.js';
import { h } from '../dom.js';
import { eventLabel, meta } from '../meta.js';
import { actorName } from '../people.js';
import { fmtTime } from '../time.js';

/** @typedef {import('../types.js').ActivityEventData} ActivityEventData */
/** @typedef {import('../types.js').AttributeSpec} AttributeSpec */
/** @typedef {import('../types.js').CategorySpec} CategorySpec */
/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../data.js').PlanWords} PlanWords */
/** @template D @typedef {import('../types.js').HistoryEntry<D>} HistoryEntry */

/**
 * What the history names besides the activity itself.
 * @typedef {{ words: PlanWords, people: Map<string, string>, titles: Map<string, string> }} HistoryWords
 */

/**
 * @param {unknown} value
 * @param {AttributeSpec | undefined} spec
 * @param {PlanWords} words
 */
function valueText(value, spec, words) {
  if (value === null || value === undefined || value === '') return '（空）';
  if (spec) return attributeText(spec, value, words);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length ? value.join('、') : '（空）';
  if (typeof value === 'object') return '（已修改）';
  return String(value);
}

/**
 * One line per attribute that changed (or, for a new activity, per attribute given).
 * @param {CategorySpec | undefined} spec
 * @param {Record<string, unknown>} before
 * @param {Record<string, unknown>} after
 * @param {PlanWords} words
 * @param {boolean} [onlyNew]
 */
function attributeLines(spec, before, after, words, onlyNew = false) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names
    .filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .map((n) => {
      const s = spec?.attributes.find((a) => a.name === n);
      const label = attributeLabel(s, n);
      return h(
        'div',
        {},
        onlyNew
          ? `${label}：${valueText(after[n], s, words)}`
          : `${label}：${valueText(before[n], s, words)} → ${valueText(after[n], s, words)}`,
      );
    });
}

/**
 * A field's value in words: the project an activity belongs to by its title, measures by name.
 * @param {string} key
 * @param {unknown} value
 * @param {HistoryWords} known
 */
function fieldText(key, value, known) {
  if (value === null || value === undefined || value === '') return '（空）';
  if (key === 'parentId') return `“${known.titles.get(String(value)) ?? '另一项活动'}”`;
  if (key === 'alsoCountsFor') return Array.isArray(value) && value.length ? measureNames(value.map(String), known.words) : '（空）';
  return valueText(value, undefined, known.words);
}

/**
 * What an amendment changed, field by field.
 * @param {PageContext} ctx
 * @param {ActivityEventData} d
 * @param {HistoryWords} known
 */
function amendedLines(ctx, d, known) {
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
          known.words,
        ),
      );
    } else if (key === 'category') {
      lines.push(h('div', {}, `类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, String(value))}`));
    } else {
      const label = names[key] ?? (key === 'backfill' ? '补录' : '其他');
      lines.push(h('div', {}, `${label}：${fieldText(key, previous[key], known)} → ${fieldText(key, value, known)}`));
    }
  }
  return lines;
}

/**
 * The content column of one event.
 * @param {PageContext} ctx
 * @param {HistoryEntry<ActivityEventData>} e
 * @param {HistoryWords} known
 * @returns {Child}
 */
function describe(ctx, e, known) {
  const d = e.data ?? {};
  // Any version of an event: a newer shape keeps the fields shown here.
  switch (e.type.replace(/\.v\d+$/, '')) {
    case 'activity.recorded':
      return [
        `${categoryLabel(ctx, d.category)}；${d.occurredOn}；${d.role}；“${d.title}”`,
        attributeLines(categoryOf(ctx, d.category), {}, d.attributes ?? {}, known.words, true),
        d.parentId ? h('div', {}, `所属项目：${fieldText('parentId', d.parentId, known)}`) : null,
        d.alsoCountsFor?.length ? h('div', {}, `同时计入：${measureNames(d.alsoCountsFor, known.words)}`) : null,
        d.backfill ? h('div', {}, '补录：是') : null,
      ];
    case 'activity.amended':
      return amendedLines(ctx, d, known);
    case 'activity.moved':
      return [
        h('div', {}, `类别：${categoryLabel(ctx, d.previous?.category)} → ${categoryLabel(ctx, d.category)}`),
        attributeLines(categoryOf(ctx, d.category), d.previous?.attributes ?? {}, d.attributes ?? {}, known.words),
        d.reason ? h('div', {}, `原因：${d.reason}`) : null,
      ];
    case 'activity.withdrawn':
      return `原因：${d.reason ?? ''}`;
    case 'activity.restored':
      return d.reason ? `原因：${d.reason}` : '';
    default:
      return '';
  }
}

/**
 * The activities a history names as projects (their titles are fetched to be shown).
 * @param {HistoryEntry<ActivityEventData>[]} history
 */
export function parentsNamed(history) {
  /** @type {Set<string>} */
  const ids = new Set();
  for (const e of history) {
    for (const v of [e.data?.parentId, e.data?.changes?.parentId, e.data?.previous?.parentId]) if (typeof v === 'string' && v) ids.add(v);
  }
  return [...ids];
}

/**
 * Who, when, what changed: one row per event of the activity's stream.
 * @param {PageContext} ctx
 * @param {HistoryEntry<ActivityEventData>[]} history
 * @param {HistoryWords} known
 */
export function historyTable(ctx, history, known) {
  return h(
    'div',
    { class: 'scroll' },
    h(
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
            h('td', { 'data-testid': 'actor' }, actorName(e.actor, { given: e.actorName, names: known.people })),
            h('td', { class: 'nowrap' }, eventLabel(e.type)),
            h('td', { class: 'small' }, describe(ctx, e, known)),
          ),
        ),
      ),
    ),
  );
}
