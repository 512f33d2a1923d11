import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, compareCheckpoints, type Checkpoint } from '@app/event-store';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { startApi, type ApiHarness } from '../api-harness';
import { activityBody, note, setUpDepartment, until } from './chaos-kit';

/**
 * A stored event the activity projections cannot apply (an amendment of an activity that was
 * never recorded) stops them, visibly: /health says which, where and why, and the projections
 * that do not read activities go on.
 */
const DEPARTMENT = 'chaos-health';
const D = `/api/departments/${DEPARTMENT}`;

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi();
  await setUpDepartment(api.request, DEPARTMENT);
  expect((await api.request('POST', `${D}/activities`, activityBody('health-before'))).status).toBe(201);
  await api.project();
});

afterAll(async () => {
  await api?.close();
});

describe('/health with a projection stopped at a malformed event', () => {
  it('reports the activity projections failed with their errorPosition, status degraded, while the others continue', async () => {
    const ghost = randomUUID();
    const malformed = await api.db.pool.query<{ global_position: number; txid: string }>(
      `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at)
       VALUES ($1, 1, $2, 'activity.amended.v1', $3, '{"actor":"chaos"}', now()) RETURNING global_position, transaction_id::text AS txid`,
      [
        `activity-${ghost}`,
        DEPARTMENT,
        JSON.stringify({
          activityId: ghost,
          department: DEPARTMENT,
          changes: { title: '无中生有' },
          previous: { title: '从未登记' },
          was: { category: 'major-event', occurredOn: '2023-05-10', active: true },
        }),
      ],
    );
    const errorPosition = malformed.rows[0].global_position;
    const bad: Checkpoint = { transactionId: malformed.rows[0].txid, position: errorPosition };
    // Events after it, for every projection: an activity and a plan change.
    expect((await api.request('POST', `${D}/activities`, activityBody('health-after'))).status).toBe(201);
    const planned = await api.request('POST', `${D}/years/2023/plan/changes`, {
      kind: 'define-measure',
      change: {
        measure: { code: 'after-failure', name: '失败之后', unit: '场', kind: 'count', category: 'exchange-project', valueType: 'count' },
      },
    });
    expect(planned.status).toBe(201);
    const last = await lastCommitted();

    const runner = new ProjectionRunner(api.app.get(Pool), api.app.get(EventStore), TRACKING_PROJECTIONS);
    await runner.prepare();
    // Every projection that folds an activity's state cannot apply an amendment of no activity.
    const stopped = ['activities', 'activity-aggregates', 'indicator-counts', 'activity-warnings'];
    const others = TRACKING_PROJECTIONS.map((p) => p.name).filter((name) => !stopped.includes(name));
    expect(others).toEqual(expect.arrayContaining(['departments', 'plans', 'sangong']));
    let lastSeen: unknown = null;
    // Loop: one catch-up stops at the settled horizon, which other sessions' open transactions hold back.
    await until(
      'the other projections reach the last event',
      async () => {
        await runner.catchUpAll();
        const at = await checkpoints();
        lastSeen = { last, at: Object.fromEntries(at) };
        return others.every((name) => compareCheckpoints(at.get(name)!, last) >= 0);
      },
      20_000,
      () => JSON.stringify(lastSeen),
    );

    const health = await api.as(null).request('GET', '/health');
    note('projection-health', { status: health.body.status, projections: health.body.projections });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    const byName: Record<string, { status: string; eventsBehind: number }> = Object.fromEntries(
      (health.body.projections as { name: string; status: string; eventsBehind: number }[]).map((p) => [p.name, p]),
    );
    expect(byName.activities).toMatchObject({
      status: 'failed',
      errorPosition,
      error: expect.stringContaining('amendment of an unknown activity'),
    });
    for (const name of stopped) {
      expect(byName[name]).toMatchObject({
        status: 'failed',
        errorPosition,
        error: expect.stringContaining(`at position ${errorPosition}`),
      });
      expect(byName[name].eventsBehind).toBeGreaterThan(0);
    }
    for (const name of others)
      expect(byName[name]).toMatchObject({ name, status: 'running', eventsBehind: 0, error: null, errorPosition: null });

    // The others really did go on: the plan change after the bad event is projected…
    const plan = await api.request('GET', `${D}/years/2023/plan`);
    expect(plan.body.measures.map((m: { code: string }) => m.code)).toContain('after-failure');
    // …while the stopped ones hold at the event before the bad one and have not skipped it.
    const at = await checkpoints();
    for (const name of stopped) expect(compareCheckpoints(at.get(name)!, bad)).toBeLessThan(0);
    const listed = await api.request('GET', `${D}/activities?year=2023`);
    expect(listed.body.total).toBe(1);
    const counted = await api.db.pool.query<{ n: number }>(
      `SELECT COALESCE(sum(count), 0)::int AS n FROM rm_activity_aggregates WHERE department = $1`,
      [DEPARTMENT],
    );
    expect(counted.rows[0].n).toBe(1);
  }, 60_000);
});

async function checkpoints(): Promise<Map<string, Checkpoint>> {
  const found = await api.db.pool.query<{ name: string; txid: string; position: number }>(
    'SELECT name, last_transaction_id::text AS txid, last_position AS position FROM projection_checkpoints',
  );
  return new Map(found.rows.map((r) => [r.name, { transactionId: r.txid, position: r.position }]));
}

async function lastCommitted(): Promise<Checkpoint> {
  const found = await api.db.pool.query<{ txid: string; position: number }>(
    'SELECT transaction_id::text AS txid, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  return { transactionId: found.rows[0].txid, position: found.rows[0].position };
}
