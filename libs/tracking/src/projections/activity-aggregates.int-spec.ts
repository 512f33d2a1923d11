import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { catchUpProjections, EventStore, ProjectionRunner, type StoredEvent } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { evolveActivity, type Activity } from '../domain/activity';
import { aggregateActivities, trackedOf, type AggregateRow } from '../domain/aggregates';
import { eventsFrom, stepArbitrary } from '../../test/activity-events';
import { activityAggregatesProjection } from './activity-aggregates';

let db: TestDatabase;
let store: EventStore;
let run = 0;

beforeAll(async () => {
  db = await createTestDatabase(10);
  store = new EventStore(db.pool);
});
afterAll(async () => db?.drop());

/** The projection's rows of some departments, as AggregateRow. */
async function projected(departments: string[]): Promise<AggregateRow[]> {
  const found = await db.pool.query<AggregateRow>(
    `SELECT department, year, category, day, count, projects, sums FROM rm_activity_aggregates
     WHERE department = ANY($1::text[]) ORDER BY department, year, category, day`,
    [departments],
  );
  return found.rows.map((r) => ({ ...r, sums: Object.fromEntries(Object.entries(r.sums).sort(([a], [b]) => (a < b ? -1 : 1))) }));
}

async function append(events: StoredEvent[], batches: number[]): Promise<void> {
  // Several events per append (one transaction) where the batch sizes say so, in order.
  let i = 0;
  for (const size of batches) {
    if (i >= events.length) break;
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
  while (i < events.length) {
    const e = events[i++];
    await store.append(e.streamId, [{ type: e.type, data: e.data, metadata: e.metadata }], {
      tenant: e.tenant,
      expected: e.streamVersion === 1 ? 'no-stream' : e.streamVersion - 1,
    });
  }
}

describe('the activity-aggregates projection', () => {
  it('equals a recount from the activities after random histories, applied in random batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary(6), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 9 }),
        async (steps, appends, batchSize) => {
          const n = ++run;
          const departments = [`agg-${n}-a`, `agg-${n}-b`];
          const events = eventsFrom(steps, {
            departments,
            idOf: (who) => `00000000-0000-4000-8000-${String(n).padStart(6, '0')}${String(who).padStart(6, '0')}`,
          });
          await append(events, appends);
          const runner = new ProjectionRunner(db.pool, store, [activityAggregatesProjection], { batchSize });
          await runner.prepare();
          await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });

          const activities = new Map<string, Activity | null>();
          for (const e of events) {
            const id = (e.data as { activityId: string }).activityId;
            activities.set(id, evolveActivity(activities.get(id) ?? null, e));
          }
          const live = [...activities.values()].filter((a): a is Activity => a !== null);
          expect(await projected(departments)).toEqual(aggregateActivities(live));

          const contributions = await db.pool.query(
            `SELECT activity_id AS id, department, category, day AS "occurredOn", active, root, sums
             FROM rm_aggregate_activities WHERE department = ANY($1::text[]) ORDER BY activity_id`,
            [departments],
          );
          expect(contributions.rows).toEqual(live.map(trackedOf).sort((a, b) => (a.id < b.id ? -1 : 1)));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('is rebuilt from zero to the same rows', async () => {
    const before = await db.pool.query('SELECT * FROM rm_activity_aggregates ORDER BY department, year, category, day');
    expect(before.rows.length).toBeGreaterThan(0);
    const runner = new ProjectionRunner(db.pool, store, [activityAggregatesProjection], { batchSize: 1000 });
    await runner.rebuild(activityAggregatesProjection.name);
    await catchUpProjections(db.pool, runner, { timeoutMs: 20_000 });
    const after = await db.pool.query('SELECT * FROM rm_activity_aggregates ORDER BY department, year, category, day');
    expect(after.rows).toEqual(before.rows);
  });
});
