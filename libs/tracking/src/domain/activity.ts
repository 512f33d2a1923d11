import type { StoredEvent } from '@app/event-store';
import { attributeCarriesOver, validateAttributes, type Attributes } from './attributes';
import type { CategorySpec } from './catalog';
import { isCalendarDate, yearOf } from './dates';
import { sameValue } from './canonical';
import { DomainValidationError, StateConflictError, type FieldError } from './errors';

/** Organising role: 主办 host, 承办 undertake, 协办 co-organise, 配合 assist, 联合 jointly. */
export const ROLES = ['主办', '承办', '协办', '配合', '联合'] as const;
export type Role = (typeof ROLES)[number];

export const MAX_TITLE = 300;
export const MAX_NOTES = 5000;
export const MAX_REASON = 1000;
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Everything staff say about an activity; amendments may change any of it. */
export interface ActivityFields {
  category: string;
  title: string;
  /** The day it happened (day 1 when only the month is known). */
  occurredOn: string;
  role: Role;
  attributes: Attributes;
  /** The project this activity is a part of (counted once with its parts). */
  parentId: string | null;
  /** Measures it also counts toward besides its category's (one activity, two measures). */
  alsoCountsFor: string[];
  notes: string | null;
  /** 补录: recorded (or marked) as entered after the fact on purpose; a late entry is then not a warning. */
  backfill?: boolean;
}

/** Where an activity stood before a correction: lets counting read models move it. */
export interface ActivityPosition {
  category: string;
  occurredOn: string;
  active: boolean;
}

export const ActivityEvents = {
  recorded: 'activity.recorded.v1',
  amended: 'activity.amended.v1',
  moved: 'activity.moved.v1',
  withdrawn: 'activity.withdrawn.v1',
  restored: 'activity.restored.v1',
} as const;

export interface ActivityRecorded extends ActivityFields {
  activityId: string;
  department: string;
}
export interface ActivityAmended {
  activityId: string;
  department: string;
  changes: Partial<ActivityFields>;
  previous: Partial<ActivityFields>;
  was: ActivityPosition;
}
/**
 * Moved to another category: `attributes` are the activity's attributes there, those the target
 * category also defines (same key, compatible type) kept, those given with the move added or
 * replaced. `dropped` names the attributes left behind (absent from events stored before it existed).
 */
export interface ActivityMoved {
  activityId: string;
  department: string;
  category: string;
  attributes: Attributes;
  previous: { category: string; attributes: Attributes };
  reason: string | null;
  was: ActivityPosition;
  dropped?: string[];
}
export interface ActivityWithdrawn {
  activityId: string;
  department: string;
  reason: string;
  was: ActivityPosition;
}
export interface ActivityRestored {
  activityId: string;
  department: string;
  reason: string | null;
  was: ActivityPosition;
}

export type ActivityEvent =
  | { type: typeof ActivityEvents.recorded; data: ActivityRecorded }
  | { type: typeof ActivityEvents.amended; data: ActivityAmended }
  | { type: typeof ActivityEvents.moved; data: ActivityMoved }
  | { type: typeof ActivityEvents.withdrawn; data: ActivityWithdrawn }
  | { type: typeof ActivityEvents.restored; data: ActivityRestored };

export interface Activity extends ActivityFields {
  id: string;
  department: string;
  status: 'active' | 'withdrawn';
  withdrawnReason: string | null;
  version: number;
  recordedAt: string;
  recordedBy: string | null;
  updatedAt: string;
  /** Recorded by a dataset import (its command id says so): never a late entry. */
  imported?: boolean;
  /** Each time an amendment moved it to another year: the year it left, its day there and the new day. */
  movedOutOf?: YearMove[];
}

/** An amendment of `occurredOn` into another year: the record left `year`. */
export interface YearMove {
  year: number;
  from: string;
  to: string;
  /** When the amendment was recorded (ISO). */
  at: string;
}

/** What an amendment may be told besides its changes. */
export interface AmendOptions {
  /** The new occurredOn may be in another year: the record leaves its year (refused otherwise). */
  moveToYear?: boolean;
}

/** Command ids of dataset imports start so (see import/dataset.ts entryCommandId). */
export const IMPORT_COMMAND_PREFIX = 'import:';

export const activityStreamId = (activityId: string): string => `activity-${activityId}`;
export const activityIdOf = (streamId: string): string => streamId.slice('activity-'.length);

export function isActivityEvent(event: Pick<StoredEvent, 'type'>): boolean {
  return event.type.startsWith('activity.');
}

