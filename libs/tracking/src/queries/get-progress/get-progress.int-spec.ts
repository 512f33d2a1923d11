import { BackendTestModule, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { RecordActivity } from '../../commands/record-activity/record-activity.command';
import { parseDataset } from '../../import/dataset';
import { DatasetImporter } from '../../import/importer';
import { TRACKING_PROJECTIONS } from '../../projections/tracking-projections';
import { Clock } from '@app/config';
import { dayIn } from '../../domain/dates';
import { settingsOf } from '../../domain/department';
import { ActivityIndex, computeProgress } from '../../domain/progress';
import { summariseWarnings } from '../../domain/warning-summary';
import { warningsOfYear } from '../../domain/year-end-warnings';
import { ReadModels } from '../read-models';
import { GetProgress, type ProgressView } from './get-progress.query';

const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));
const majorEvents = (view: ProgressView) => view.measures.find((m) => m.code === 'major-events')!.actual;

let db: TestDatabase;
let cached: TestingModule;
let uncached: TestingModule;
let runner: ProjectionRunner;
/** The view a GetProgress answers (the same object while it is kept). */
const views = (progress: GetProgress) => ({
  progress: async (...args: Parameters<GetProgress['execute']>): Promise<ProgressView> => (await progress.execute(...args)).view,
});
let queries: ReturnType<typeof views>;

let recorded = 0;
/** Records one more 2023 major event (not projected yet). */
async function recordMajorEvent(): Promise<void> {
  recorded++;
  await cached.get(CommandBus).execute(
    new RecordActivity(
      'wh-fao',
      {
        category: 'major-event',
        title: `缓存测试活动 ${recorded}`,
        occurredOn: '2023-06-0' + String(recorded),
        role: '主办',
        attributes: {},
        parentId: null,
        alsoCountsFor: [],
        notes: null,
      },
      { actor: 'progress-cache-test' },
    ),
  );
}

const project = () => catchUpProjections(cached.get(Pool), runner);

beforeAll(async () => {
  db = await createTestDatabase();
  cached = await testModule([BackendTestModule], db).compile();
  await cached.init();
  uncached = await testModule([BackendTestModule], db, { PROGRESS_CACHE_ENTRIES: 0 }).compile();
  await uncached.init();
  runner = new ProjectionRunner(cached.get(Pool), cached.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await cached.get(DatasetImporter).import(DATASET);
  await project();
  queries = views(cached.get(GetProgress));
});

afterAll(async () => {
  await cached?.close();
  await uncached?.close();
  await db?.drop();
});

describe('progress views kept between requests', () => {
  it('answers a repeated request with the view it computed, unchanged', async () => {
    const first = await queries.progress('wh-fao', 2023);
    const second = await queries.progress('wh-fao', 2023);
    expect(second).toBe(first);
    expect(majorEvents(first)).toBe(5);
    expect(Object.isFrozen(first.measures[0].targets)).toBe(true);
  });

  it('keeps views apart by year and by asOf', async () => {
    const whole = await queries.progress('wh-fao', 2023);
    const byApril = await queries.progress('wh-fao', 2023, { asOf: '2023-04-01' });
    expect(byApril).not.toBe(whole);
    expect(byApril.asOf).toBe('2023-04-01');
    expect(majorEvents(byApril)).toBeLessThan(majorEvents(whole)!);
    expect(await queries.progress('wh-fao', 2023, { asOf: '2023-04-01' })).toBe(byApril);
  });

  it('computes afresh once an event of the department has been projected', async () => {
    const before = await queries.progress('wh-fao', 2023);
    await recordMajorEvent();
    await project();
    const after = await queries.progress('wh-fao', 2023);
    expect(majorEvents(after)).toBe(majorEvents(before)! + 1);
  });

  it('does not keep a view read while the read models lag the department’s events', async () => {
    const before = await queries.progress('wh-fao', 2023);
    await recordMajorEvent();
    // Not projected yet: the answer is the read models' (one fewer) and must not be kept under the new revision.
    const lagging = await queries.progress('wh-fao', 2023);
    expect(majorEvents(lagging)).toBe(majorEvents(before));
    await project();
    const caughtUp = await queries.progress('wh-fao', 2023);
    expect(majorEvents(caughtUp)).toBe(majorEvents(before)! + 1);
  });

  it('gives the same figures as a process that keeps nothing (PROGRESS_CACHE_ENTRIES=0)', async () => {
    const plain = views(uncached.get(GetProgress));
    const fresh = await plain.progress('wh-fao', 2023);
    expect(await plain.progress('wh-fao', 2023)).not.toBe(fresh);
    expect(await queries.progress('wh-fao', 2023)).toEqual(fresh);
  });

  it('reads the indicator counts: the view a count of the activities gives, as of any day (figures, milestones, warnings)', async () => {
    const inputs = await uncached.get(ReadModels).progressInputs('wh-fao', 2023);
    const settings = settingsOf({ settings: inputs.settings ?? undefined });
    const today = dayIn(settings.timeZone, uncached.get(Clock).now());
    const days = [
      undefined,
      '2022-12-31',
      '2023-01-01',
      ...Array.from({ length: 12 }, (_, m) => `2023-${String(m + 1).padStart(2, '0')}-28`),
    ];
    for (const asOf of [...days, '2023-12-31', '2024-06-30']) {
      const index = new ActivityIndex(inputs.activities, inputs.catalog);
      const progress = computeProgress(inputs.plan, index, { asOf, today });
      const warnings = warningsOfYear(inputs.plan, index, { progress, settings, movedOut: inputs.movedOut });
      const kept = await uncached.get(GetProgress).execute('wh-fao', 2023, { asOf });
      expect({ asOf, view: kept.view, warnings: kept.warnings }).toEqual({
        asOf,
        view: { ...progress, departmentName: '中共武汉市委外事工作委员会办公室', knownAt: null, warnings: summariseWarnings(warnings) },
        warnings,
      });
    }
  });

  it('reads the year’s warnings once per revision, whatever the asOf', async () => {
    const readModels = cached.get(ReadModels);
    await queries.progress('wh-fao', 2023, { asOf: '2023-05-01' });
    const reads = jest.spyOn(readModels, 'warningInputs');
    const figures = jest.spyOn(readModels, 'progressFigures');
    // The warnings' reads: on their own, or with the figures.
    const warningReads = () => reads.mock.calls.length + figures.mock.calls.filter((call) => call[3]?.warnings).length;
    try {
      const may = await queries.progress('wh-fao', 2023, { asOf: '2023-05-02' });
      const june = await queries.progress('wh-fao', 2023, { asOf: '2023-06-03' });
      expect(warningReads()).toBe(0);
      expect(majorEvents(june)).toBeGreaterThanOrEqual(majorEvents(may)!);
      await recordMajorEvent();
      await project();
      await queries.progress('wh-fao', 2023, { asOf: '2023-06-04' });
      await queries.progress('wh-fao', 2023, { asOf: '2023-06-05' });
      expect(warningReads()).toBe(1);
    } finally {
      reads.mockRestore();
      figures.mockRestore();
    }
  });

  it('answers 404 for an unknown department every time', async () => {
    await expect(queries.progress('nobody', 2023)).rejects.toMatchObject({ code: 'DEPARTMENT.NOT_FOUND' });
    await expect(queries.progress('nobody', 2023)).rejects.toMatchObject({ code: 'DEPARTMENT.NOT_FOUND' });
  });
});
