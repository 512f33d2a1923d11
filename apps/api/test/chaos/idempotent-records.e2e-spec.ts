import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../api-harness';
import { activityBody, actualOf, note, recount, runClients, setUpDepartment, withSeed } from './chaos-kit';

/**
 * 2,000 record commands from 16 clients at once; about a third repeat an earlier command with
 * its Idempotency-Key (a client that timed out and sent it again), many while the original is
 * still in flight. The figure must count each key exactly once.
 */
const COMMANDS = 2000;
const CLIENTS = 16;
const DEPARTMENT = 'chaos-idem';
const D = `/api/departments/${DEPARTMENT}`;

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi();
  await setUpDepartment(api.request, DEPARTMENT);
});

afterAll(async () => {
  await api?.close();
});

/** The commands in the order clients pick them up: new keys, and retries of earlier ones. */
function plan(random: () => number): string[] {
  const keys: string[] = [];
  const commands: string[] = [];
  for (let i = 0; i < COMMANDS; i++) {
    if (keys.length > 0 && random() < 1 / 3) {
      // Half the retries repeat one of the last few commands: likely still being processed by
      // another client (concurrent with the original); the rest any earlier one.
      const recent = random() < 0.5;
      const from = recent ? Math.max(0, keys.length - CLIENTS) : 0;
      commands.push(keys[from + Math.floor(random() * (keys.length - from))]);
    } else {
      const key = `chaos-idem-${String(keys.length).padStart(5, '0')}`;
      keys.push(key);
      commands.push(key);
    }
  }
  return commands;
}

describe('2,000 record commands, a third of them retries with the same Idempotency-Key', () => {
  it(
    'counts every key exactly once: the measure and the activity streams equal the distinct keys',
    () =>
      withSeed(async (random) => {
        const commands = plan(random);
        const distinct = new Set(commands);
        expect(commands.length - distinct.size).toBeGreaterThan(COMMANDS / 4);

        const answers = new Map<string, { status: number; activityId?: string; replayed: boolean }[]>();
        const started = Date.now();
        await runClients(commands, CLIENTS, async (key) => {
          const reply = await api.request('POST', `${D}/activities`, activityBody(key), { 'Idempotency-Key': key });
          const list = answers.get(key) ?? [];
          list.push({
            status: reply.status,
            activityId: reply.body?.activityId,
            replayed: reply.headers.get('idempotent-replayed') === 'true',
          });
          answers.set(key, list);
        });

        note('idempotent-records', { commands: COMMANDS, clients: CLIENTS, distinctKeys: distinct.size, loadMs: Date.now() - started });
        const failures = [...answers].filter(([, list]) => list.some((a) => a.status !== 201));
        expect(failures).toEqual([]);
        // Every answer to one key names the same activity, and only one answer was not a replay.
        const confused = [...answers].filter(([, list]) => new Set(list.map((a) => a.activityId)).size !== 1);
        expect(confused.map(([key, list]) => ({ key, ids: list.map((a) => a.activityId) }))).toEqual([]);
        const firsts = [...answers].filter(([, list]) => list.filter((a) => !a.replayed).length !== 1);
        expect(firsts.map(([key]) => key)).toEqual([]);

        await api.project();
        const truth = await recount(api.db.pool, DEPARTMENT);
        expect(truth).toEqual({ streams: distinct.size, recorded: distinct.size, projected: distinct.size, counted: distinct.size });
        expect(await actualOf(api.request, DEPARTMENT)).toBe(distinct.size);

        // The ids the clients were given are the activities that exist, one per key.
        // (Sorted arrays, not Sets: Jest compares Sets pairwise, far too slowly for thousands.)
        const ids = [...new Set([...answers.values()].map((list) => list[0].activityId!))].sort();
        expect(ids).toHaveLength(distinct.size);
        const stored = await api.db.pool.query<{ id: string }>(`SELECT key AS id FROM rm_activities WHERE department = $1 ORDER BY key`, [
          DEPARTMENT,
        ]);
        expect(stored.rows.map((r) => r.id).sort()).toEqual(ids);
      }),
    120_000,
  );
});
