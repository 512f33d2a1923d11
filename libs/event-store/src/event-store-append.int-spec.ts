import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { ConditionFailedError, VersionConflictError } from './errors';
import { EventStore } from './event-store';
import type { AppendOptions } from './types';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(40);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

const event = (n: number) => ({ type: 'thing.happened.v1', data: { n }, metadata: { actor: 'test' } });
const count = async (like: string, table = 'events') =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE stream_id LIKE $1`, [like])).rows[0].n;

/** A stream other appends are decided on (like a department and its catalog), at version 2. */
async function guardStream(name: string): Promise<string> {
  await store.append(name, [event(1), event(2)], { tenant: 'c', expected: 'no-stream' });
  return name;
}

describe('EventStore.append with a condition on another stream', () => {
  const kinds: [string, (id: string) => Promise<AppendOptions['expected']>][] = [
    ['no-stream', async () => 'no-stream'],
    ['any', async () => 'any'],
    ['stream-exists', async (id) => (await store.append(id, [event(0)], { tenant: 'c', expected: 'no-stream' }), 'stream-exists')],
    ['an exact version', async (id) => (await store.append(id, [event(0)], { tenant: 'c', expected: 'no-stream' }), 1)],
  ];

  for (const [name, prepare] of kinds) {
    it(`appends with ${name} while the other stream is at the version, and writes nothing once it moved`, async () => {
      const tag = name.replace(/\W/g, '');
      const guard = await guardStream(`g-${tag}`);
      const ok = `c-${tag}-ok`;
      const expected = await prepare(ok);
      const before = (await store.currentVersion(ok)) ?? 0;
      const appended = await store.append(ok, [event(1)], { tenant: 'c', expected, condition: { streamId: guard, version: 2 } });
      expect(appended.version).toBe(before + 1);

      await store.append(guard, [event(3)], { tenant: 'c', expected: 2 });
      const stale = `c-${tag}-stale`;
      const staleExpected = await prepare(stale);
      const error = await store
        .append(stale, [event(1)], {
          tenant: 'c',
          expected: staleExpected,
          commandId: `cmd-cond-${tag}`,
          condition: { streamId: guard, version: 2 },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      // Still a version conflict to the edge (409), naming the stream that moved and its version now.
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ code: 'STREAM.VERSION_CONFLICT', streamId: guard, expected: 2, actual: 3 });
      expect(await count(stale)).toBe(staleExpected === 'no-stream' || staleExpected === 'any' ? 0 : 1);
      expect(await store.currentVersion(stale)).toBe(staleExpected === 'no-stream' || staleExpected === 'any' ? null : 1);
      expect(await store.findCommandResult(`cmd-cond-${tag}`)).toBeNull();
    });
  }

  it('fails on a missing condition stream', async () => {
    await expect(
      store.append('c-missing-guard', [event(1)], { tenant: 'c', expected: 'no-stream', condition: { streamId: 'g-none', version: 1 } }),
    ).rejects.toMatchObject({ streamId: 'g-none', actual: null });
    expect(await count('c-missing-guard')).toBe(0);
  });

  it('reports the own stream conflict, not the condition, when only the own version is wrong', async () => {
    const guard = await guardStream('g-own');
    await store.append('c-own', [event(1)], { tenant: 'c', expected: 'no-stream' });
    const error = await store
      .append('c-own', [event(2)], { tenant: 'c', expected: 5, condition: { streamId: guard, version: 2 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).not.toBeInstanceOf(ConditionFailedError);
    expect(error).toMatchObject({ streamId: 'c-own', actual: 1 });
  });

  it('returns the first result of a repeated command even after the condition stream moved', async () => {
    const guard = await guardStream('g-repeat');
    const first = await store.append('c-repeat-1', [event(1)], {
      tenant: 'c',
      expected: 'no-stream',
      commandId: 'cmd-repeat',
      condition: { streamId: guard, version: 2 },
    });
    await store.append(guard, [event(3)], { tenant: 'c', expected: 2 });
    // A retry decides a fresh stream id, on the stale condition and on the fresh one.
    const stale = await store.append('c-repeat-2', [event(1)], {
      tenant: 'c',
      expected: 'no-stream',
      commandId: 'cmd-repeat',
      condition: { streamId: guard, version: 2 },
    });
    const fresh = await store.append('c-repeat-3', [event(1)], {
      tenant: 'c',
      expected: 'no-stream',
      commandId: 'cmd-repeat',
      condition: { streamId: guard, version: 3 },
    });
    expect(stale).toEqual({ ...first, duplicate: true });
    expect(fresh).toEqual({ ...first, duplicate: true });
    expect(await count('c-repeat-%')).toBe(1);
    expect(await count('c-repeat-%', 'streams')).toBe(1);
  });

  it('processes a conditioned command once under concurrency, and refuses every copy after the condition moved', async () => {
    const guard = await guardStream('g-race');
    const copies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.append(`c-race-${i}`, [event(i)], {
          tenant: 'c',
          expected: 'no-stream',
          commandId: 'cmd-cond-race',
          condition: { streamId: guard, version: 2 },
        }),
      ),
    );
    expect(copies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(copies.map((r) => r.streamId)).size).toBe(1);
    expect(await count('c-race-%')).toBe(1);

    // Distinct commands racing a change of the condition stream: each either saw the old version
    // (and wrote) or failed with nothing written; none wrote after it saw the new version.
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) =>
        store.append(`c-race-b-${i}`, [event(i)], {
          tenant: 'c',
          expected: 'no-stream',
          commandId: `cmd-cond-race-b-${i}`,
          condition: { streamId: guard, version: 2 },
        }),
      ),
      store.append(guard, [event(3)], { tenant: 'c', expected: 2 }),
    ]);
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    for (const f of failed) expect(f.reason).toBeInstanceOf(ConditionFailedError);
    const written = outcomes.slice(0, 10).filter((o) => o.status === 'fulfilled').length;
    expect(await count('c-race-b-%')).toBe(written);
    const commands = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM processed_commands WHERE command_id LIKE 'cmd-cond-race-b-%'`,
    );
    expect(commands.rows[0].n).toBe(written);
    await expect(
      store.append('c-race-after', [event(1)], { tenant: 'c', expected: 'no-stream', condition: { streamId: guard, version: 2 } }),
    ).rejects.toBeInstanceOf(ConditionFailedError);
  });
});
