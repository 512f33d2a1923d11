import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Pool } from 'pg';
import { Clock } from '../../../libs/config/src/clock';
import { EventStore } from '../../../libs/event-store/src/event-store';
import { ProjectionRunner } from '../../../libs/event-store/src/projections/projection-runner';
import { FixedClock } from '../../../libs/testing/src/fixed-clock';
import { testModule } from '../../../libs/testing/src/test-app';
import { createTestDatabase, type TestDatabase } from '../../../libs/testing/src/test-database';
import { TRACKING_PROJECTIONS } from '../../../libs/tracking/src/projections/tracking-projections';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap';

export interface ApiHarness {
  db: TestDatabase;
  app: INestApplication;
  clock: FixedClock;
  baseUrl: string;
  /** Applies every stored event to the read models (the worker's job, done in-process here). */
  project(): Promise<void>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** The real api on a fresh database and an ephemeral port, with a clock the test sets. */
export async function startApi(): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const clock = new FixedClock();
  const moduleRef = await testModule([AppModule], db).overrideProvider(Clock).useValue(clock).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  return {
    db,
    app,
    clock,
    baseUrl,
    async project() {
      await runner.catchUpAll();
    },
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
