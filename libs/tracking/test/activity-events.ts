/**
 * Random activity histories for property tests: records (some as parts of a project), amendments
 * of category, day (across years), attributes and project, moves, withdrawals and restorations,
 * as the store would hand them back. Shrinkable: fast-check draws the steps, eventsFrom replays them.
 */
import fc from 'fast-check';
import type { StoredEvent } from '@app/event-store';
import { ActivityEvents, type ActivityFields, type ActivityPosition } from '../src/domain/activity';
import type { Attributes } from '../src/domain/attributes';

export const SEQUENCE_CATEGORIES = ['exchange-project', 'major-event', 'reception', 'trip-abroad'] as const;
export const SEQUENCE_DAYS = ['2023-01-05', '2023-01-31', '2023-02-01', '2023-06-15', '2023-12-31', '2024-01-01', '2024-03-10'] as const;

export interface Step {
  op: 'record' | 'amend' | 'move' | 'withdraw' | 'restore';
  who: number;
  category: (typeof SEQUENCE_CATEGORIES)[number];
  day: (typeof SEQUENCE_DAYS)[number];
  attributes: Attributes;
  /** Another activity as its project (amend: null leaves its project). */
  parent: number | null;
  /** Which fields an amendment changes. */
  fields: { category: boolean; day: boolean; attributes: boolean; parent: boolean };
}

const attributes: fc.Arbitrary<Attributes> = fc.record(
  {
    participants: fc.nat(500),
    persons: fc.nat(50),
    // 万元 with two decimals: sums must stay exact.
    cost: fc.integer({ min: 0, max: 99_999 }).map((n) => n / 100),
    destinations: fc.constantFrom('英国', '日本'),
  },
  { requiredKeys: [] },
);

export const stepArbitrary = (activities = 6): fc.Arbitrary<Step> =>
  fc.record({
    op: fc.constantFrom<Step['op']>('record', 'record', 'amend', 'amend', 'move', 'withdraw', 'restore'),
    who: fc.nat(activities - 1),
    category: fc.constantFrom(...SEQUENCE_CATEGORIES),
    day: fc.constantFrom(...SEQUENCE_DAYS),
    attributes,
    parent: fc.option(fc.nat(activities - 1)),
    fields: fc.record({ category: fc.boolean(), day: fc.boolean(), attributes: fc.boolean(), parent: fc.boolean() }),
  });

interface Model {
  id: string;
  department: string;
  category: string;
  occurredOn: string;
  active: boolean;
  attributes: Attributes;
  parentId: string | null;
  version: number;
}

export interface SequenceOptions {
  departments?: string[];
  /** The id of activity number `who` (unique across the runs that share a database). */
  idOf?: (who: number) => string;
  recordedAt?: Date;
}

/** The events a list of steps makes; steps that do not apply (a correction of nothing) are skipped. */
export function eventsFrom(steps: readonly Step[], options: SequenceOptions = {}): StoredEvent[] {
  const departments = options.departments ?? ['wh-fao'];
  const idOf = options.idOf ?? ((who: number) => `00000000-0000-4000-8000-${String(who).padStart(12, '0')}`);
  const models = new Map<number, Model>();
  const events: StoredEvent[] = [];
  const emit = (m: Model, type: string, data: Record<string, unknown>) => {
    m.version += 1;
    events.push({
      globalPosition: events.length + 1,
      streamId: `activity-${m.id}`,
      streamVersion: m.version,
      tenant: m.department,
      type,
      data: { activityId: m.id, department: m.department, ...data },
      metadata: { actor: 'test' },
      recordedAt: options.recordedAt ?? new Date('2024-04-01T00:00:00Z'),
      transactionId: '1',
    });
  };
  const position = (m: Model): ActivityPosition => ({ category: m.category, occurredOn: m.occurredOn, active: m.active });
  const projectOf = (m: Model, parent: number | null): string | null => {
    const p = parent === null ? undefined : models.get(parent);
    return p && p.id !== m.id && p.department === m.department && p.parentId === null ? p.id : null;
  };

  for (const step of steps) {
    const m = models.get(step.who);
    if (step.op === 'record' || !m) {
      if (m) continue;
      const fresh: Model = {
        id: idOf(step.who),
        department: departments[step.who % departments.length],
        category: step.category,
        occurredOn: step.day,
        active: true,
        attributes: step.attributes,
        parentId: null,
        version: 0,
      };
      fresh.parentId = projectOf(fresh, step.parent);
      models.set(step.who, fresh);
      const fields: ActivityFields = {
        category: fresh.category,
        title: `活动 ${step.who}`,
        occurredOn: fresh.occurredOn,
        role: '主办',
        attributes: fresh.attributes,
        parentId: fresh.parentId,
        alsoCountsFor: [],
        notes: null,
      };
      emit(fresh, ActivityEvents.recorded, { ...fields });
      continue;
    }
    const was = position(m);
    switch (step.op) {
      case 'amend': {
        const changes: Partial<ActivityFields> = {};
        if (step.fields.category && step.category !== m.category) changes.category = step.category;
        if (step.fields.day && step.day !== m.occurredOn) changes.occurredOn = step.day;
        if (step.fields.attributes) changes.attributes = step.attributes;
        if (step.fields.parent) {
          const parentId = projectOf(m, step.parent);
          // A project with parts stays a project.
          const hasParts = [...models.values()].some((x) => x.parentId === m.id);
          if (parentId !== m.parentId && !hasParts) changes.parentId = parentId;
        }
        if (Object.keys(changes).length === 0) continue;
        Object.assign(m, {
          category: changes.category ?? m.category,
          occurredOn: changes.occurredOn ?? m.occurredOn,
          attributes: changes.attributes ?? m.attributes,
          parentId: changes.parentId !== undefined ? changes.parentId : m.parentId,
        });
        emit(m, ActivityEvents.amended, { changes, previous: {}, was });
        break;
      }
      case 'move': {
        if (step.category === m.category) continue;
        const previous = { category: m.category, attributes: m.attributes };
        m.category = step.category;
        m.attributes = step.attributes;
        emit(m, ActivityEvents.moved, { category: m.category, attributes: m.attributes, previous, reason: null, was, dropped: [] });
        break;
      }
      case 'withdraw':
        if (!m.active) continue;
        m.active = false;
        emit(m, ActivityEvents.withdrawn, { reason: '重复', was });
        break;
      case 'restore':
        if (m.active) continue;
        m.active = true;
        emit(m, ActivityEvents.restored, { reason: null, was });
        break;
    }
  }
  return events;
}

/** Random histories of a few activities, as stored events. */
export function activityEventSequence(
  options: SequenceOptions & { activities?: number; maxSteps?: number } = {},
): fc.Arbitrary<StoredEvent[]> {
  return fc.array(stepArbitrary(options.activities ?? 6), { maxLength: options.maxSteps ?? 40 }).map((steps) => eventsFrom(steps, options));
}
