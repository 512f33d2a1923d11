/**
 * Given/when/then helpers for the pure domain specs: decided events become StoredEvents the way
 * the event store would return them, and are folded with an `evolve`. No database, no Nest.
 */
import type { StoredEvent } from '@app/event-store';
import { activityStreamId, evolveActivity, recordActivity, type Activity, type ActivityFields } from '../src/domain/activity';
import { readCatalogSync } from '../src/catalogs/catalog-files';
import type { CategorySpec } from '../src/domain/catalog';
import { DomainValidationError, type FieldError } from '../src/domain/errors';
import { decidePlanChange, emptyPlan, evolvePlan, planStreamId, type Plan, type PlanChange } from '../src/domain/plan';

/** What a decide function returns: a type and its data, not yet stored. */
export interface DecidedEvent {
  type: string;
  data: unknown;
}

export interface StoredOptions {
  /** streamVersion of the first event (then +1 each); default 1. */
  startVersion?: number;
  /** globalPosition of the first event (then +1 each); default startVersion. */
  startPosition?: number;
  recordedAt?: Date | string;
  actor?: string;
  /** Default: derived from the data (activity-<id>, plan-<dept>-<year>), else 'test-stream'. */
  streamId?: string;
  tenant?: string;
}

export const TEST_RECORDED_AT = '2023-06-01T08:00:00.000Z';
export const TEST_ACTOR = 'staff-1';

function streamIdOf(data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.activityId === 'string') return activityStreamId(d.activityId);
  if (typeof d.department === 'string' && typeof d.year === 'number') return planStreamId(d.department, d.year);
  return 'test-stream';
}

/** Decided events as the store would hand them back after an append. */
export function stored<T = unknown>(events: readonly DecidedEvent[], options: StoredOptions = {}): StoredEvent<T>[] {
  const startVersion = options.startVersion ?? 1;
  const startPosition = options.startPosition ?? startVersion;
  const recordedAt = new Date(options.recordedAt ?? TEST_RECORDED_AT);
  return events.map((e, i) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    return {
      globalPosition: startPosition + i,
      streamId: options.streamId ?? streamIdOf(e.data),
      streamVersion: startVersion + i,
      tenant: options.tenant ?? (typeof d.department === 'string' ? d.department : 'test'),
      type: e.type,
      data: e.data as T,
      metadata: { actor: options.actor ?? TEST_ACTOR },
      recordedAt: new Date(recordedAt),
      transactionId: '1',
    };
  });
}

const isStored = (e: DecidedEvent | StoredEvent): e is StoredEvent => typeof (e as StoredEvent).streamVersion === 'number';

/**
 * Folds events with `evolve`, from `initial` (default null). Events not yet stored are stored
 * first, their versions continuing from the initial state's `version` (or 1).
 */
export function given<S extends { version?: number } | null>(
  evolve: (state: S | null, event: StoredEvent) => S | null,
  events: readonly (DecidedEvent | StoredEvent)[],
  initial: S | null = null,
  options: StoredOptions = {},
): S | null {
  const start = (initial?.version ?? 0) + 1;
  const all = events.map((e, i) => (isStored(e) ? e : stored([e], { startVersion: start + i, ...options })[0]));
  return all.reduce<S | null>((state, event) => evolve(state, event), initial);
}

/** The foreign-affairs office's categories, as catalogs/foreign-affairs-office.yaml defines them. */
export const FOREIGN_AFFAIRS_OFFICE_CATALOG: CategorySpec[] = readCatalogSync('foreign-affairs-office').categories;
export const CATALOG: CategorySpec[] = FOREIGN_AFFAIRS_OFFICE_CATALOG;
export const DEPARTMENT = 'wh-fao';

let nextId = 0;
/** A fresh activity id per call (the domain does not care about its shape). */
export const newId = (prefix = 'act'): string => `${prefix}-${++nextId}`;

export type ActivityInput = { activityId: string; department: string } & ActivityFields;

/** A valid record-activity input: a 2023 major event the office hosted. */
export function activityInput(overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    activityId: newId(),
    department: DEPARTMENT,
    category: 'major-event',
    title: '举办武汉国际友城合作论坛',
    occurredOn: '2023-05-10',
    role: '主办',
    attributes: {},
    parentId: null,
    alsoCountsFor: [],
    notes: null,
    ...overrides,
  };
}

/** An activity as it stands after being recorded (decided, stored, evolved). */
export function recorded(overrides: Partial<ActivityInput> = {}, options: StoredOptions = {}): Activity {
  const activity = given(evolveActivity, stored(recordActivity(null, activityInput(overrides), CATALOG), options));
  if (!activity) throw new Error('recording produced no activity');
  return activity;
}

/** The activity after further decided events (versions continue from its own). */
export function after(activity: Activity, events: readonly DecidedEvent[], options: StoredOptions = {}): Activity {
  const next = given(evolveActivity, events, activity, options);
  if (!next) throw new Error('evolve lost the activity');
  return next;
}

/** A plan built by deciding each change in turn and folding its events. */
export function planOf(changes: readonly PlanChange[], year = 2023, department = DEPARTMENT): Plan {
  return changes.reduce<Plan>((plan, change) => given(evolvePlan, decidePlanChange(plan, change, CATALOG), plan) ?? plan, {
    ...emptyPlan(department, year),
  });
}

/**
 * The field errors a decision was refused with. Anything else fails the test: an accepted
 * decision, or another error (a TypeError is a bug, never a refusal).
 */
export function refusal(decide: () => unknown): FieldError[] {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.errors;
    throw new Error(`expected a DomainValidationError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a DomainValidationError, but the decision was accepted');
}

/** The refused field names, sorted. */
export const fieldsOf = (errors: FieldError[]): string[] => errors.map((e) => e.field).sort();
