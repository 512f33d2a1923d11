import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  compareCheckpoints,
  EventStore,
  ProjectionRunner,
  readProjectionStatus,
  START,
  waitForProjections,
  type Checkpoint,
  type NewEvent,
  type StoredEvent,
} from '@app/event-store';
import { createTestDatabase, seededRandom, type TestDatabase, withSeed } from '@app/testing';
import {
  activityStreamId,
  amendActivity,
  evolveActivity,
  recordActivity,
  restoreActivity,
  withdrawActivity,
  type Activity,
  type ActivityEvent,
} from '../domain/activity';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../test/domain';
import { readCatalogSync } from '../catalogs/catalog-files';
import { createDepartment, departmentStreamId } from '../domain/department';
import { TRACKING_PROJECTIONS } from './tracking-projections';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(20);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

describe('rebuild of the tracking read models', () => {
  const departments = ['wh-fao', 'wh-edu', 'wh-trade'];
  const tables = ['rm_departments', 'rm_activities', 'rm_plans', 'rm_activity_aggregates', 'rm_aggregate_activities'];

  it(
    'yields byte-identical read models to the ones built incrementally, with counts matching the activities',
    () =>
      withSeed(async (_, seed) => {
        for (const code of departments) {
          await store.append(
            departmentStreamId(code),
            createDepartment(null, code, `Department ${code}`, readCatalogSync('foreign-affairs-office')),
            {
              tenant: code,
              expected: 'no-stream',
            },
          );
        }
        const histories = activityHistories(240, departments, seed);

        const incremental = new ProjectionRunner(db.pool, store, TRACKING_PROJECTIONS, { batchSize: 23, pollIntervalMs: 5 });
        await incremental.prepare();
        incremental.start();
        try {
          // Writers interleave streams; the runner folds the events in as they commit.
          const writers = 6;
          await Promise.all(
            Array.from({ length: writers }, async (_, w) => {
              const mine = histories.filter((_, i) => i % writers === w);
              const rounds = Math.max(...mine.map((h) => h.steps.length));
              for (let round = 0; round < rounds; round++) {
                for (const history of mine) {
                  const step = history.steps[round];
                  if (!step) continue;
                  await store.append(history.streamId, step, { tenant: history.department, expected: round === 0 ? 'no-stream' : round });
                }
              }
            }),
          );
          await waitForProjections(db.pool, store, { names: TRACKING_PROJECTIONS.map((p) => p.name), timeoutMs: 20_000 });
        } finally {
          await incremental.stop();
        }

        const types = await db.pool.query<{ type: string }>(`SELECT DISTINCT type FROM events WHERE type LIKE 'activity.%' ORDER BY type`);
        expect(types.rows.map((r) => r.type)).toEqual([
          'activity.amended.v1',
          'activity.recorded.v1',
          'activity.restored.v1',
          'activity.withdrawn.v1',
        ]);
        const recategorised = await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE type = 'activity.amended.v1' AND data->'changes' ? 'category'`,
        );
        expect(recategorised.rows[0].n).toBeGreaterThan(10);

        const built = await dumpTables(tables);
        expect(built.rm_departments).toHaveLength(departments.length);
        expect(built.rm_activities).toHaveLength(histories.length);
        expect(built.rm_activity_aggregates.length).toBeGreaterThan(departments.length);
        expect(built.rm_aggregate_activities).toHaveLength(histories.length);

        const rebuilder = new ProjectionRunner(db.pool, store, TRACKING_PROJECTIONS, { batchSize: 500 });
        for (const projection of TRACKING_PROJECTIONS) await rebuilder.rebuild(projection.name);
        await drain(rebuilder);
        expect(await dumpTables(tables)).toEqual(built);

        // All at once, in one pass over the events (each batch read once for the four).
        const together = new ProjectionRunner(db.pool, store, TRACKING_PROJECTIONS, { batchSize: 97 });
        const applied = await together.rebuildAll();
        await drain(together);
        expect([...applied.keys()]).toEqual(TRACKING_PROJECTIONS.map((p) => p.name));
        expect(applied.get('activities')).toBeGreaterThanOrEqual(histories.reduce((n, h) => n + h.steps.length, 0));
        expect(await dumpTables(tables)).toEqual(built);

        const recount = await db.pool.query(
          `SELECT department, year, category, count(*)::int AS n FROM rm_activities
       WHERE status = 'active' GROUP BY department, year, category ORDER BY department, year, category`,
        );
        const counted = await db.pool.query(
          `SELECT department, year, category, sum(count)::int AS n FROM rm_activity_aggregates
       GROUP BY department, year, category ORDER BY department, year, category`,
        );
        expect(recount.rows.length).toBeGreaterThan(20);
        expect(counted.rows).toEqual(recount.rows);
      }),
    30_000,
  );
});

// --- helpers -------------------------------------------------------------------------------

/**
 * Catches up until the runner's projections have read the last committed event. A single
 * catchUpAll() stops at the settled horizon, which any open transaction of the cluster (other
 * test files, other sessions) holds back.
 */
async function drain(runner: ProjectionRunner, timeoutMs = 20_000): Promise<number> {
  const target = await lastCommitted();
  const names = runner.projections.map((p) => p.name);
  const deadline = Date.now() + timeoutMs;
  let applied = 0;
  for (;;) {
    applied += await runner.catchUpAll();
    const statuses = (await readProjectionStatus(db.pool)).filter((s) => names.includes(s.name));
    if (statuses.every((s) => compareCheckpoints(s.checkpoint, target) >= 0)) return applied;
    if (Date.now() > deadline) throw new Error(`${names.join(', ')} did not reach the last committed event in time`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function lastCommitted(): Promise<Checkpoint> {
  const found = await db.pool.query<{ txid: string; position: number }>(
    'SELECT transaction_id::text AS txid, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  return found.rows[0] ? { transactionId: found.rows[0].txid, position: found.rows[0].position } : START;
}

/** Each table's rows as text, in the order of their text (document tables and the aggregates alike). */
async function dumpTables(tables: string[]): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    dump[table] = rows.rows.map((r) => r.row);
  }
  return dump;
}

interface ActivityHistory {
  streamId: string;
  department: string;
  /** One append per step, in order. */
  steps: NewEvent[][];
}

/** Categories whose attributes are all `participants`, so any of them can become any other. */
const MOVABLE = ['major-event', 'exchange-project', 'policy-briefing', 'hk-macao-youth', 'investment-event', 'consulate-tour'];

/**
 * Activity histories decided by the domain itself (record, amend incl. category and year
 * changes, withdraw, restore), deterministic for a seed.
 */
function activityHistories(count: number, departments: string[], seed: number): ActivityHistory[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const activityId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const department = departments[i % departments.length];
    const streamId = activityStreamId(activityId);
    const steps: ActivityEvent[][] = [];
    let state: Activity | null = null;
    const apply = (events: ActivityEvent[]): void => {
      for (const event of events) {
        const version: number = (state?.version ?? 0) + 1;
        state = evolveActivity(state, asStored(event, streamId, department, version));
      }
      steps.push(events);
    };
    apply(
      recordActivity(
        null,
        {
          activityId,
          department,
          category: pick(MOVABLE),
          title: `Activity ${i}`,
          occurredOn: `${pick([2023, 2024])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
          role: pick(['主办', '承办', '协办'] as const),
          attributes: { participants: Math.floor(random() * 200) },
          parentId: null,
          alsoCountsFor: [],
          notes: null,
        },
        FOREIGN_AFFAIRS_OFFICE_CATALOG,
      ),
    );
    const changes = Math.floor(random() * 6);
    for (let c = 0; c < changes; c++) {
      const current: Activity = state!;
      const r = random();
      if (r < 0.35) {
        const category = pick(MOVABLE.filter((code) => code !== current.category));
        apply(amendActivity(current, { category }, FOREIGN_AFFAIRS_OFFICE_CATALOG));
      } else if (r < 0.5) {
        const year = current.occurredOn.startsWith('2023') ? 2024 : 2023;
        apply(
          amendActivity(current, { occurredOn: `${year}${current.occurredOn.slice(4)}` }, FOREIGN_AFFAIRS_OFFICE_CATALOG, {
            moveToYear: true,
          }),
        );
      } else if (r < 0.6) {
        apply(amendActivity(current, { title: `${current.title} (rev ${c})` }, FOREIGN_AFFAIRS_OFFICE_CATALOG));
      } else if (current.status === 'active') {
        apply(withdrawActivity(current, 'entered twice'));
      } else {
        apply(restoreActivity(current, 'withdrawn by mistake'));
      }
    }
    return {
      streamId,
      department,
      steps: steps.map((events) => events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: 'test' } }))),
    };
  });
}

function asStored(event: ActivityEvent, streamId: string, tenant: string, streamVersion: number): StoredEvent {
  return {
    globalPosition: 0,
    streamId,
    streamVersion,
    tenant,
    type: event.type,
    data: event.data,
    metadata: { actor: 'test' },
    recordedAt: new Date(0),
    transactionId: '0',
  };
}
