import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase, seededRandom } from '@app/testing';
// The runner is tested against the real tracking read models; the store itself stays domain-free.
import {
  activityStreamId,
  amendActivity,
  evolveActivity,
  recordActivity,
  restoreActivity,
  withdrawActivity,
  type Activity,
  type ActivityEvent,
} from '@app/tracking';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG, createDepartment, departmentStreamId, TRACKING_PROJECTIONS } from '@app/tracking';
import { EventStore } from '../event-store';
import { compareCheckpoints, START, type Checkpoint, type NewEvent, type StoredEvent } from '../types';
import { documentProjection } from './document-projection';
import type { Projection } from './projection';
import { ProjectionRunner, readProjectionStatus, type ProjectionStatus } from './projection-runner';
import { waitForProjections } from './wait-for-projections';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(20);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

describe('two ProjectionRunners on one database', () => {
  it('count every event exactly once while writers commit out of order', async () => {
    await db.pool.query('CREATE TABLE test_prefix_counts (key text PRIMARY KEY, doc jsonb NOT NULL)');
    /** Events per stream prefix ('p0'…'p3'): hot keys that every batch of both runners touches. */
    const counting = documentProjection<{ count: number }>({
      name: 'test-prefix-counts',
      version: 1,
      table: 'test_prefix_counts',
      keysOf: (event) => (event.tenant === 'counting' ? [event.streamId.split('-')[0]] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const applied = [0, 0];
    const runners = applied.map((_, i) => {
      const observed: Projection = {
        ...counting,
        apply: async (events, tx) => {
          applied[i] += events.filter((e) => e.tenant === 'counting').length;
          await counting.apply(events, tx);
        },
      };
      return new ProjectionRunner(db.pool, store, [observed], { batchSize: 25, pollIntervalMs: 5 });
    });
    await Promise.all(runners.map((runner) => runner.prepare()));
    runners.forEach((runner) => runner.start());

    const writers = 8;
    const transactionsPerWriter = 40;
    let rolledBack = 0;
    try {
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let t = 0; t < transactionsPerWriter; t++) {
            const events = Array.from({ length: 1 + (t % 3) }, (_, n) => numbered(t * 10 + n));
            const streamId = `p${(w + t) % 4}-w${w}-s${t % 5}`;
            if (t % 4 === 0) {
              await store.append(streamId, events, { tenant: 'counting', expected: 'any' });
              continue;
            }
            const client = await db.pool.connect();
            try {
              await client.query('BEGIN');
              await store.appendInTransaction(client, streamId, events, { tenant: 'counting', expected: 'any' });
              // Held open so transactions with later positions commit first.
              if (t % 3 === 1) await sleep(5 + ((w * 7 + t) % 20));
              if ((w + t) % 7 === 3) {
                await client.query('ROLLBACK');
                rolledBack++;
              } else {
                await client.query('COMMIT');
              }
            } finally {
              client.release();
            }
          }
        }),
      );
      await waitForProjections(db.pool, store, { names: ['test-prefix-counts'], timeoutMs: 20_000 });
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }

    const truth = await db.pool.query<{ key: string; count: number }>(
      `SELECT split_part(stream_id, '-', 1) AS key, count(*)::int AS count FROM events
       WHERE tenant = 'counting' GROUP BY 1 ORDER BY 1`,
    );
    const projected = await db.pool.query<{ key: string; count: number }>(
      `SELECT key, (doc->>'count')::int AS count FROM test_prefix_counts ORDER BY key`,
    );
    const total = truth.rows.reduce((sum, r) => sum + r.count, 0);
    expect(rolledBack).toBeGreaterThan(0);
    expect(truth.rows.map((r) => r.key)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(projected.rows).toEqual(truth.rows);
    // Every batch either runner applied was committed: no event went through apply twice.
    expect(applied[0] + applied[1]).toBe(total);
    expect(Math.min(...applied)).toBeGreaterThan(0); // both runners did take turns
    expect((await statusOf('test-prefix-counts')).eventsBehind).toBe(0);
  }, 30_000);
});