/** The activity an activity event concerns (its data's `activityId`). */
export const activityIdOfEvent = (event: Pick<StoredEvent, 'data'>): string => (event.data as { activityId: string }).activityId;

function positionOf(activity: Activity): ActivityPosition {
  return { category: activity.category, occurredOn: activity.occurredOn, active: activity.status === 'active' };
}

/** Why an activity of a category whose catalog does not declare `projectParts` cannot be a project's part. */
const partsReason = (category: Pick<CategorySpec, 'label'>): string => `类别（${category.label}）的活动不能作为项目的组成部分`;

/** An activity named as its own part: that is the one thing to say about its parentId. */
function ownPart(errors: FieldError[]): void {
  const others = errors.filter((e) => e.field !== 'parentId');
  errors.splice(0, errors.length, ...others, { field: 'parentId', reason: 'an activity cannot be its own part' });
}

/** Why nothing new goes into a retired category (recording, amending or moving into it). */
export function retiredReason(category: Pick<CategorySpec, 'label'>): string {
  return `类别（${category.label}）已停用，不能再登记或移入活动（已登记的活动仍计入统计）`;
}

/** Checks fields against the department's catalog; `partial` for amendments. */
export function validateActivityFields(
  fields: Partial<ActivityFields>,
  catalog: CategorySpec[],
  partial: boolean,
  currentCategory?: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const has = (k: keyof ActivityFields) => fields[k] !== undefined;
  if (!partial || has('category')) {
    const category = catalog.find((c) => c.code === fields.category);
    if (!category) {
      errors.push({ field: 'category', reason: `unknown category; known: ${catalog.map((c) => c.code).join(', ')}` });
    } else if (category.retired && fields.category !== currentCategory) {
      errors.push({ field: 'category', reason: retiredReason(category) });
    }
  }
  if (has('parentId') && fields.parentId !== null) {
    const category = catalog.find((c) => c.code === (fields.category ?? currentCategory));
    if (category && !category.projectParts) {
      errors.push({ field: 'parentId', reason: partsReason(category) });
    }
  }
  if (!partial || has('title')) {
    if (typeof fields.title !== 'string' || fields.title.trim().length === 0 || fields.title.length > MAX_TITLE) {
      errors.push({ field: 'title', reason: `must be non-empty text of at most ${MAX_TITLE} characters` });
    }
  }
  if ((!partial || has('occurredOn')) && !isCalendarDate(fields.occurredOn)) {
    errors.push({ field: 'occurredOn', reason: 'must be an existing calendar date YYYY-MM-DD' });
  }
  if ((!partial || has('role')) && !ROLES.includes(fields.role as Role)) {
    errors.push({ field: 'role', reason: `must be one of ${ROLES.join(' ')}` });
  }
  if (has('notes') && fields.notes !== null && (typeof fields.notes !== 'string' || fields.notes.length > MAX_NOTES)) {
    errors.push({ field: 'notes', reason: `must be text of at most ${MAX_NOTES} characters` });
  }
  if (has('backfill') && typeof fields.backfill !== 'boolean') {
    errors.push({ field: 'backfill', reason: '必须是 true（补录）或 false' });
  }
  if (has('alsoCountsFor')) {
    const list = fields.alsoCountsFor;
    if (!Array.isArray(list) || list.length > 20 || !list.every((m) => typeof m === 'string' && CODE.test(m))) {
      errors.push({ field: 'alsoCountsFor', reason: 'must be a list of at most 20 measure codes' });
    }
  }
  if (!partial || has('attributes')) {
    const category = catalog.find((c) => c.code === (fields.category ?? currentCategory));
    if (category) errors.push(...validateAttributes(category, fields.attributes ?? {}));
  }
  return errors;
}

/** decide: record a new activity. */
export function recordActivity(
  existing: Activity | null,
  input: { activityId: string; department: string } & ActivityFields,
  catalog: CategorySpec[],
): ActivityEvent[] {
  if (existing) throw new StateConflictError('ACTIVITY.ALREADY_EXISTS', `Activity ${input.activityId} already exists`);
  const errors = validateActivityFields(input, catalog, false);
  if (input.parentId === input.activityId) ownPart(errors);
  if (errors.length > 0) throw new DomainValidationError(errors);
  return [
    {
      type: ActivityEvents.recorded,
      data: {
        activityId: input.activityId,
        department: input.department,
        category: input.category,
        title: input.title.trim(),
        occurredOn: input.occurredOn,
        role: input.role,
        attributes: input.attributes ?? {},
        parentId: input.parentId ?? null,
        alsoCountsFor: [...new Set(input.alsoCountsFor ?? [])],
        notes: input.notes ?? null,
        ...(input.backfill ? { backfill: true } : {}),
      },
    },
  ];
}

