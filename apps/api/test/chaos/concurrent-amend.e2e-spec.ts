import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { startApi, type ApiHarness } from '../api-harness';
import { activityBody, note, seededRandom, setUpDepartment, sleep, withSeed } from './chaos-kit';

/**
 * 32 clients amend one activity at once, each the way a careful client does: GET (ETag), PATCH
 * with If-Match, and on 409 read again and retry, until it has K amendments of its own. Exactly
 * one amendment may win each version; nothing may be lost or applied twice.
 */
const CLIENTS = 32;
const PER_CLIENT = 2;
const DEPARTMENT = 'chaos-amend';
const D = `/api/departments/${DEPARTMENT}`;

let api: ApiHarness;
let runner: ProjectionRunner;

beforeAll(async () => {
  api = await startApi();
  await setUpDepartment(api.request, DEPARTMENT);
  // The worker's job, in-process: GET reads the read model, so it must follow the writes.
  runner = new ProjectionRunner(api.app.get(Pool), api.app.get(EventStore), TRACKING_PROJECTIONS, { pollIntervalMs: 20 });
  await runner.prepare();
  api.app.get(EventStore).onCommit(() => runner.wake());
  runner.start();
});

afterAll(async () => {
  await runner?.stop();
  await api?.close();
});

interface Attempt {
  client: number;
  ifMatch: number;
  title: string;
  status: number;
  version?: number;
  currentVersion?: unknown;
}

describe('32 clients amending the same activity with If-Match', () => {
  it(
    'lets exactly one win each version, answers every loser 409 with currentVersion, and loses or doubles nothing',
    () =>
      withSeed(async (_, seed) => {
        const created = await api.request('POST', `${D}/activities`, activityBody('amend-target'));
        expect(created.status).toBe(201);
        const id = created.body.activityId as string;
        await api.project();

        const attempts: Attempt[] = [];
        const unexpected: string[] = [];
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, client) => {
            const random = seededRandom(seed + client + 1);
            for (let n = 0; n < PER_CLIENT; n++) {
              const title = `修改 client-${client} #${n}`;
              for (let tries = 0; ; tries++) {
                if (tries > 400) throw new Error(`client ${client} never got amendment ${n} through`);
                const read = await api.request('GET', `${D}/activities/${id}`);
                if (read.status !== 200) {
                  unexpected.push(`GET ${read.status} ${JSON.stringify(read.body)}`);
                  continue;
                }
                const ifMatch = Number(/^"(\d+)"$/.exec(read.headers.get('etag') ?? '')?.[1]);
                const patched = await api.request('PATCH', `${D}/activities/${id}`, { title }, { 'If-Match': `"${ifMatch}"` });
                attempts.push({
                  client,
                  ifMatch,
                  title,
                  status: patched.status,
                  version: patched.body?.version,
                  currentVersion: patched.body?.currentVersion,
                });
                if (patched.status === 200) break;
                if (patched.status !== 409) unexpected.push(`PATCH ${patched.status} ${JSON.stringify(patched.body)}`);
                // Back off a little, as a real client would, so the read model can follow: a random
                // jitter is the point here (it varies which client wins), not a wait for something.
                await sleep(random() * 5);
              }
            }
          }),
        );
        expect(unexpected).toEqual([]);

        const wins = attempts.filter((a) => a.status === 200);
        const losses = attempts.filter((a) => a.status === 409);
        note('concurrent-amend', {
          clients: CLIENTS,
          perClient: PER_CLIENT,
          attempts: attempts.length,
          wins: wins.length,
          conflicts: losses.length,
        });
        expect(wins).toHaveLength(CLIENTS * PER_CLIENT);
        expect(losses.length).toBeGreaterThan(0);

        // Exactly one winner per version read: the wins took versions 1..N-1 once each, and each
        // win's answer is the version after the one it read.
        const finalVersion = 1 + wins.length;
        expect(wins.map((w) => w.ifMatch).sort((a, b) => a - b)).toEqual(range(1, finalVersion));
        for (const win of wins) expect(win.version).toBe(win.ifMatch + 1);

        // Every loser learnt where the activity really was: a version past the one it sent.
        for (const loss of losses) {
          expect(typeof loss.currentVersion).toBe('number');
          expect(loss.currentVersion as number).toBeGreaterThan(loss.ifMatch);
          expect(loss.currentVersion as number).toBeLessThanOrEqual(finalVersion);
        }

        // The history: versions 1..N contiguous, one recorded then one amendment per win, each
        // winning title exactly once and no losing-only title at all.
        const history = await api.request('GET', `${D}/activities/${id}/history`);
        expect(history.status).toBe(200);
        const entries = history.body as { version: number; type: string; data: { changes?: { title?: string } } }[];
        expect(entries.map((e) => e.version)).toEqual(range(1, finalVersion + 1));
        expect(entries[0].type).toBe('activity.recorded.v1');
        const amendedTitles = entries.slice(1).map((e) => e.data.changes?.title);
        expect([...amendedTitles].sort()).toEqual(wins.map((w) => w.title).sort());
        expect(new Set(amendedTitles).size).toBe(amendedTitles.length);

        await api.project();
        const current = await api.request('GET', `${D}/activities/${id}`);
        expect(current.headers.get('etag')).toBe(`"${finalVersion}"`);
        expect(current.body.title).toBe(amendedTitles[amendedTitles.length - 1]);
      }),
    120_000,
  );
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
