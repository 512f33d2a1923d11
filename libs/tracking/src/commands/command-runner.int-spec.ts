import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SystemClock } from '@app/config';
import { CommandKeyReusedError, ConditionFailedError, EventStore, VersionConflictError, type StoredEvent } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { Department } from '../domain/department';
import { StateConflictError } from '../domain/errors';
import { Streams } from '../streams';
import { CommandRunner, MAX_ATTEMPTS, type CommandMeta, type Reads, type UseCase } from './command-runner';
import { CreateDepartment } from './create-department/create-department.command';
import { CreateDepartmentHandler } from './create-department/create-department.handler';
import { DepartmentCache } from './department-cache';
import { RenameDepartment } from './rename-department/rename-department.command';
import { RenameDepartmentHandler } from './rename-department/rename-department.handler';

/** A command of the test's own: add one to a tally stream, optionally refused, optionally on a department. */
interface AddOne {
  tally: string;
  department: string;
  meta: CommandMeta;
  expectedVersion?: number;
  /** decide refuses when the department's name is this. */
  refuseWhenNamed?: string;
}

interface Seen {
  count: number;
  department: Department | null;
}

let db: TestDatabase;
let store: EventStore;
let runner: CommandRunner;
/** Another api process: its own department cache, the same store. */
let other: CommandRunner;

beforeAll(async () => {
  db = await createTestDatabase(10);
  store = new EventStore(db.pool);
  const apiProcess = () => {
    const streams = new Streams(store);
    return new CommandRunner(store, streams, new DepartmentCache(streams), new SystemClock());
  };
  runner = apiProcess();
  other = apiProcess();
  await new CreateDepartmentHandler(runner).execute(new CreateDepartment('runner-dept', '测试部门', 'foreign-affairs-office', meta()));
});
afterAll(async () => db.drop());

function meta(commandId?: string): CommandMeta {
  return { actor: 'test', commandId };
}

const tally = () => `tally-${randomUUID()}`;
const addOne = (t: string, extra: Partial<AddOne> = {}): AddOne => ({ tally: t, department: 'runner-dept', meta: meta(), ...extra });

/** Something else appends to the tally between this command's read and its append. */
const interfere = (t: string) =>
  store.append(t, [{ type: 'tally.added.v1', data: { by: 'other' } }], { tenant: 'runner-dept', expected: 'any' });
const rename = (name: string, by = other) => new RenameDepartmentHandler(by).execute(new RenameDepartment('runner-dept', name, meta()));

/**
 * The tally use case. `during(attempt)` runs after each read, before the decision's append;
 * `onDepartment` makes the decision rest on the department (cached, conditioned).
 */
function tallyUseCase(
  options: { during?: (attempt: number) => Promise<unknown>; onDepartment?: boolean } = {},
): UseCase<AddOne, number, Seen> & { decisions: Seen[] } {
  const decisions: Seen[] = [];
  return {
    decisions,
    streamId: (c) => c.tally,
    tenant: (c) => c.department,
    initialState: () => 0,
    evolve: (count: number, _event: StoredEvent) => count + 1,
    given: async (count, c, read: Reads) => {
      const department = options.onDepartment ? await read.department(c.department) : null;
      await options.during?.(decisions.length + 1);
      return { count, department };
    },
    decide: (state, c) => {
      decisions.push(state);
      if (c.refuseWhenNamed && state.department?.name === c.refuseWhenNamed) throw new StateConflictError('TALLY.REFUSED', 'refused');
      return [{ type: 'tally.added.v1', data: { after: state.count } }];
    },
  };
}