/**
 * decide: amend any fields; unchanged values are dropped, an empty amendment is refused. A new
 * date in another year moves the record out of its year: refused unless the command says so
 * (`moveToYear`), so that a mistyped year never makes a record vanish from its year's figures.
 */
export function amendActivity(
  activity: Activity,
  changes: Partial<ActivityFields>,
  catalog: CategorySpec[],
  options: AmendOptions = {},
): ActivityEvent[] {
  const errors = validateActivityFields(changes, catalog, true, activity.category);
  if (!options.moveToYear && isCalendarDate(changes.occurredOn) && yearOf(changes.occurredOn) !== yearOf(activity.occurredOn)) {
    errors.push({
      field: 'occurredOn',
      reason:
        `新日期 ${changes.occurredOn} 在 ${yearOf(changes.occurredOn)} 年，记录将移出 ${yearOf(activity.occurredOn)} 年度，` +
        `不再计入该年度的统计；如确需移至 ${yearOf(changes.occurredOn)} 年度，请确认“移出本年度”后再保存`,
    });
  }
  if (changes.parentId === activity.id) ownPart(errors);
  if (changes.category !== undefined && changes.category !== activity.category && changes.attributes === undefined) {
    const target = catalog.find((c) => c.code === changes.category);
    if (target) errors.push(...validateAttributes(target, activity.attributes));
  }
  if (errors.length > 0) throw new DomainValidationError(errors);
  const actual: Partial<ActivityFields> = {};
  const previous: Partial<ActivityFields> = {};
  for (const key of Object.keys(changes) as (keyof ActivityFields)[]) {
    const value = changes[key];
    if (value === undefined) continue;
    const normalised = key === 'title' && typeof value === 'string' ? value.trim() : value;
    const current = key === 'backfill' ? activity.backfill === true : activity[key];
    if (sameValue(normalised, current)) continue;
    (actual as Record<string, unknown>)[key] = normalised;
    (previous as Record<string, unknown>)[key] = current;
  }
  if (Object.keys(actual).length === 0) {
    throw new DomainValidationError([{ field: 'changes', reason: 'nothing would change' }]);
  }
  return [
    {
      type: ActivityEvents.amended,
      data: { activityId: activity.id, department: activity.department, changes: actual, previous, was: positionOf(activity) },
    },
  ];
}

/**
 * decide: move to another category. Every attribute the target category also defines (same key,
 * compatible type, a value valid there) is kept; `attributes` adds or replaces values (null clears
 * one); the rest is dropped, and the event names it.
 */
export function moveActivity(
  activity: Activity,
  category: string,
  attributes: Attributes,
  reason: string | null,
  catalog: CategorySpec[],
): ActivityEvent[] {
  const target = catalog.find((c) => c.code === category);
  if (!target) throw new DomainValidationError([{ field: 'category', reason: 'unknown category' }]);
  if (target.retired) throw new DomainValidationError([{ field: 'category', reason: retiredReason(target) }]);
  if (activity.parentId && !target.projectParts) throw new DomainValidationError([{ field: 'category', reason: partsReason(target) }]);
  if (category === activity.category) {
    throw new DomainValidationError([{ field: 'category', reason: 'the activity is already in this category' }]);
  }
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw new DomainValidationError([{ field: 'attributes', reason: 'must be an object' }]);
  }
  const source = catalog.find((c) => c.code === activity.category);
  const moved: Attributes = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(activity.attributes)) {
    if (Object.prototype.hasOwnProperty.call(attributes, name)) continue;
    const to = target.attributes.find((a) => a.name === name);
    const from = source?.attributes.find((a) => a.name === name);
    if (to && attributeCarriesOver(from, to, value)) moved[name] = value;
    else dropped.push(name);
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) moved[name] = value;
  }
  const errors = validateAttributes(target, moved);
  if (errors.length > 0) throw new DomainValidationError(errors);
  return [
    {
      type: ActivityEvents.moved,
      data: {
        activityId: activity.id,
        department: activity.department,
        category,
        attributes: moved,
        previous: { category: activity.category, attributes: activity.attributes },
        reason,
        was: positionOf(activity),
        dropped,
      },
    },
  ];
}

