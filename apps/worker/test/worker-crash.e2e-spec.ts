import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  EventStore,
  inTransaction,
  ProjectionRunner,
  readProjectionStatus,
  waitForProjections,
  compareCheckpoints,
  START,
  upcasters,
  type Checkpoint,
  type NewEvent,
  type StoredEvent,
} from '@app/event-store';
import { createTestDatabase, type TestDatabase, withSeed } from '@app/testing';
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
import {
  createDepartment,
  departmentStreamId,
  planStreamId,
  PlanEvents,
  readCatalogSync,
  TRACKING_PROJECTIONS,
  TRACKING_UPCASTERS,
  type Measure,
} from '@app/tracking';

const FAO_CATALOG = readCatalogSync('foreign-affairs-office');
const FOREIGN_AFFAIRS_OFFICE_CATALOG = FAO_CATALOG.categories;

/**
 * The worker's projection loop is killed with SIGKILL in the middle of catching up, restarted,
 * and must end with exactly the read models a rebuild from zero gives. The child runs the
 * TypeScript sources through ts-node (no build needed), in-process so the pid is the runner's.
 */
const ROOT = process.cwd();
const SCRIPT = join(ROOT, 'apps/worker/test/run-projections.ts');
const TABLES = [
  'rm_departments',
  'rm_activities',
  'rm_plans',
  'rm_activity_aggregates',
  'rm_aggregate_activities',
  'rm_indicator_days',
  'rm_indicator_members',
  'rm_indicator_activities',
  'rm_indicator_measures',
];
const NAMES = TRACKING_PROJECTIONS.map((p) => p.name);
const DEPARTMENTS = ['wh-fao', 'wh-edu', 'wh-trade', 'wh-culture'];
const TARGET_EVENTS = 20_000;

let db: TestDatabase;
let store: EventStore;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  db = await createTestDatabase(20);
  store = new EventStore(db.pool, upcasters(TRACKING_UPCASTERS));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await db.drop();
});

describe('worker crash during catch-up', () => {
  it(
    'loses nothing and applies nothing twice: after a SIGKILL and a restart the read models equal a rebuild',
    () =>
      withSeed(async (random) => {
        expect(existsSync(SCRIPT)).toBe(true);
        const activities = await appendActivities(TARGET_EVENTS, random);
        const stored = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
        expect(stored.rows[0].n).toBeGreaterThanOrEqual(TARGET_EVENTS);
        // The last event in read order: where a caught-up checkpoint stands.
        const last = await db.pool.query<{ txid: string; position: number }>(
          'SELECT transaction_id::text AS txid, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
        );
        const head: Checkpoint = { transactionId: last.rows[0].txid, position: last.rows[0].position };

        const first = startWorker();
        await until(
          async () => {
            const at = (await checkpoints()).get('activities');
            return at !== undefined && compareCheckpoints(at, START) > 0 && compareCheckpoints(at, head) < 0;
          },
          30_000,
          first,
        );
        first.process.kill('SIGKILL');
        expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

        // Killed mid catch-up, and what it committed is consistent: each batch with its checkpoint.
        const atCrash = (await checkpoints()).get('activities')!;
        expect(compareCheckpoints(atCrash, head)).toBeLessThan(0);
        const expectedVersions = await db.pool.query(
          `SELECT substr(stream_id, ${'activity-'.length + 1}) AS key, max(stream_version)::int AS version FROM events
       WHERE type LIKE 'activity.%' AND (transaction_id, global_position) <= ($1::xid8, $2::bigint)
       GROUP BY stream_id ORDER BY 1`,
          [atCrash.transactionId, atCrash.position],
        );
        const projectedVersions = await db.pool.query(`SELECT key, (doc->>'version')::int AS version FROM rm_activities ORDER BY key`);
        expect(projectedVersions.rows.length).toBeGreaterThan(0);
        expect(projectedVersions.rows).toEqual(expectedVersions.rows);

        const second = startWorker();
        try {
          await waitForProjections(db.pool, store, { names: NAMES, timeoutMs: 40_000 });
        } catch (error) {
          throw new Error(`${String(error)}\nworker output:\n${second.output()}`, { cause: error });
        }
        second.process.kill('SIGTERM');
        expect(await second.exited).toEqual({ code: 0, signal: null });
        const statuses = (await readProjectionStatus(db.pool)).filter((s) => NAMES.includes(s.name));
        expect(Object.fromEntries(statuses.map((s) => [s.name, [s.status, s.eventsBehind]]))).toEqual(
          Object.fromEntries(NAMES.map((name) => [name, ['running', 0]])),
        );

        const recovered = await dumpTables();
        expect(recovered.rm_departments).toHaveLength(DEPARTMENTS.length);
        expect(recovered.rm_activities).toHaveLength(activities);

        const rebuilder = new ProjectionRunner(db.pool, store, TRACKING_PROJECTIONS, { batchSize: 5000 });
        for (const name of NAMES) await rebuilder.rebuild(name);
        // rebuild() stops at the settled horizon, which open transactions elsewhere in the cluster hold back.
        await until(async () => {
          await rebuilder.catchUpAll();
          const at = await checkpoints();
          return NAMES.every((name) => compareCheckpoints(at.get(name)!, head) >= 0);
        }, 20_000);
        const rebuilt = await dumpTables();
        for (const table of TABLES) expect({ table, rows: recovered[table] }).toEqual({ table, rows: rebuilt[table] });

        const recount = await db.pool.query(
          `SELECT department, year, category, count(*)::int AS n FROM rm_activities
       WHERE status = 'active' GROUP BY department, year, category ORDER BY department, year, category`,
        );
        const counted = await db.pool.query(
          `SELECT department, year, category, sum(count)::int AS n FROM rm_activity_aggregates
       GROUP BY department, year, category ORDER BY department, year, category`,
        );
        expect(counted.rows).toEqual(recount.rows);
      }),
    // 20,000 events appended, projected, killed, projected again and rebuilt: about a minute on a
    // busy 2-CPU machine, whatever the seed.
    120_000,
  );
});

