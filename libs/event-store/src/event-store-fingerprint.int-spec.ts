import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { CommandKeyReusedError } from './errors';
import { EventStore } from './event-store';
import { inTransaction } from './sql';
import type { AppendOptions } from './types';

/** A command id with a fingerprint of its content: the same id with other content is refused. */
let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(40);
  store = new EventStore(db.pool);
});
afterAll(async () => db.drop());

const event = (n: number) => ({ type: 'thing.happened.v1', data: { n }, metadata: { actor: 'test' } });
const opts = (commandId: string, commandFingerprint?: string, expected: AppendOptions['expected'] = 'no-stream'): AppendOptions => ({
  tenant: 'f',
  expected,
  commandId,
  commandFingerprint,
});
const count = async (like: string) =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1`, [like])).rows[0].n;
const stored = async (commandId: string) =>
  (await db.pool.query<{ fingerprint: string | null }>(`SELECT fingerprint FROM processed_commands WHERE command_id = $1`, [commandId]))
    .rows[0];

describe('EventStore.append with a command fingerprint', () => {
  it('stores the fingerprint; the same content replays, other content is refused and writes nothing', async () => {
    const first = await store.append('fp-1', [event(1)], opts('cmd-fp', 'aaa'));
    expect(await stored('cmd-fp')).toEqual({ fingerprint: 'aaa' });
    // A retry that decided a new stream id, and one on the same stream.
    expect(await store.append('fp-2', [event(1)], opts('cmd-fp', 'aaa'))).toEqual({ ...first, duplicate: true });
    expect(await store.append('fp-1', [event(1)], opts('cmd-fp', 'aaa', 1))).toEqual({ ...first, duplicate: true });

    for (const [stream, expected] of [
      ['fp-3', 'no-stream'],
      ['fp-1', 1],
      ['fp-1', 'any'],
      ['fp-1', 'stream-exists'],
    ] as const) {
      const error = await store.append(stream, [event(2)], opts('cmd-fp', 'bbb', expected)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandKeyReusedError);
      expect(error).toMatchObject({ code: 'COMMAND.KEY_REUSED', commandId: 'cmd-fp' });
    }
    expect(await count('fp-%')).toBe(1);
    expect(await store.currentVersion('fp-1')).toBe(1);
    expect(await stored('cmd-fp')).toEqual({ fingerprint: 'aaa' });
  });

  it('compares in findCommandResult too, and not when either side has no fingerprint', async () => {
    const first = await store.append('fp-find', [event(1)], opts('cmd-fp-find', 'aaa'));
    await expect(store.findCommandResult('cmd-fp-find', { fingerprint: 'bbb' })).rejects.toBeInstanceOf(CommandKeyReusedError);
    expect(await store.findCommandResult('cmd-fp-find', { fingerprint: 'aaa' })).toEqual({ ...first, duplicate: true });
    expect(await store.findCommandResult('cmd-fp-find')).toEqual({ ...first, duplicate: true });
    // A caller without a fingerprint is not compared.
    expect(await store.append('fp-find-2', [event(1)], opts('cmd-fp-find'))).toEqual({ ...first, duplicate: true });

    // A command stored without one (before the column, or by a caller without one) is not compared either.
    const old = await store.append('fp-old', [event(1)], opts('cmd-fp-old'));
    expect(await stored('cmd-fp-old')).toEqual({ fingerprint: null });
    expect(await store.append('fp-old-2', [event(1)], opts('cmd-fp-old', 'ccc'))).toEqual({ ...old, duplicate: true });
    expect(await count('fp-find%')).toBe(1);
    expect(await count('fp-old%')).toBe(1);
  });

  it("refuses other content inside a caller's transaction and leaves it usable", async () => {
    const committed = await store.append('fp-tx-a', [event(1)], opts('cmd-fp-tx-a', 'aaa'));
    const inside = await inTransaction(db.pool, async (client) => {
      // Processed before, committed.
      const before = await store.append('fp-tx-b', [event(1)], opts('cmd-fp-tx-a', 'bbb'), client).catch((e: unknown) => e);
      // Processed earlier in this same transaction.
      const own = await store.append('fp-tx-c', [event(1)], opts('cmd-fp-tx-c', 'ccc'), client);
      const again = await store.append('fp-tx-d', [event(1)], opts('cmd-fp-tx-c', 'ddd'), client).catch((e: unknown) => e);
      const same = await store.append('fp-tx-d', [event(1)], opts('cmd-fp-tx-c', 'ccc'), client);
      // Still usable: this is written by the commit.
      const other = await store.append('fp-tx-e', [event(1)], opts('cmd-fp-tx-e', 'eee'), client);
      return { before, own, again, same, other };
    });
    expect(inside.before).toBeInstanceOf(CommandKeyReusedError);
    expect(inside.again).toBeInstanceOf(CommandKeyReusedError);
    expect(inside.same).toEqual({ ...inside.own, duplicate: true });
    expect(inside.other).toMatchObject({ streamId: 'fp-tx-e', duplicate: false });
    expect(await count('fp-tx-%')).toBe(3); // a, c, e
    expect(await count('fp-tx-b')).toBe(0);
    expect(await count('fp-tx-d')).toBe(0);
    expect(await store.findCommandResult('cmd-fp-tx-a', { fingerprint: 'aaa' })).toEqual({ ...committed, duplicate: true });
  });

  it('refuses other content committed concurrently (the key violation path)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inFlight = new Promise<void>((resolve) => (appended = resolve));
    // A transaction appends the command and holds it uncommitted while a copy with other content arrives.
    const original = inTransaction(db.pool, async (client) => {
      const result = await store.append('fp-race-1', [event(1)], opts('cmd-fp-race', 'aaa'), client);
      appended();
      await held;
      return result;
    });
    await inFlight;
    const copy = store.append('fp-race-2', [event(1)], opts('cmd-fp-race', 'bbb')).catch((e: unknown) => e);
    // The copy waits on the command's key until the original commits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const first = await original;
    expect(await copy).toBeInstanceOf(CommandKeyReusedError);
    expect(await count('fp-race-%')).toBe(1);
    // The same content, concurrently, still gets the first result.
    expect(await store.append('fp-race-3', [event(1)], opts('cmd-fp-race', 'aaa'))).toEqual({ ...first, duplicate: true });
  });
});
