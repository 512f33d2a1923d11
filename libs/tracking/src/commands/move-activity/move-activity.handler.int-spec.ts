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
import { RecordActivity } from '../record-activity/record-activity.command';
import { RecordActivityHandler } from '../record-activity/record-activity.handler';
import { MoveActivity } from './move-activity.command';
import { MoveActivityHandler } from './move-activity.handler';

let db: TestDatabase;
/** Two api processes: each with its own department cache, one store. */
let api1: CommandRunner;
let api2: CommandRunner;

beforeAll(async () => {
  db = await createTestDatabase(10);
  const store = new EventStore(db.pool);
  const apiProcess = () => {
    const streams = new Streams(store);
    return new CommandRunner(store, streams, new DepartmentCache(streams), new SystemClock());
  };
  api1 = apiProcess();
  api2 = apiProcess();
});
afterAll(async () => db.drop());

const meta = (): CommandMeta => ({ actor: 'test' });
const fields = (category: string): ActivityFields => ({
  category,
  title: '测试活动',
  occurredOn: '2023-05-04',
  role: '主办',
  attributes: {},
  parentId: null,
  alsoCountsFor: [],
  notes: null,
});
const record = (department: string, category: string) =>
  new RecordActivityHandler(api1, new RandomIdSource()).execute(new RecordActivity(department, fields(category), meta()));
const define = (department: string, code: string, required: boolean) =>
  new DefineCategoryHandler(api2).execute(
    new DefineCategory(
      department,
      { code, label: '新类别', attributes: [{ name: 'venue', label: '地点', type: 'text', required }] },
      meta(),
    ),
  );
const move = (department: string, activityId: string, attributes: Record<string, unknown>, expectedVersion?: number) =>
  new MoveActivityHandler(api1).execute(
    new MoveActivity(department, activityId, 'forum', attributes as ActivityFields['attributes'], '归类调整', expectedVersion, meta()),
  );

async function department(code: string): Promise<void> {
  await new CreateDepartmentHandler(api2).execute(new CreateDepartment(code, '测试部门', 'foreign-affairs-office', meta()));
}

describe('moving an activity to another category', () => {
  it('applies a category another process redefined after this one cached the department', async () => {
    await department('cache-move');
    await define('cache-move', 'forum', false);
    const { activityId } = await record('cache-move', 'major-event');
    // api1 caches the catalog where forum needs nothing; api2 then makes venue required.
    await record('cache-move', 'forum');
    await define('cache-move', 'forum', true);
    await expect(move('cache-move', activityId, {}, 1)).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    expect(await move('cache-move', activityId, { venue: '琴台' }, 1)).toMatchObject({ activityId, version: 2, duplicate: false });
  });

  it('answers 404 for an activity of another department and 409 for a stale version', async () => {
    await department('move-a');
    await department('move-b');
    await define('move-a', 'forum', false);
    const { activityId } = await record('move-a', 'major-event');
    await expect(move('move-b', activityId, {})).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });
    await expect(move('move-a', activityId, {}, 3)).rejects.toMatchObject({
      code: 'STREAM.VERSION_CONFLICT',
      details: { currentVersion: 1 },
    });
    expect((await move('move-a', activityId, {})).version).toBe(2);
  });
});