// --- the worker as a child process ----------------------------------------------------------

interface Worker {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PROJECTION_BATCH_SIZE: '200',
      PROJECTION_POLL_MS: '50',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { process: child, exited, output: () => output };
}

async function checkpoints(): Promise<Map<string, Checkpoint>> {
  const found = await db.pool.query<{ name: string; txid: string; position: number }>(
    'SELECT name, last_transaction_id::text AS txid, last_position AS position FROM projection_checkpoints',
  );
  return new Map(found.rows.map((r) => [r.name, { transactionId: r.txid, position: r.position }]));
}

/** Each table's rows as text, in the order of their text (document tables and the aggregates alike). */
async function dumpTables(): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of TABLES) {
    dump[table] = (await db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY 1`)).rows.map((r) => r.row);
  }
  return dump;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, worker?: Worker): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline || (worker && worker.process.exitCode !== null)) {
      throw new Error(`condition not met (worker exit code ${worker?.process.exitCode}); worker output:\n${worker?.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// --- events through the domain ----------------------------------------------------------------

/** Categories whose attributes are all `participants`, so any of them can become any other. */
const MOVABLE = ['major-event', 'exchange-project', 'policy-briefing', 'hk-macao-youth', 'investment-event', 'consulate-tour'];

/** Departments, then activities (record, amend, move between categories and years, withdraw, restore) until `target` events. */
async function appendActivities(target: number, random: () => number): Promise<number> {
  for (const code of DEPARTMENTS) {
    await store.append(departmentStreamId(code), createDepartment(null, code, `Department ${code}`, FAO_CATALOG), {
      tenant: code,
      expected: 'no-stream',
    });
    // Measures for the indicator counts: a count, and a sum of participants.
    for (const year of [2023, 2024]) {
      const measures: Measure[] = [
        {
          code: 'events',
          name: '活动',
          unit: '场',
          kind: 'count',
          category: 'major-event',
          where: {},
          attribute: null,
          valueType: 'count',
        },
        {
          code: 'people',
          name: '人次',
          unit: '人次',
          kind: 'sum',
          category: 'exchange-project',
          where: {},
          attribute: 'participants',
          valueType: 'count',
        },
      ];
      await store.append(
        planStreamId(code, year),
        measures.map((measure) => ({ type: PlanEvents.measureDefined, data: { department: code, year, measure, previous: null } })),
        { tenant: code, expected: 'no-stream' },
      );
    }
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const appends: { streamId: string; department: string; events: NewEvent[] }[] = [];
  let total = DEPARTMENTS.length * 5;
  for (let i = 0; total < target; i++) {
    const activityId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const department = DEPARTMENTS[i % DEPARTMENTS.length];
    const streamId = activityStreamId(activityId);
    const events: ActivityEvent[] = [];
    let state: Activity | null = null;
    const apply = (decided: ActivityEvent[]): void => {
      for (const event of decided) {
        const version: number = (state?.version ?? 0) + 1;
        state = evolveActivity(state, asStored(event, streamId, department, version));
        events.push(event);
      }
    };
    apply(
      recordActivity(
        null,
        {
          activityId,
          department,
          category: pick(MOVABLE),
          title: `Activity ${i}`,
          occurredOn: `${pick([2023, 2024])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-10`,
          role: pick(['主办', '承办', '协办', '配合'] as const),
          attributes: { participants: Math.floor(random() * 300) },
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
    appends.push({ streamId, department, events: events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: 'import' } })) });
    total += events.length;
  }
  // Imported like a dataset: many streams per transaction, a few transactions at a time.
  const perTransaction = 50;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < appends.length) {
        const chunk = appends.slice(next, next + perTransaction);
        next += perTransaction;
        await inTransaction(db.pool, async (client) => {
          for (const { streamId, department, events } of chunk) {
            await store.append(streamId, events, { tenant: department, expected: 'no-stream' }, client);
          }
        });
      }
    }),
  );
  return appends.length;
}

function asStored(event: ActivityEvent, streamId: string, tenant: string, streamVersion: number): StoredEvent {
  return {
    globalPosition: 0,
    streamId,
    streamVersion,
    tenant,
    type: event.type,
    data: event.data,
    metadata: { actor: 'import' },
    recordedAt: new Date(0),
    transactionId: '0',
  };
}
