import { BackendTestModule, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { TRACKING_PROJECTIONS } from '../projections/tracking-projections';
import type { ProgressView } from '../queries/get-progress/get-progress.query';
import { TrackingQueries } from '../queries/tracking-queries';
import { Streams } from '../streams';
import { parseDataset } from './dataset';
import { DatasetImporter } from './importer';

const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));

let db: TestDatabase;
let app: TestingModule;
let runner: ProjectionRunner;

async function importAndProject(): Promise<ProgressView> {
  await app.get(DatasetImporter).import(DATASET);
  await catchUpProjections(app.get(Pool), runner);
  return app.get(TrackingQueries).progress('wh-fao', 2023);
}

const actual = (view: ProgressView, code: string) => view.measures.find((m) => m.code === code)?.actual;
const targetsOf = (view: ProgressView, code: string) =>
  view.measures.find((m) => m.code === code)!.targets.map((t) => [t.planLabel, t.target, t.met]);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await testModule([BackendTestModule], db).compile();
  await app.init();
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('the office’s 2023 year imported from datasets/wuhan-fao-2023.yaml', () => {
  let first: ProgressView;

  beforeAll(async () => {
    first = await importAndProject();
  });

  it.each([
    ['major-events', 5],
    ['exchange-projects', 18],
    ['new-friendship-cities', 2],
    ['new-foreign-institutions', 1],
    ['home-in-wuhan', 6],
    ['hk-macao-youth', 4],
    ['policy-briefings', 3],
    ['investment-info', 16],
    ['signed-projects', 5],
    ['investment-events', 1],
    ['consulate-tours', 2],
    ['apec-awareness-rate', 100],
    ['permit-complaint-rate', 0],
    ['wechat-articles', 128],
    ['follower-growth', 1500],
  ])('%s is %d', (code, expected) => {
    expect(actual(first, code)).toBe(expected);
  });

  it('logs 4 friendship agreements of which 2 count', async () => {
    const drill = await app.get(TrackingQueries).drillDown('wh-fao', 2023, 'new-friendship-cities', { page: 1, pageSize: 50 });
    expect(drill.countedIds).toHaveLength(2);
    expect(drill.excludedIds).toHaveLength(2);
  });

  it('counts 18 projects made of more than 18 activities', async () => {
    const measure = first.measures.find((m) => m.code === 'exchange-projects')!;
    expect(measure.actual).toBe(18);
    expect(measure.activityCount).toBeGreaterThan(18);
  });

  it('counts the Manchester meeting as a major event and as the investment event', async () => {
    const events = await app.get(TrackingQueries).drillDown('wh-fao', 2023, 'investment-events', { page: 1, pageSize: 50 });
    const major = await app.get(TrackingQueries).drillDown('wh-fao', 2023, 'major-events', { page: 1, pageSize: 50 });
    expect(events.countedIds).toHaveLength(1);
    expect(major.countedIds).toContain(events.countedIds[0]);
  });

  it('keeps both plans’ targets where they disagree', () => {
    expect(targetsOf(first, 'new-friendship-cities')).toEqual([
      ['重点工作 3', 2, true],
      ['部门整体绩效目标 1', 1, true],
    ]);
    expect(targetsOf(first, 'investment-info')).toContainEqual(['重点工作 8', 16, true]);
    expect(targetsOf(first, 'investment-info')).toContainEqual(['部门整体绩效目标 2', 15, true]);
  });

  it('meets every target and completes every milestone', () => {
    const unmet = first.measures.flatMap((m) => m.targets.filter((t) => t.met !== true).map((t) => `${m.code} ${t.targetId}`));
    expect(unmet).toEqual([]);
    expect(first.milestones.length).toBeGreaterThan(0);
    expect(first.milestones.filter((m) => !m.done)).toEqual([]);
  });

  it('surfaces the 2024 book fair logged in a 2023 report and the disagreeing targets', async () => {
    const all = (await app.get(TrackingQueries).warnings('wh-fao', 2023, { page: 1, pageSize: 500 })).items;
    expect(all.some((w) => w.kind === 'date-mismatch' && w.message.includes('2024 杰尔国际书展'))).toBe(true);
    expect(all.filter((w) => w.kind === 'conflicting-targets')).toHaveLength(2);
    // The view counts them by kind, with the first few as examples.
    const ofKind = (kind: string) => first.warnings.byKind.find((k) => k.kind === kind);
    expect(ofKind('conflicting-targets')?.count).toBe(2);
    expect(ofKind('date-mismatch')?.examples.some((w) => w.message.includes('2024 杰尔国际书展'))).toBe(true);
  });

  it('changes nothing when imported a second time', async () => {
    const before = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    const second = await importAndProject();
    const after = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(second.measures).toEqual(first.measures);
  });
});

describe('a dataset that defines categories of its own', () => {
  const dataset = parseDataset(`format: keywork-dataset/v1
department: { code: wh-gala, name: 招待测试部门 }
year: 2023
categories:
  - code: gala
    label: 招待会
    attributes:
      - { name: guests, label: 来宾人数, type: integer, required: true }
activities:
  - { key: g1, category: gala, title: 新春招待会, occurredOn: 2023-02-01, role: 主办, attributes: { guests: 120 } }
`);

  it('defines them before the activities that use them, and a second import changes nothing', async () => {
    const first = await app.get(DatasetImporter).import(dataset);
    const department = await app.get(Streams).department('wh-gala');
    expect(department?.catalog.find((c) => c.code === 'gala')).toEqual(dataset.categories[0]);
    expect(first.applied).toBe(3);

    const second = await app.get(DatasetImporter).import(dataset);
    expect(second.applied).toBe(0);
  });
});
