import { createTestDatabase, type TestDatabase } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { ReadModels } from './read-models';

let db: TestDatabase;
let readModels: ReadModels;

/** Read-model rows as the projections write them (only the fields the years are read from). */
async function activity(department: string, occurredOn: string, key: string): Promise<void> {
  await db.pool.query('INSERT INTO rm_activities (key, doc) VALUES ($1, $2)', [key, { department, occurredOn, status: 'active' }]);
}
async function plan(department: string, year: number): Promise<void> {
  await db.pool.query('INSERT INTO rm_plans (key, doc) VALUES ($1, $2)', [`${department}:${year}`, { department, year }]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  // years() reads the read models only.
  readModels = new ReadModels(db.pool, {} as EventStore);
  for (let i = 0; i < 30; i++) await activity('dept-a', `2023-0${(i % 9) + 1}-1${i % 10}`, `a-2023-${i}`);
  await activity('dept-a', '2021-12-31', 'a-2021');
  await activity('dept-a', '2025-01-01', 'a-2025');
  await plan('dept-a', 2024);
  await plan('dept-a', 2023);
  await activity('dept-b', '2022-05-05', 'b-2022');
  await plan('dept-c', 2026);
});

afterAll(async () => {
  await db?.drop();
});

describe('a department’s years', () => {
  it('are the years of its plans and of its activities, each once, latest first', async () => {
    await expect(readModels.years('dept-a')).resolves.toEqual([2025, 2024, 2023, 2021]);
    await expect(readModels.years('dept-b')).resolves.toEqual([2022]);
    await expect(readModels.years('dept-c')).resolves.toEqual([2026]);
    await expect(readModels.years('dept-none')).resolves.toEqual([]);
  });
});