describe('a projection whose evolve throws', () => {
  const numbersProjection = (poisoned: boolean) =>
    documentProjection<{ ns: number[] }>({
      name: 'test-numbers',
      version: 1,
      table: 'test_numbers',
      keysOf: (event) => (event.tenant === 'poison' ? [event.streamId] : []),
      evolve: (doc, event) => {
        const { n } = event.data as { n: number };
        if (poisoned && n === 7) throw new Error('cannot digest n=7');
        return { ns: [...(doc?.ns ?? []), n] };
      },
    });
  const bystander = documentProjection<{ count: number }>({
    name: 'test-bystander',
    version: 1,
    table: 'test_bystander',
    keysOf: (event) => (event.tenant === 'poison' ? ['all'] : []),
    evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
  });
  const numbers = async () =>
    Object.fromEntries(
      (await db.pool.query<{ key: string; ns: number[] }>(`SELECT key, doc->'ns' AS ns FROM test_numbers ORDER BY key`)).rows.map((r) => [
        r.key,
        r.ns,
      ]),
    );

  it('stops at that event with the events before it applied; others go on; a fix continues without loss', async () => {
    await db.pool.query('CREATE TABLE test_numbers (key text PRIMARY KEY, doc jsonb NOT NULL)');
    await db.pool.query('CREATE TABLE test_bystander (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const runner = new ProjectionRunner(db.pool, store, [numbersProjection(true), bystander], { batchSize: 100, pollIntervalMs: 5 });
    await runner.prepare();
    await drain(runner); // past the other tests' events: the next append is read as one batch

    await store.append('numbers-a', range(0, 10).map(numbered), { tenant: 'poison', expected: 'no-stream' });
    const stored = await store.readStream<{ n: number }>('numbers-a');
    const positionOf = (n: number) => stored.find((e) => e.data.n === n)!.globalPosition;

    runner.start();
    try {
      await until(async () => (await statusOf('test-numbers')).status === 'failed');
      await waitForProjections(db.pool, store, { names: ['test-bystander'], timeoutMs: 10_000 });
      const failed = await statusOf('test-numbers');
      expect(failed).toMatchObject({ status: 'failed', errorPosition: positionOf(7) });
      expect(failed.checkpoint.position).toBe(positionOf(6));
      expect(failed.error).toContain('test.numbered.v1');
      expect(failed.error).toContain('cannot digest n=7');
      expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });

      // Later events reach the other projection; the stopped one stays where it was.
      await store.append('numbers-a', range(10, 15).map(numbered), { tenant: 'poison', expected: 10 });
      await store.append('numbers-b', [numbered(100), numbered(101)], { tenant: 'poison', expected: 'no-stream' });
      await waitForProjections(db.pool, store, { names: ['test-bystander'], timeoutMs: 10_000 });
      const count = await db.pool.query<{ count: number }>(`SELECT (doc->>'count')::int AS count FROM test_bystander`);
      expect(count.rows).toEqual([{ count: 17 }]);
      expect(await statusOf('test-numbers')).toMatchObject({
        status: 'failed',
        errorPosition: positionOf(7),
        checkpoint: failed.checkpoint,
      });
      expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });
    } finally {
      await runner.stop();
    }

    // Clearing the failure without a fix: the same event stops it again, nothing applied twice.
    const unfixed = new ProjectionRunner(db.pool, store, [numbersProjection(true)], { batchSize: 100 });
    await unfixed.clearFailures();
    expect(await unfixed.catchUpAll()).toBe(0);
    expect(await statusOf('test-numbers')).toMatchObject({ status: 'failed', errorPosition: positionOf(7) });
    expect(await numbers()).toEqual({ 'numbers-a': range(0, 7) });

    // The fix: same name, an evolve that copes.
    const fixed = new ProjectionRunner(db.pool, store, [numbersProjection(false)], { batchSize: 4, pollIntervalMs: 5 });
    await fixed.prepare();
    await fixed.clearFailures();
    fixed.start();
    try {
      await waitForProjections(db.pool, store, { names: ['test-numbers'], timeoutMs: 10_000 });
    } finally {
      await fixed.stop();
    }
    expect(await numbers()).toEqual({ 'numbers-a': range(0, 15), 'numbers-b': [100, 101] });
    expect(await statusOf('test-numbers')).toMatchObject({ status: 'running', error: null, errorPosition: null, eventsBehind: 0 });
  }, 30_000);
});

describe('rebuild of the tracking read models', () => {
  const departments = ['wh-fao', 'wh-edu', 'wh-trade'];
  const tables = ['rm_departments', 'rm_activities', 'rm_plans', 'rm_activity_counts'];

  it('yields byte-identical read models to the ones built incrementally, with counts matching the activities', async () => {
    for (const code of departments) {
      await store.append(departmentStreamId(code), createDepartment(null, code, `Department ${code}`), {
        tenant: code,
        expected: 'no-stream',
      });
    }
    const histories = activityHistories(240, departments, 20230101);

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
    expect(built.rm_activity_counts.length).toBeGreaterThan(departments.length);

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
      `SELECT c.department, c.year, e.key AS category, e.value::int AS n
       FROM rm_activity_counts c, jsonb_each_text(c.doc->'byCategory') e ORDER BY c.department, c.year, e.key`,
    );
    expect(recount.rows.length).toBeGreaterThan(20);
    expect(counted.rows).toEqual(recount.rows);
  }, 30_000);
});

