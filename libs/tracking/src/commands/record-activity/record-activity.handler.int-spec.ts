import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RandomIdSource, SystemClock } from '@app/config';
import { EventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { ActivityFields } from '../../domain/activity';
import { Streams } from '../../streams';
import { CommandRunner, type CommandMeta } from '../command-runner';
import { CreateDepartment } from '../create-department/create-department.command';
import { CreateDepartmentHandler } from '../create-department/create-department.handler';
import { DefineCategory } from '../define-category/define-category.command';
import { DefineCategoryHandler } from '../define-category/define-category.handler';
import { DepartmentCache } from '../department-cache';
import { RecordActivity } from './record-activity.command';
import { RecordActivityHandler } from './record-activity.handler';

let db: TestDatabase;
let store: EventStore;
/** Two api processes: each with its own department cache, one store. */
let api1: CommandRunner;
let api2: CommandRunner;

const apiProcess = (): CommandRunner => {
  const streams = new Streams(store);
  return new CommandRunner(store, streams, new DepartmentCache(streams), new SystemClock());
};

beforeAll(async () => {
  db = await createTestDatabase(10);
  store = new EventStore(db.pool);
  api1 = apiProcess();
  api2 = apiProcess();
});
afterAll(async () => db.drop());

const meta = (commandId?: string): CommandMeta => ({ actor: 'test', commandId });
const fields = (category: string, attributes: Record<string, unknown> = {}): ActivityFields => ({
  category,
  title: '测试活动',
  occurredOn: '2023-05-04',
  role: '主办',
  attributes: attributes as ActivityFields['attributes'],
  parentId: null,
  alsoCountsFor: [],
  notes: null,
});
const record = (runner: CommandRunner, department: string, f: ActivityFields, m = meta()) =>
  new RecordActivityHandler(runner, new RandomIdSource()).execute(new RecordActivity(department, f, m));
const define = (runner: CommandRunner, department: string, code: string, required: boolean) =>
  new DefineCategoryHandler(runner).execute(
    new DefineCategory(
      department,
      { code, label: '新类别', attributes: [{ name: 'venue', label: '地点', type: 'text', required }] },
      meta(),
    ),
  );

async function department(code: string): Promise<void> {
  await new CreateDepartmentHandler(api2).execute(new CreateDepartment(code, '测试部门', 'foreign-affairs-office', meta()));
}

/** Counts the queries the pool runs while fn runs. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  const original = db.pool.query.bind(db.pool);
  let n = 0;
  (db.pool as { query: unknown }).query = (...args: unknown[]) => {
    n++;
    return (original as (...a: unknown[]) => unknown)(...args);
  };
  try {
    await fn();
  } finally {
    (db.pool as { query: unknown }).query = original;
  }
  return n;
}

describe('recording on a cached department', () => {
  it('records in one round trip once the department is cached, with or without an idempotency key', async () => {
    await department('rt-one');
    await record(api1, 'rt-one', fields('major-event'));
    expect(await queriesDuring(() => record(api1, 'rt-one', fields('major-event')))).toBe(1);
    expect(await queriesDuring(() => record(api1, 'rt-one', fields('major-event'), meta(`k-${randomUUID()}`)))).toBe(1);
  });

  it('sees a category another process defined after it cached the department', async () => {
    await department('cache-new');
    await record(api1, 'cache-new', fields('major-event'));
    await expect(record(api1, 'cache-new', fields('river-cruise', { venue: '江滩' }))).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });

    await define(api2, 'cache-new', 'river-cruise', false);
    const recorded = await record(api1, 'cache-new', fields('river-cruise', { venue: '江滩' }));
    expect(recorded.version).toBe(1);
  });

  it('applies a category redefined by another process: an attribute made required is required at once', async () => {
    await department('cache-redefined');
    await define(api2, 'cache-redefined', 'forum', false);
    await record(api1, 'cache-redefined', fields('forum'));
    await define(api2, 'cache-redefined', 'forum', true);

    // The stale cache would accept it; the append's condition makes it decide again on the new catalog.
    const error = await record(api1, 'cache-redefined', fields('forum')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION.FAILED' });
    const written = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant = 'cache-redefined' AND type = 'activity.recorded.v1'`,
    );
    expect(written.rows[0].n).toBe(1);
    expect((await record(api1, 'cache-redefined', fields('forum', { venue: '琴台' }))).version).toBe(1);
  });

  it('returns the first result of a repeated key even when the decision would now be refused', async () => {
    await department('repeat-refused');
    await define(api2, 'repeat-refused', 'forum', false);
    const key = `k-${randomUUID()}`;
    const first = await record(api1, 'repeat-refused', fields('forum'), meta(key));
    await define(api2, 'repeat-refused', 'forum', true);
    // Another process, another (fresh) cache: the same answer.
    for (const runner of [api1, api2]) {
      const again = await record(runner, 'repeat-refused', fields('forum'), meta(key));
      expect(again).toEqual({ ...first, duplicate: true });
    }
  });

  it('records each repeated key once while the department changes under concurrent copies', async () => {
    await department('repeat-race');
    await define(api2, 'repeat-race', 'forum', false);
    await record(api1, 'repeat-race', fields('forum'));
    const keys = Array.from({ length: 6 }, () => `k-${randomUUID()}`);
    const results = await Promise.all([
      ...keys.flatMap((key) =>
        [api1, api2, api1].map((runner) => record(runner, 'repeat-race', fields('forum', { venue: '汉口' }), meta(key))),
      ),
      define(api2, 'repeat-race', 'forum', true),
    ]);
    const recorded = results.slice(0, keys.length * 3) as Awaited<ReturnType<typeof record>>[];
    keys.forEach((_, i) => {
      const copies = recorded.slice(i * 3, i * 3 + 3);
      expect(new Set(copies.map((c) => c.activityId)).size).toBe(1);
      expect(copies.filter((c) => !c.duplicate)).toHaveLength(1);
    });
    const written = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant = 'repeat-race' AND type = 'activity.recorded.v1'`,
    );
    expect(written.rows[0].n).toBe(1 + keys.length);
  });

  it('answers 404 for an unknown department and caches nothing for it', async () => {
    await expect(record(api1, 'no-such-dept', fields('major-event'))).rejects.toMatchObject({ code: 'DEPARTMENT.NOT_FOUND' });
    await department('no-such-dept');
    expect((await record(api1, 'no-such-dept', fields('major-event'))).version).toBe(1);
  });
});

describe('recording a part of a project', () => {
  it('reads the named project: a part of it is recorded, a part of a part or of another department is refused', async () => {
    await department('parts');
    await department('parts-other');
    const project = await record(api1, 'parts', fields('exchange-project'));
    const part = await record(api1, 'parts', { ...fields('exchange-project'), parentId: project.activityId });
    expect(part.version).toBe(1);

    const refusal = (department: string, parentId: string) =>
      record(api1, department, { ...fields('exchange-project'), parentId }).catch((e: { code: string; errors: unknown }) => e);
    expect(await refusal('parts', part.activityId)).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'parentId' }] });
    expect(await refusal('parts-other', project.activityId)).toMatchObject({ errors: [{ reason: 'unknown activity of this department' }] });
    expect(await refusal('parts', 'not-a-uuid')).toMatchObject({ errors: [{ reason: 'unknown activity of this department' }] });
  });

  it('refuses an id the caller chose that is not a lowercase UUID, and one already recorded', async () => {
    await department('chosen-ids');
    const chosen = (id: string) =>
      new RecordActivityHandler(api1, new RandomIdSource()).execute(new RecordActivity('chosen-ids', fields('major-event'), meta(), id));
    await expect(chosen('ABC')).rejects.toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'activityId' }] });
    const id = randomUUID();
    expect(await chosen(id)).toMatchObject({ activityId: id, version: 1, duplicate: false });
    await expect(chosen(id)).rejects.toMatchObject({ code: 'ACTIVITY.ALREADY_EXISTS' });
  });
});
