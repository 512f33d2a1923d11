import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { catchUpProjections, EventStore, ProjectionRunner, type StoredEvent } from '@app/event-store';
import { createTestDatabase, withSeed, type TestDatabase } from '@app/testing';
import { ActivityEvents, IMPORT_COMMAND_PREFIX, type Activity } from '../domain/activity';
import { MILESTONE_ATTRIBUTE } from '../domain/catalog';
import { DEFAULT_DEPARTMENT_SETTINGS, type DepartmentSettings } from '../domain/department';
import { ActivityIndex, activitiesCountedBy } from '../domain/progress';
import { warningFactsOf } from '../domain/warning-facts';
import { dataQualityWarnings } from '../domain/warnings';
import { yearEndWarnings } from '../domain/year-end-warnings';
import { yearPartOf } from '../queries/get-progress/year-part';
import { ReadModels } from '../queries/read-models';
import { INDICATOR_YEARS, indicatorEventsFrom, indicatorStepArbitrary } from '../../test/indicator-events';
import { activityWarningsProjection } from './activity-warnings';
import { indicatorCountsProjection } from './indicator-counts';
import { activitiesProjection, departmentsProjection, plansProjection } from './tracking-projections';

let db: TestDatabase;
let store: EventStore;
let readModels: ReadModels;
let run = 0;
/** The warning kinds the random histories gave (the property must have met each). */
const seen = new Set<string>();

const PROJECTIONS = [departmentsProjection, plansProjection, activitiesProjection, indicatorCountsProjection, activityWarningsProjection];

beforeAll(async () => {
  db = await createTestDatabase(10);
  store = new EventStore(db.pool);
  readModels = new ReadModels(db.pool, store);
});
afterAll(async () => db?.drop());

