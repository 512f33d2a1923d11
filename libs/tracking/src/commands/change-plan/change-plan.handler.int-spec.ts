import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SystemClock } from '@app/config';
import { EventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { PlanChange } from '../../domain/plan';
import { Streams } from '../../streams';
import { CommandRunner } from '../command-runner';
import { CreateDepartment } from '../create-department/create-department.command';
import { CreateDepartmentHandler } from '../create-department/create-department.handler';
import { DepartmentCache } from '../department-cache';
import { ChangePlan } from './change-plan.command';
import { ChangePlanHandler } from './change-plan.handler';

let db: TestDatabase;
let handler: ChangePlanHandler;

beforeAll(async () => {
  db = await createTestDatabase(5);
  const store = new EventStore(db.pool);
  const streams = new Streams(store);
  const runner = new CommandRunner(store, streams, new DepartmentCache(streams), new SystemClock());
  handler = new ChangePlanHandler(runner);
  await new CreateDepartmentHandler(runner).execute(
    new CreateDepartment('plan-dept', '测试部门', 'foreign-affairs-office', { actor: 'test' }),
  );
});
afterAll(async () => db.drop());

const project = (name: string): PlanChange => ({ kind: 'define-project', project: { code: 'p1', name } }) as PlanChange;
const change = (department: string, c: PlanChange, expectedVersion?: number) =>
  handler.execute(new ChangePlan(department, 2023, c, { actor: 'reporter' }, expectedVersion));

describe('changing a plan', () => {
  it("appends to the department-year's plan stream, at the version the client read when it gave one", async () => {
    expect(await change('plan-dept', project('友城交流'))).toEqual({ streamId: 'plan-plan-dept-2023', version: 1, duplicate: false });
    expect(await change('plan-dept', project('友城交流项目'), 1)).toMatchObject({ version: 2 });
    await expect(change('plan-dept', project('友城交流（三）'), 1)).rejects.toMatchObject({
      code: 'STREAM.VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
  });

  it('appends nothing for a change that changes nothing, and answers the current version', async () => {
    expect(await change('plan-dept', project('友城交流项目'))).toEqual({ streamId: 'plan-plan-dept-2023', version: 2, duplicate: false });
  });

  it('answers 404 for an unknown department', async () => {
    await expect(change('plan-none', project('友城交流'))).rejects.toMatchObject({ code: 'DEPARTMENT.NOT_FOUND' });
  });
});
