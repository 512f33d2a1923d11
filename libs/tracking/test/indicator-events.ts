/**
 * Random histories of measures and activities for the indicator counts' property tests: measures
 * defined and redefined (kind, category, attribute filters, summed attribute) in the plans of two
 * years, interleaved with activities recorded (some as parts of a project, some also counting for
 * other measures), amended (category, day across years, attributes, project, also-counts-for),
 * moved, withdrawn and restored — as the store would hand them back. Shrinkable: fast-check draws
 * the steps, indicatorEventsFrom replays them.
 */
import fc from 'fast-check';
import type { StoredEvent } from '@app/event-store';
import { ActivityEvents, type ActivityFields, type ActivityPosition } from '../src/domain/activity';
import type { Attributes } from '../src/domain/attributes';
import { PlanEvents, type Measure, type MeasureKind } from '../src/domain/plan';

export const INDICATOR_CATEGORIES = ['friendship-city', 'exchange-project', 'major-event', 'reception'] as const;
export const INDICATOR_DAYS = ['2023-01-01', '2023-01-31', '2023-02-01', '2023-06-15', '2023-12-31', '2024-01-01', '2024-03-10'] as const;
export const INDICATOR_YEARS = [2023, 2024] as const;
/** Measure codes: the same codes in both years (a measure of 2023 counts only 2023's activities). */
export const INDICATOR_MEASURES = ['m-a', 'm-b', 'm-c', 'm-d'] as const;

const RELATIONS = ['友好城市', '友好交流城市', '备忘录'] as const;
const LEVELS = ['市级', '区级'] as const;

export type IndicatorStep =
  | {
      op: 'measure';
      department: number;
      year: (typeof INDICATOR_YEARS)[number];
      code: (typeof INDICATOR_MEASURES)[number];
      kind: MeasureKind;
      category: (typeof INDICATOR_CATEGORIES)[number];
      where: Measure['where'];
      attribute: 'participants' | 'cost' | 'level';
      name: string;
    }
  | {
      op: 'record' | 'amend' | 'move' | 'withdraw' | 'restore';
      who: number;
      category: (typeof INDICATOR_CATEGORIES)[number];
      day: (typeof INDICATOR_DAYS)[number];
      attributes: Attributes;
      /** Another activity as its project (amend: null leaves its project). */
      parent: number | null;
      alsoCountsFor: string[];
      /** Which fields an amendment changes. */
      fields: { category: boolean; day: boolean; attributes: boolean; parent: boolean; also: boolean };
    };

const attributes: fc.Arbitrary<Attributes> = fc.record(
  {
    relation: fc.constantFrom(...RELATIONS),
    level: fc.constantFrom(...LEVELS),
    participants: fc.nat(500),
    // 万元 with two decimals (what the office records): the sums are exact both ways.
    cost: fc.integer({ min: 0, max: 99_999 }).map((n) => n / 100),
  },
  { requiredKeys: [] },
);

const where: fc.Arbitrary<Measure['where']> = fc.record(
  {
    relation: fc.subarray([...RELATIONS], { minLength: 1 }),
    level: fc.subarray([...LEVELS], { minLength: 1 }),
  },
  { requiredKeys: [] },
);

const measureStep = (departments: number): fc.Arbitrary<IndicatorStep> =>
  fc.record({
    op: fc.constant('measure' as const),
    department: fc.nat(departments - 1),
    year: fc.constantFrom(...INDICATOR_YEARS),
    code: fc.constantFrom(...INDICATOR_MEASURES),
    kind: fc.constantFrom<MeasureKind>('count', 'count-distinct-parents', 'sum', 'measured'),
    category: fc.constantFrom(...INDICATOR_CATEGORIES),
    where,
    // 'level' is not a number: a sum of it adds 0, as a recount does.
    attribute: fc.constantFrom('participants' as const, 'cost' as const, 'level' as const),
    name: fc.constantFrom('指标', '指标（改名）'),
  });

const activityStep = (activities: number): fc.Arbitrary<IndicatorStep> =>
  fc.record({
    op: fc.constantFrom(
      'record' as const,
      'record' as const,
      'amend' as const,
      'amend' as const,
      'move' as const,
      'withdraw' as const,
      'restore' as const,
    ),
    who: fc.nat(activities - 1),
    category: fc.constantFrom(...INDICATOR_CATEGORIES),
    day: fc.constantFrom(...INDICATOR_DAYS),
    attributes,
    parent: fc.option(fc.nat(activities - 1), { nil: null }),
    alsoCountsFor: fc.subarray([...INDICATOR_MEASURES, 'm-unknown'], { maxLength: 2 }),
    fields: fc.record({ category: fc.boolean(), day: fc.boolean(), attributes: fc.boolean(), parent: fc.boolean(), also: fc.boolean() }),
  });

