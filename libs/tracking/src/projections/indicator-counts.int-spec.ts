import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { catchUpProjections, EventStore, ProjectionRunner, type StoredEvent } from '@app/event-store';
import { createTestDatabase, withSeed, type TestDatabase } from '@app/testing';
import { evolveActivity, type Activity } from '../domain/activity';
import { countedActivityOf, figureOf, indicatorDaysOf, membershipsOf } from '../domain/indicator-counts';
import { emptyPlan, evolvePlan, type Plan } from '../domain/plan';
import { activitiesCountedBy, activitiesExcludedBy, evaluateMeasure } from '../domain/progress';
import { ReadModels } from '../queries/read-models';
import { INDICATOR_DAYS, INDICATOR_YEARS, indicatorEventsFrom, indicatorStepArbitrary } from '../../test/indicator-events';
import { indicatorCountsProjection } from './indicator-counts';

let db: TestDatabase;
let store: EventStore;
let readModels: ReadModels;
let run = 0;

beforeAll(async () => {
  db = await createTestDatabase(10);
  store = new EventStore(db.pool);
  readModels = new ReadModels(db.pool, store);
});
afterAll(async () => db?.drop());

/** Appends in order, several events of one stream per append (one transaction) where the sizes say so. */
async function append(events: StoredEvent[], sizes: number[]): Promise<void> {
  let i = 0;
  let s = 0;
  while (i < events.length) {
    const size = sizes[s++] ?? 1;
    const group: StoredEvent[] = [];
    while (group.length < size && i < events.length && (group.length === 0 || events[i].streamId === group[0].streamId)) {
      group.push(events[i++]);
    }
    await store.append(
      group[0].streamId,
      group.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      { tenant: group[0].tenant, expected: group[0].streamVersion === 1 ? 'no-stream' : group[0].streamVersion - 1 },
    );
  }
}

/** The activities and plans the events leave, folded in memory with the domain's evolve functions. */
function recount(events: readonly StoredEvent[]): { activities: Activity[]; plans: Map<string, Plan> } {
  const activities = new Map<string, Activity | null>();
  const plans = new Map<string, Plan>();
  for (const e of events) {
    if (e.type.startsWith('activity.')) {
      const id = (e.data as { activityId: string }).activityId;
      activities.set(id, evolveActivity(activities.get(id) ?? null, e));
    } else {
      const { department, year } = e.data as { department: string; year: number };
      const key = `${department}:${year}`;
      plans.set(key, evolvePlan(plans.get(key) ?? emptyPlan(department, year), e));
    }
  }
  return { activities: [...activities.values()].filter((a): a is Activity => a !== null), plans };
}

const AS_OF = [undefined, '2022-12-31', ...INDICATOR_DAYS, '2023-03-15', '2024-12-31'] as const;

describe('the indicator-counts projection', () => {
  it('gives every measure the figure a recount by progress.ts gives, as of any day, after random histories applied in random batches', async () => {
    await withSeed((_, seed) =>
      fc.assert(
        fc.asyncProperty(
          fc.array(indicatorStepArbitrary(), { minLength: 1, maxLength: 40 }),
          fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }),
          fc.integer({ min: 1, max: 9 }),
          fc.subarray([...AS_OF], { minLength: 2, maxLength: 4 }),
          async (steps, appends, batchSize, asOfs) => {
            const n = ++run;
            const departments = [`ind-${n}-a`, `ind-${n}-b`];
            const events = indicatorEventsFrom(steps, {
              departments,
              idOf: (who) => `00000000-0000-4000-9000-${String(n).padStart(6, '0')}${String(who).padStart(6, '0')}`,
            });
            await append(events, appends);
            const runner = new ProjectionRunner(db.pool, store, [indicatorCountsProjection], { batchSize });
            await runner.prepare();
            await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });

            const { activities, plans } = recount(events);
            for (const department of departments) {
              // In the read models' order (by day, then id), as a progress view reads them.
              const own = activities
                .filter((a) => a.department === department)
                .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id));
              for (const year of INDICATOR_YEARS) {
                const plan = plans.get(`${department}:${year}`) ?? emptyPlan(department, year);
                for (const asOf of asOfs) {
                  const figures = await readModels.indicatorFigures(department, year, asOf);
                  for (const measure of plan.measures.filter((m) => m.kind !== 'measured')) {
                    const expected = evaluateMeasure(measure, plan, own, asOf);
                    const where = { department, year, asOf, measure: measure.code };
                    expect({ ...where, ...figureOf(measure, figures.get(measure.code)) }).toEqual({
                      ...where,
                      actual: expected.actual,
                      activityCount: expected.activityIds.length,
                    });
                    // The drill-down's records: those counted, and those of the category left out.
                    const counted = await readModels.countedActivityIds(department, year, measure.code, asOf);
                    const ofCategory = await readModels.categoryActivityIds(department, year, measure.category!, asOf);
                    expect({ ...where, counted, excluded: ofCategory.filter((id) => !counted.includes(id)) }).toEqual({
                      ...where,
                      counted: activitiesCountedBy(measure, own, year, asOf).map((a) => a.id),
                      excluded: activitiesExcludedBy(measure, own, year, asOf).map((a) => a.id),
                    });
                  }
                  // Nothing counted for a measure the plan does not count with (measured, or never defined).
                  const counting = new Set(plan.measures.filter((m) => m.kind !== 'measured').map((m) => m.code));
                  expect([...figures.keys()].filter((code) => !counting.has(code))).toEqual([]);
                }
              }
            }

            // The stored rows are exactly the recount's (no row left at zero, projects on their first day).
            const expectedRows = indicatorDaysOf(
              activities.flatMap((a) => {
                const plan = plans.get(`${a.department}:${a.occurredOn.slice(0, 4)}`);
                return plan ? membershipsOf(countedActivityOf(a), plan.measures) : [];
              }),
            );
            const rows = await db.pool.query(
              `SELECT department, year, measure, day, count, projects, total::text AS total FROM rm_indicator_days
             WHERE department = ANY($1::text[]) ORDER BY department, year, measure, day`,
              [departments],
            );
            const key = (r: { department: string; year: number; measure: string; day: string }) =>
              `${r.department}\u0000${r.year}\u0000${r.measure}\u0000${r.day}`;
            const byKey = <T extends Parameters<typeof key>[0]>(a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
            // Totals as stored: exact, without trailing zeros (as a rebuild stores them, whatever the batches).
            expect(rows.rows.sort(byKey)).toEqual(
              expectedRows.map((r) => ({ ...r, total: String(Math.round(r.total * 100) / 100) })).sort(byKey),
            );
          },
        ),
        // fast-check draws from the test's seed: TEST_SEED=<n> replays a failure.
        { numRuns: 60, seed },
      ),
    );
  }, 240_000);

  it('is rebuilt from zero to the same rows', async () => {
    const dump = async () => ({
      days: (await db.pool.query('SELECT * FROM rm_indicator_days ORDER BY department, year, measure, day')).rows,
      members: (await db.pool.query('SELECT * FROM rm_indicator_members ORDER BY activity_id, measure')).rows,
    });
    const before = await dump();
    expect(before.days.length).toBeGreaterThan(0);
    const runner = new ProjectionRunner(db.pool, store, [indicatorCountsProjection], { batchSize: 1000 });
    await runner.rebuild(indicatorCountsProjection.name);
    await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });
    expect(await dump()).toEqual(before);
  });
});