describe('projection status and lag', () => {
  it('shows events behind before catch-up and none after, also when transactions commit out of order', async () => {
    await db.pool.query('CREATE TABLE test_lag (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const lag = documentProjection<{ count: number }>({
      name: 'test-lag',
      version: 1,
      table: 'test_lag',
      keysOf: (event) => (event.tenant === 'lag' ? [event.streamId] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const runner = new ProjectionRunner(db.pool, store, [lag], { batchSize: 200 });
    await runner.prepare();
    expect(await statusOf('test-lag')).toMatchObject({ status: 'running', checkpoint: { position: 0 } });
    expect((await statusOf('test-lag')).eventsBehind).toBeGreaterThan(0);

    const t0 = new Date('2023-03-01T08:00:00Z');
    await store.append('lag-a', [numbered(0)], { tenant: 'lag', expected: 'no-stream', recordedAt: t0 });
    await drain(runner);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });

    for (let i = 1; i <= 25; i++) {
      await store.append('lag-a', [numbered(i)], { tenant: 'lag', expected: i, recordedAt: new Date(t0.getTime() + 90_000) });
    }
    const behind = await statusOf('test-lag');
    expect(behind.eventsBehind).toBeGreaterThanOrEqual(25);
    expect(behind.secondsBehind).toBe(90);
    expect(await drain(runner)).toBe(25);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });

    // A transaction that took its id first but inserts last: it sorts first, with the highest position.
    const early = await db.pool.connect();
    try {
      await early.query('BEGIN');
      await early.query('SELECT pg_current_xact_id()');
      await store.append('lag-late', [numbered(0)], { tenant: 'lag', expected: 'no-stream' });
      await store.appendInTransaction(early, 'lag-early', [numbered(0)], { tenant: 'lag', expected: 'no-stream' });
      await early.query('COMMIT');
    } finally {
      early.release();
    }
    expect((await statusOf('test-lag')).eventsBehind).toBeGreaterThan(0);
    expect(await drain(runner)).toBe(2);
    expect(await statusOf('test-lag')).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });
    const counts = await db.pool.query(`SELECT key, (doc->>'count')::int AS count FROM test_lag ORDER BY key`);
    expect(counts.rows).toEqual([
      { key: 'lag-a', count: 26 },
      { key: 'lag-early', count: 1 },
      { key: 'lag-late', count: 1 },
    ]);
  }, 30_000);
});

describe('waitForProjections', () => {
  it('waits for events committed before the call even while an older transaction holds them unsettled', async () => {
    await db.pool.query('CREATE TABLE test_waited (key text PRIMARY KEY, doc jsonb NOT NULL)');
    const waited = documentProjection<{ count: number }>({
      name: 'test-waited',
      version: 1,
      table: 'test_waited',
      keysOf: (event) => (event.tenant === 'waited' ? [event.streamId] : []),
      evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }),
    });
    const runner = new ProjectionRunner(db.pool, store, [waited], { pollIntervalMs: 5 });
    await runner.prepare();
    runner.start();
    const older = await db.pool.connect();
    let released: Promise<unknown> = Promise.resolve();
    try {
      await waitForProjections(db.pool, store, { names: ['test-waited'], timeoutMs: 10_000 });
      // Any transaction with an id, in any database of the cluster, keeps later commits unsettled.
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await store.append('waited-1', [numbered(1), numbered(2)], { tenant: 'waited', expected: 'no-stream' });
      released = sleep(300).then(() => older.query('COMMIT'));
      await waitForProjections(db.pool, store, { names: ['test-waited'], timeoutMs: 10_000 });
      const seen = await db.pool.query(`SELECT key, (doc->>'count')::int AS count FROM test_waited`);
      expect(seen.rows).toEqual([{ key: 'waited-1', count: 2 }]);
    } finally {
      await released;
      older.release();
      await runner.stop();
    }
  }, 30_000);
});

// --- helpers -------------------------------------------------------------------------------

function numbered(n: number): NewEvent<{ n: number }> {
  return { type: 'test.numbered.v1', data: { n }, metadata: { actor: 'test' } };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

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
    await sleep(10);
  }
}

async function lastCommitted(): Promise<Checkpoint> {
  const found = await db.pool.query<{ txid: string; position: number }>(
    'SELECT transaction_id::text AS txid, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  return found.rows[0] ? { transactionId: found.rows[0].txid, position: found.rows[0].position } : START;
}

async function statusOf(name: string): Promise<ProjectionStatus> {
  const found = (await readProjectionStatus(db.pool)).find((s) => s.name === name);
  if (!found) throw new Error(`no status for ${name}`);
  return found;
}

async function dumpTables(tables: string[]): Promise<Record<string, { key: string; doc: string }[]>> {
  const dump: Record<string, { key: string; doc: string }[]> = {};
  for (const table of tables) {
    dump[table] = (await db.pool.query<{ key: string; doc: string }>(`SELECT key, doc::text AS doc FROM ${table} ORDER BY key`)).rows;
  }
  return dump;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
        apply(amendActivity(current, { occurredOn: `${year}${current.occurredOn.slice(4)}` }, FOREIGN_AFFAIRS_OFFICE_CATALOG));
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