export const indicatorStepArbitrary = (options: { departments?: number; activities?: number } = {}): fc.Arbitrary<IndicatorStep> =>
  fc.oneof(
    { arbitrary: activityStep(options.activities ?? 8), weight: 4 },
    { arbitrary: measureStep(options.departments ?? 2), weight: 1 },
  );

interface Model {
  id: string;
  department: string;
  category: string;
  occurredOn: string;
  active: boolean;
  attributes: Attributes;
  parentId: string | null;
  alsoCountsFor: string[];
  version: number;
}

export interface IndicatorSequenceOptions {
  departments: string[];
  /** The id of activity number `who` (unique across the runs that share a database). */
  idOf: (who: number) => string;
}

/** The events a list of steps makes; steps that do not apply (a correction of nothing) are skipped. */
export function indicatorEventsFrom(steps: readonly IndicatorStep[], options: IndicatorSequenceOptions): StoredEvent[] {
  const { departments, idOf } = options;
  const models = new Map<number, Model>();
  const planVersions = new Map<string, number>();
  const events: StoredEvent[] = [];
  const push = (streamId: string, version: number, tenant: string, type: string, data: Record<string, unknown>) =>
    events.push({
      globalPosition: events.length + 1,
      streamId,
      streamVersion: version,
      tenant,
      type,
      data,
      metadata: { actor: 'test' },
      recordedAt: new Date('2024-04-01T00:00:00Z'),
      transactionId: '1',
    });
  const emit = (m: Model, type: string, data: Record<string, unknown>) => {
    m.version += 1;
    push(`activity-${m.id}`, m.version, m.department, type, { activityId: m.id, department: m.department, ...data });
  };
  const position = (m: Model): ActivityPosition => ({ category: m.category, occurredOn: m.occurredOn, active: m.active });
  const projectOf = (m: Model, parent: number | null): string | null => {
    const p = parent === null ? undefined : models.get(parent);
    return p && p.id !== m.id && p.department === m.department && p.parentId === null ? p.id : null;
  };

  for (const step of steps) {
    if (step.op === 'measure') {
      const department = departments[step.department % departments.length];
      const stream = `plan-${department}-${step.year}`;
      const version = (planVersions.get(stream) ?? 0) + 1;
      planVersions.set(stream, version);
      const measure: Measure = {
        code: step.code,
        name: step.name,
        unit: '个',
        kind: step.kind,
        category: step.kind === 'measured' ? null : step.category,
        where: step.kind === 'measured' ? {} : step.where,
        attribute: step.kind === 'sum' ? step.attribute : null,
        valueType: step.kind === 'sum' && step.attribute === 'cost' ? 'amount' : 'count',
      };
      push(stream, version, department, PlanEvents.measureDefined, { department, year: step.year, measure, previous: null });
      continue;
    }
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
        alsoCountsFor: step.alsoCountsFor,
        version: 0,
      };
      fresh.parentId = projectOf(fresh, step.parent);
      models.set(step.who, fresh);
      const fields: ActivityFields = {
        category: fresh.category,
        title: `活动 ${step.who}`,
        occurredOn: fresh.occurredOn,
        role: '协办',
        attributes: fresh.attributes,
        parentId: fresh.parentId,
        alsoCountsFor: fresh.alsoCountsFor,
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
        if (step.fields.also) changes.alsoCountsFor = step.alsoCountsFor;
        if (step.fields.parent) {
          const parentId = projectOf(m, step.parent);
          // A project with parts stays a project.
          const hasParts = [...models.values()].some((x) => x.parentId === m.id);
          if (parentId !== m.parentId && !hasParts) changes.parentId = parentId;
        }
        if (Object.keys(changes).length === 0) {
          // A change of the title alone: nothing a measure reads.
          emit(m, ActivityEvents.amended, { changes: { title: `活动 ${step.who}（改）` }, previous: {}, was });
          break;
        }
        Object.assign(m, {
          category: changes.category ?? m.category,
          occurredOn: changes.occurredOn ?? m.occurredOn,
          attributes: changes.attributes ?? m.attributes,
          alsoCountsFor: changes.alsoCountsFor ?? m.alsoCountsFor,
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