/** Titles that make near-duplicates, later years named in a title, and neither. */
const TITLES = [
  '友好城市交流活动',
  '友好城市交流活动。',
  '友好城市交流活 动（第二次）',
  '2025 年友城论坛',
  '接待来访 2023',
  '代表团出访',
  '代表团出访',
];
/** Time zones at both ends of the UTC offsets, and the default. */
const ZONES = ['Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

interface Extras {
  titles: number[];
  backfill: boolean[];
  imported: boolean[];
  milestone: boolean[];
}

/** Gives the generated events titles, 补录, imports and milestones drawn by fast-check. */
function withExtras(events: StoredEvent[], extras: Extras): StoredEvent[] {
  let k = 0;
  return events.map((e) => {
    const pick = <T>(list: T[], fallback: T) => (list.length === 0 ? fallback : list[k % list.length]);
    if (e.type === ActivityEvents.recorded) {
      k++;
      const data = e.data as Record<string, unknown> & { attributes: Record<string, unknown> };
      return {
        ...e,
        data: {
          ...data,
          title: TITLES[pick(extras.titles, 0) % TITLES.length],
          ...(pick(extras.backfill, false) ? { backfill: true } : {}),
          attributes: pick(extras.milestone, false) ? { ...data.attributes, [MILESTONE_ATTRIBUTE]: 'ms-1' } : data.attributes,
        },
        metadata: pick(extras.imported, false) ? { ...e.metadata, commandId: `${IMPORT_COMMAND_PREFIX}${k}` } : e.metadata,
      };
    }
    if (e.type === ActivityEvents.amended && (e.data as { changes: { title?: string } }).changes.title) {
      k++;
      const data = e.data as { changes: Record<string, unknown> };
      return { ...e, data: { ...data, changes: { ...data.changes, title: TITLES[pick(extras.titles, 1) % TITLES.length] } } };
    }
    return e;
  });
}

async function append(events: StoredEvent[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const group: StoredEvent[] = [events[i++]];
    while (i < events.length && events[i].streamId === group[0].streamId && group.length < 3) group.push(events[i++]);
    await store.append(
      group[0].streamId,
      group.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      { tenant: group[0].tenant, expected: group[0].streamVersion === 1 ? 'no-stream' : group[0].streamVersion - 1 },
    );
  }
}

/** Settings whose threshold lies around the UTC lateness of these activities (where the zone decides). */
function settingsAround(activities: readonly Activity[], draw: number): DepartmentSettings[] {
  const late = [...new Set(activities.map((a) => warningFactsOf(a).lateUtcDays ?? 0))].sort((a, b) => a - b);
  const pivot = late[draw % Math.max(1, late.length)] ?? 0;
  return [pivot - 1, pivot, pivot + 1, DEFAULT_DEPARTMENT_SETTINGS.lateEntryDays].map((lateEntryDays, i) => ({
    ...DEFAULT_DEPARTMENT_SETTINGS,
    lateEntryDays,
    timeZone: ZONES[(draw + i) % ZONES.length],
  }));
}

/** A seed whose 50 histories raise every warning kind (a random seed may miss a rare one). */
const EVERY_KIND_SEED = 1;

describe('the activity-warnings projection', () => {
  /**
   * Random histories of random departments, projected in random batches: for each department-year
   * and several settings, the read model's warnings equal the pure checks over every activity.
   * Every warning kind raised is added to `seen`.
   */
  const randomHistories = () =>
    fc.asyncProperty(
      fc.array(indicatorStepArbitrary({ activities: 10 }), { minLength: 1, maxLength: 40 }),
      fc.record({
        titles: fc.array(fc.nat(20), { maxLength: 12 }),
        backfill: fc.array(fc.boolean(), { maxLength: 5 }),
        imported: fc.array(fc.boolean(), { maxLength: 5 }),
        milestone: fc.array(fc.boolean(), { maxLength: 5 }),
      }),
      fc.integer({ min: 1, max: 9 }),
      fc.nat(50),
      async (steps, extras, batchSize, draw) => {
        const n = ++run;
        // One department in every other run: every activity may then be another's project.
        const departments = n % 2 ? [`warn-${n}-a`] : [`warn-${n}-a`, `warn-${n}-b`];
        const events = withExtras(
          indicatorEventsFrom(steps, {
            departments,
            idOf: (who) => `00000000-0000-4000-9000-${String(n).padStart(6, '0')}${String(who).padStart(6, '0')}`,
          }),
          extras,
        );
        await append(events);
        const runner = new ProjectionRunner(db.pool, store, PROJECTIONS, { batchSize });
        await runner.prepare();
        await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });

        for (const department of departments) {
          for (const year of INDICATOR_YEARS) {
            // The reference: every activity of the year as progressInputs reads them, the pure checks over them.
            const all = await readModels.progressInputs(department, year);
            const index = new ActivityIndex(all.activities, all.catalog);
            for (const settings of settingsAround(all.activities, draw)) {
              const inputs = await readModels.warningInputs(department, year, settings.lateEntryDays);
              expect(inputs.complete).toBe(true);
              const part = yearPartOf(all.plan, all.catalog, inputs, settings);
              for (const w of [...part.dataQuality, ...part.yearEnd]) seen.add(w.kind);
              if (part.milestoneActivities.length > 0) seen.add('milestone');
              const where = { department, year, settings };
              expect({ ...where, text: JSON.stringify([part.dataQuality, part.yearEnd]) }).toEqual({
                ...where,
                text: JSON.stringify([
                  dataQualityWarnings(all.plan, index),
                  yearEndWarnings(all.plan, index.all, {
                    progress: { measures: [], yearElapsed: 0 },
                    settings,
                    movedOut: all.movedOut,
                  }),
                ]),
              });
              expect(JSON.stringify(part.milestoneActivities)).toEqual(
                JSON.stringify(all.activities.filter((a) => typeof a.attributes?.[MILESTONE_ATTRIBUTE] === 'string')),
              );
            }
            // A measure counts nothing in the year exactly when the indicator counts have nothing for it.
            const inputs = await readModels.warningInputs(department, year, 30);
            // Read with the figures (no department here: the default threshold), the same inputs.
            const { warnings } = await readModels.progressFigures(department, year, undefined, { warnings: true });
            expect({ ...warnings, counted: [...warnings!.counted] }).toEqual({
              ...inputs,
              counted: [...inputs.counted],
              lateEntryDays: DEFAULT_DEPARTMENT_SETTINGS.lateEntryDays,
            });
            for (const measure of all.plan.measures.filter((m) => m.kind !== 'measured')) {
              expect({ measure: measure.code, counted: inputs.counted.has(measure.code) }).toEqual({
                measure: measure.code,
                counted: activitiesCountedBy(measure, index.candidatesFor(measure), year).length > 0,
              });
            }
          }
        }
      },
    );

  it('gives a progress view the warnings and milestone evidence of the pure checks over the whole year, after random histories', async () => {
    // fast-check draws from the test's seed: TEST_SEED=<n> replays a failure.
    await withSeed((_, seed) => fc.assert(randomHistories(), { numRuns: 50, seed }));
  }, 300_000);

  it('draws histories that raise every warning kind (a fixed seed, so that it does not depend on chance)', async () => {
    seen.clear();
    await fc.assert(randomHistories(), { numRuns: 50, seed: EVERY_KIND_SEED });
    expect([...seen].sort()).toEqual(
      ['date-mismatch', 'late-entry', 'likely-duplicate', 'milestone', 'moved-out-of-year', 'part-outside-year', 'unknown-measure'].sort(),
    );
  }, 300_000);

  it('finds a project of another year that became a part of a project of this year (loaded as a project of its parts)', async () => {
    const department = 'warn-nested';
    const id = (n: number) => `00000000-0000-4000-9000-999999${String(n).padStart(6, '0')}`;
    const fields = (title: string, occurredOn: string, parentId: string | null) => ({
      category: 'exchange-project',
      title,
      occurredOn,
      role: '协办',
      attributes: {},
      parentId,
      alsoCountsFor: [],
      notes: null,
    });
    const record = (n: number, title: string, day: string, parent: number | null) =>
      store.append(
        `activity-${id(n)}`,
        [
          {
            type: ActivityEvents.recorded,
            data: { activityId: id(n), department, ...fields(title, day, parent === null ? null : id(parent)) },
            metadata: {},
          },
        ],
        { tenant: department, expected: 'no-stream' },
      );
    await record(1, '项目甲', '2024-03-10', null);
    await record(2, '项目甲的部分', '2023-06-15', 1);
    await record(3, '项目乙', '2023-02-01', null);
    // The project with a part becomes a part itself (checkParent looks only at the new project).
    await store.append(
      `activity-${id(1)}`,
      [
        {
          type: ActivityEvents.amended,
          data: {
            activityId: id(1),
            department,
            changes: { parentId: id(3) },
            previous: { parentId: null },
            was: { category: 'exchange-project', occurredOn: '2024-03-10', active: true },
          },
          metadata: {},
        },
      ],
      { tenant: department, expected: 1 },
    );
    const runner = new ProjectionRunner(db.pool, store, PROJECTIONS, { batchSize: 2 });
    await runner.prepare();
    await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });
    for (const year of INDICATOR_YEARS) {
      const all = await readModels.progressInputs(department, year);
      const part = yearPartOf(all.plan, all.catalog, await readModels.warningInputs(department, year, 30), DEFAULT_DEPARTMENT_SETTINGS);
      const expected = dataQualityWarnings(all.plan, new ActivityIndex(all.activities, all.catalog));
      expect(part.dataQuality).toEqual(expected);
      expect(expected.filter((w) => w.kind === 'part-outside-year').length).toBeGreaterThan(0);
    }
  });

  it('is rebuilt from zero to the same rows', async () => {
    const dump = async () => ({
      activities: (await db.pool.query('SELECT * FROM rm_warning_activities ORDER BY activity_id')).rows,
      duplicates: (await db.pool.query('SELECT * FROM rm_warning_duplicates ORDER BY department, category, day, place')).rows,
    });
    const before = await dump();
    expect(before.duplicates.length).toBeGreaterThan(0);
    const runner = new ProjectionRunner(db.pool, store, [activityWarningsProjection], { batchSize: 1000 });
    await runner.rebuild(activityWarningsProjection.name);
    await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });
    expect(await dump()).toEqual(before);
  });
});