describe('CommandRunner: load → decide → append', () => {
  it('folds the stream with evolve and appends at the version it read', async () => {
    const t = tally();
    const use = tallyUseCase();
    expect(await runner.run(use, addOne(t))).toEqual({ streamId: t, version: 1, duplicate: false });
    expect(await runner.run(use, addOne(t))).toEqual({ streamId: t, version: 2, duplicate: false });
    expect(use.decisions.map((d) => d.count)).toEqual([0, 1]);
  });

  it('decides again on a fresh read when it lost a race and the client gave no version', async () => {
    const t = tally();
    const use = tallyUseCase({ during: (attempt) => (attempt === 1 ? interfere(t) : Promise.resolve()) });
    expect(await runner.run(use, addOne(t))).toMatchObject({ version: 2, duplicate: false });
    expect(use.decisions.map((d) => d.count)).toEqual([0, 1]);
    const events = await store.readStream(t);
    expect(events.map((e) => e.data)).toEqual([{ by: 'other' }, { after: 1 }]);
  });

  it('gives up after a bounded number of lost races with a 409', async () => {
    const t = tally();
    const use = tallyUseCase({ during: () => interfere(t) });
    await expect(runner.run(use, addOne(t))).rejects.toBeInstanceOf(VersionConflictError);
    expect(use.decisions).toHaveLength(MAX_ATTEMPTS);
  });

  it("answers 409 with the current version when the client's version is stale, read or raced, and writes nothing", async () => {
    const t = tally();
    await runner.run(tallyUseCase(), addOne(t));

    const stale = await runner.run(tallyUseCase(), addOne(t, { expectedVersion: 3 })).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale).toMatchObject({ code: 'STREAM.VERSION_CONFLICT', details: { expected: 3, currentVersion: 1 } });

    const use = tallyUseCase({ during: () => interfere(t) });
    const raced = await runner.run(use, addOne(t, { expectedVersion: 1 })).catch((e: unknown) => e);
    expect(raced).toBeInstanceOf(VersionConflictError);
    expect(raced).toMatchObject({ details: { expected: 1, currentVersion: 2 } });
    expect(use.decisions).toHaveLength(1);
    expect((await store.readStream(t)).map((e) => e.data)).toEqual([{ after: 0 }, { by: 'other' }]);
  });

  it('returns the first result of a repeated command id, also when the decision would now be refused', async () => {
    const t = tally();
    const key = `k-${randomUUID()}`;
    const first = await runner.run(tallyUseCase(), addOne(t, { meta: meta(key) }));
    const again = await runner.run(tallyUseCase(), addOne(t, { meta: meta(key) }));
    expect(again).toEqual({ ...first, duplicate: true });
    const stale = await runner.run(tallyUseCase(), addOne(t, { meta: meta(key), expectedVersion: 0 }));
    expect(stale).toEqual({ ...first, duplicate: true });
    expect(await store.readStream(t)).toHaveLength(1);
  });

  it('appends nothing when decide returns no event, and answers the current version', async () => {
    const t = tally();
    await runner.run(tallyUseCase(), addOne(t));
    const none: UseCase<AddOne, number> = { ...tallyUseCase(), given: undefined, decide: () => [] };
    expect(await runner.run(none, addOne(t))).toEqual({ streamId: t, version: 1, duplicate: false });
  });

  it('refuses a repeated command id with another fingerprint wherever it would answer the first result', async () => {
    const t = tally();
    const key = `k-${randomUUID()}`;
    const as = (commandFingerprint: string): Partial<AddOne> => ({ meta: { actor: 'test', commandId: key, commandFingerprint } });
    const none: UseCase<AddOne, number> = { ...tallyUseCase(), given: undefined, decide: () => [] };
    const first = await runner.run(tallyUseCase(), addOne(t, as('a')));
    expect(await runner.run(tallyUseCase(), addOne(t, as('a')))).toEqual({ ...first, duplicate: true });
    // A decision that changes nothing now still answers the first result of the same command.
    expect(await runner.run(none, addOne(t, as('a')))).toEqual({ ...first, duplicate: true });
    // Another command under the same id: appended, refused (stale version) or changing nothing.
    await expect(runner.run(tallyUseCase(), addOne(t, as('b')))).rejects.toBeInstanceOf(CommandKeyReusedError);
    await expect(runner.run(tallyUseCase(), addOne(t, { ...as('b'), expectedVersion: 0 }))).rejects.toBeInstanceOf(CommandKeyReusedError);
    await expect(runner.run(none, addOne(t, as('b')))).rejects.toBeInstanceOf(CommandKeyReusedError);
    expect(await store.readStream(t)).toHaveLength(1);
  });
});

describe('CommandRunner: decisions on a department', () => {
  it("appends on the cached department only while its stream is still at the version read (the append's condition)", async () => {
    const t = tally();
    await runner.run(tallyUseCase({ onDepartment: true }), addOne(t)); // cached now
    const before = (await new Streams(store).requireDepartment('runner-dept')).version;

    /** The tally's appends: each one's condition, and the error of one that failed. */
    const appends: unknown[] = [];
    const spy = store.append.bind(store);
    store.append = (async (...args: Parameters<EventStore['append']>) => {
      if (args[0] !== t) return spy(...args);
      appends.push(args[2].condition);
      return spy(...args).catch((e: unknown) => {
        appends.push(e);
        throw e;
      });
    }) as EventStore['append'];
    try {
      // Another process renames the department after this decision read it: decided again on the new version.
      const use = tallyUseCase({ onDepartment: true, during: (attempt) => (attempt === 1 ? rename(`部门 ${t}`) : Promise.resolve()) });
      expect(await runner.run(use, addOne(t))).toMatchObject({ version: 2, duplicate: false });
      expect(use.decisions.map((d) => d.department?.version)).toEqual([before, before + 1]);
      expect(use.decisions[1].department?.name).toBe(`部门 ${t}`);
      expect(appends[0]).toEqual({ streamId: 'department-runner-dept', version: before });
      expect(appends[1]).toBeInstanceOf(ConditionFailedError);
      expect(appends[2]).toEqual({ streamId: 'department-runner-dept', version: before + 1 });
    } finally {
      store.append = spy;
    }
    expect((await store.readStream(t)).map((e) => e.data)).toEqual([{ after: 0 }, { after: 1 }]);
  });

  it('never refuses on the cached department alone: a refusal is checked on a fresh read', async () => {
    const t = tally();
    const name = `旧名 ${t}`;
    await rename(name, runner);
    await runner.run(tallyUseCase({ onDepartment: true }), addOne(t)); // cached under the old name
    await rename(`新名 ${t}`);

    const use = tallyUseCase({ onDepartment: true });
    expect(await runner.run(use, addOne(t, { refuseWhenNamed: name }))).toMatchObject({ version: 2 });
    expect(use.decisions.map((d) => d.department?.name)).toEqual([name, `新名 ${t}`]);

    // Refused on a fresh read too: then the refusal is the caller's.
    const refused = tallyUseCase({ onDepartment: true });
    await expect(runner.run(refused, addOne(t, { refuseWhenNamed: `新名 ${t}` }))).rejects.toMatchObject({ code: 'TALLY.REFUSED' });
    expect(refused.decisions).toHaveLength(2);
    expect(await store.readStream(t)).toHaveLength(2);
  });

  it('answers 404 for an unknown department and keeps nothing of it', async () => {
    await expect(runner.run(tallyUseCase({ onDepartment: true }), addOne(tally(), { department: 'runner-none' }))).rejects.toMatchObject({
      code: 'DEPARTMENT.NOT_FOUND',
    });
  });
});