export function withdrawActivity(activity: Activity, reason: string): ActivityEvent[] {
  if (activity.status === 'withdrawn') throw new StateConflictError('ACTIVITY.ALREADY_WITHDRAWN', 'The activity is already withdrawn');
  if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > MAX_REASON) {
    throw new DomainValidationError([{ field: 'reason', reason: 'a withdrawal needs a reason' }]);
  }
  return [
    {
      type: ActivityEvents.withdrawn,
      data: { activityId: activity.id, department: activity.department, reason: reason.trim(), was: positionOf(activity) },
    },
  ];
}

export function restoreActivity(activity: Activity, reason: string | null): ActivityEvent[] {
  if (activity.status === 'active') throw new StateConflictError('ACTIVITY.NOT_WITHDRAWN', 'The activity is not withdrawn');
  return [
    {
      type: ActivityEvents.restored,
      data: { activityId: activity.id, department: activity.department, reason, was: positionOf(activity) },
    },
  ];
}

/** evolve: the activity after one of its stored events. */
export function evolveActivity(state: Activity | null, event: StoredEvent): Activity | null {
  const at = event.recordedAt instanceof Date ? event.recordedAt.toISOString() : String(event.recordedAt);
  const base = (s: Activity): Activity => ({ ...s, version: event.streamVersion, updatedAt: at });
  switch (event.type) {
    case ActivityEvents.recorded: {
      const d = event.data as ActivityRecorded;
      return {
        id: d.activityId,
        department: d.department,
        category: d.category,
        title: d.title,
        occurredOn: d.occurredOn,
        role: d.role,
        attributes: d.attributes,
        parentId: d.parentId,
        alsoCountsFor: d.alsoCountsFor,
        notes: d.notes,
        status: 'active',
        withdrawnReason: null,
        version: event.streamVersion,
        recordedAt: at,
        recordedBy: event.metadata.actor ?? null,
        updatedAt: at,
        ...(d.backfill ? { backfill: true } : {}),
        ...(event.metadata.commandId?.startsWith(IMPORT_COMMAND_PREFIX) ? { imported: true } : {}),
      };
    }
    case ActivityEvents.amended: {
      if (!state) throw new Error('amendment of an unknown activity');
      const { changes } = event.data as ActivityAmended;
      const next = { ...base(state), ...changes };
      if (changes.occurredOn !== undefined && yearOf(changes.occurredOn) !== yearOf(state.occurredOn)) {
        const move: YearMove = { year: yearOf(state.occurredOn), from: state.occurredOn, to: changes.occurredOn, at };
        next.movedOutOf = [...(state.movedOutOf ?? []), move];
      }
      return next;
    }
    case ActivityEvents.moved: {
      if (!state) throw new Error('move of an unknown activity');
      const d = event.data as ActivityMoved;
      return { ...base(state), category: d.category, attributes: d.attributes };
    }
    case ActivityEvents.withdrawn: {
      if (!state) throw new Error('withdrawal of an unknown activity');
      return { ...base(state), status: 'withdrawn', withdrawnReason: (event.data as ActivityWithdrawn).reason };
    }
    case ActivityEvents.restored: {
      if (!state) throw new Error('restoration of an unknown activity');
      return { ...base(state), status: 'active', withdrawnReason: null };
    }
    default:
      return state;
  }
}

/** Where the activity stands after an event, from the event alone (for counting read models). */
export function positionAfter(event: StoredEvent): { was: ActivityPosition | null; now: ActivityPosition } | null {
  switch (event.type) {
    case ActivityEvents.recorded: {
      const d = event.data as ActivityRecorded;
      return { was: null, now: { category: d.category, occurredOn: d.occurredOn, active: true } };
    }
    case ActivityEvents.amended: {
      const d = event.data as ActivityAmended;
      return {
        was: d.was,
        now: { category: d.changes.category ?? d.was.category, occurredOn: d.changes.occurredOn ?? d.was.occurredOn, active: d.was.active },
      };
    }
    case ActivityEvents.moved: {
      const d = event.data as ActivityMoved;
      return { was: d.was, now: { ...d.was, category: d.category } };
    }
    case ActivityEvents.withdrawn:
      return { was: (event.data as ActivityWithdrawn).was, now: { ...(event.data as ActivityWithdrawn).was, active: false } };
    case ActivityEvents.restored:
      return { was: (event.data as ActivityRestored).was, now: { ...(event.data as ActivityRestored).was, active: true } };
    default:
      return null;
  }
}
