import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { StoredEvent } from '@app/event-store';
import { ActivityEvents, evolveActivity, type Activity } from './activity';
import { aggregateActivities, summarizeAggregates, trackAfter, trackedOf, type TrackedActivity } from './aggregates';
import type { CategorySpec } from './catalog';
import { activityEventSequence } from '../../test/activity-events';

const at = (day: string, category: string, extra: Partial<Activity> = {}): Activity => ({
  id: `${category}-${day}-${extra.title ?? ''}`,
  department: 'wh-fao',
  category,
  title: 't',
  occurredOn: day,
  role: '主办',
  attributes: {},
  parentId: null,
  alsoCountsFor: [],
  notes: null,
  status: 'active',
  withdrawnReason: null,
  version: 1,
  recordedAt: '2023-01-01T00:00:00Z',
  recordedBy: null,
  updatedAt: '2023-01-01T00:00:00Z',
  ...extra,
});

const participants = { name: 'participants', label: '参与人数', type: 'integer' } as const;
const persons = { name: 'persons', label: '人次', type: 'integer' } as const;
const cost = { name: 'cost', label: '费用（万元）', type: 'amount' } as const;
const CATALOG: CategorySpec[] = [
  { code: 'major-event', label: '重要外事活动', attributes: [participants] },
  { code: 'exchange-project', label: '对外重点交流项目', attributes: [participants] },
  { code: 'trip-abroad', label: '因公出国(境)团组', attributes: [persons, cost] },
  { code: 'reception', label: '公务接待团组', attributes: [persons, cost] },
];

describe('aggregateActivities (the recount the projection must equal)', () => {
  it('counts live activities per category and day, sums their numeric attributes, and leaves withdrawn ones out', () => {
    const rows = aggregateActivities([
      at('2023-03-01', 'trip-abroad', { title: 'a', attributes: { persons: 2, cost: 0.1, destinations: '英国' } }),
      at('2023-03-01', 'trip-abroad', { title: 'b', attributes: { persons: 1, cost: 0.2 } }),
      at('2023-03-01', 'trip-abroad', { title: 'c', attributes: { persons: 9, cost: 9 }, status: 'withdrawn' }),
      at('2023-04-02', 'reception', { title: 'd', attributes: { persons: 12, cost: 0, foreign: true } }),
    ]);
    expect(rows).toEqual([
      { department: 'wh-fao', year: 2023, category: 'reception', day: '2023-04-02', count: 1, projects: 1, sums: { persons: 12 } },
      {
        department: 'wh-fao',
        year: 2023,
        category: 'trip-abroad',
        day: '2023-03-01',
        count: 2,
        projects: 2,
        sums: { cost: 0.3, persons: 3 },
      },
    ]);
  });

  it('counts a project made of parts once, on the day of its first live part', () => {
    const project = at('2023-05-01', 'exchange-project', { id: 'p' });
    const parts = [
      at('2023-05-03', 'exchange-project', { id: 'p1', parentId: 'p' }),
      at('2023-06-01', 'exchange-project', { id: 'p2', parentId: 'p' }),
    ];
    const rows = aggregateActivities([project, ...parts]);
    expect(rows.map((r) => [r.day, r.count, r.projects])).toEqual([
      ['2023-05-01', 1, 1],
      ['2023-05-03', 1, 0],
      ['2023-06-01', 1, 0],
    ]);
    // The project itself withdrawn: its first live part starts it.
    const withdrawn = aggregateActivities([{ ...project, status: 'withdrawn' }, ...parts]);
    expect(withdrawn.map((r) => [r.day, r.count, r.projects])).toEqual([
      ['2023-05-03', 1, 1],
      ['2023-06-01', 1, 0],
    ]);
  });
});

describe('summarizeAggregates', () => {
  const rows = aggregateActivities([
    at('2023-01-10', 'exchange-project', { id: 'p', attributes: { participants: 10 } }),
    at('2023-02-10', 'exchange-project', { id: 'p1', parentId: 'p', attributes: { participants: 5 } }),
    at('2023-02-11', 'major-event', { id: 'm', attributes: { participants: 100 } }),
    at('2023-03-01', 'trip-abroad', { id: 't', attributes: { persons: 3, cost: 10.55 } }),
    at('2023-03-02', 'reception', { id: 'r1', attributes: { persons: 300, cost: 3.91 } }),
    at('2023-12-31', 'reception', { id: 'r2', attributes: { persons: 86, cost: 9.42 } }),
  ]);

  it('adds up months, categories (in catalog order, with their labels) and sums, as of a day', () => {
    const all = summarizeAggregates(rows, CATALOG);
    expect(all.byMonth).toEqual([
      { month: 1, category: 'exchange-project', count: 1, projects: 1 },
      { month: 2, category: 'major-event', count: 1, projects: 1 },
      { month: 2, category: 'exchange-project', count: 1, projects: 0 },
      { month: 3, category: 'trip-abroad', count: 1, projects: 1 },
      { month: 3, category: 'reception', count: 1, projects: 1 },
      { month: 12, category: 'reception', count: 1, projects: 1 },
    ]);
    expect(all.byCategory.map((c) => [c.label, c.count, c.projects])).toEqual([
      ['重要外事活动', 1, 1],
      ['对外重点交流项目', 2, 1],
      ['因公出国(境)团组', 1, 1],
      ['公务接待团组', 2, 2],
    ]);
    expect(all.sums).toEqual({ cost: 23.88, participants: 115, persons: 389 });
    expect(all.sumLabels).toEqual({ cost: '费用（万元）', participants: '参与人数', persons: '人次' });

    const june = summarizeAggregates(rows, CATALOG, '2023-06-30');
    expect(june.sums).toEqual({ cost: 14.46, participants: 115, persons: 303 });
    expect(june.byCategory.find((c) => c.category === 'reception')).toMatchObject({ count: 1, projects: 1 });
  });
});

describe('trackAfter (the projection’s evolve)', () => {
  it('equals the contribution of the activity evolveActivity folds, after every event of random histories', () => {
    fc.assert(
      fc.property(activityEventSequence(), (events: StoredEvent[]) => {
        const activities = new Map<string, Activity | null>();
        const tracked = new Map<string, TrackedActivity | null>();
        for (const event of events) {
          const id = (event.data as { activityId: string }).activityId;
          const activity = evolveActivity(activities.get(id) ?? null, event);
          const contribution = trackAfter(tracked.get(id) ?? null, event);
          activities.set(id, activity);
          tracked.set(id, contribution);
          expect(contribution).toEqual(trackedOf(activity!));
        }
        const live = [...activities.values()].filter((a): a is Activity => a !== null);
        expect(aggregateActivities([...tracked.values()].filter((t): t is TrackedActivity => t !== null))).toEqual(
          aggregateActivities(live),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a correction of an activity it never saw recorded', () => {
    const event = { type: ActivityEvents.withdrawn, data: { activityId: 'x', department: 'd', reason: 'r' } } as unknown as StoredEvent;
    expect(() => trackAfter(null, event)).toThrow('never recorded');
  });
});
