/**
 * The real worker (WorkerModule: the projection runner and the report processor), started as
 * main.ts starts it. With `--until-caught-up` it reports, once every projection has read the last
 * event stored before it started, the time from init to then and its peak RSS, then exits.
 */
import 'reflect-metadata';
import { profileIfAsked, tell } from './profile';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TRACKING_PROJECTIONS } from '@app/tracking';

async function main(): Promise<void> {
  const untilCaughtUp = process.argv.includes('--until-caught-up');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const watcher = new Client({ connectionString: process.env.DATABASE_URL });
  await watcher.connect();
  const last = await watcher.query<{ tx: string; position: number }>(
    'SELECT transaction_id::text AS tx, global_position::int AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  profileIfAsked();
  const started = performance.now();
  await app.init();
  tell({ ready: true, pid: process.pid });
  if (!untilCaughtUp) {
    await watcher.end();
    return;
  }
  const target = last.rows[0] ?? { tx: '0', position: 0 };
  const names = TRACKING_PROJECTIONS.map((p) => p.name);
  for (;;) {
    const done = await watcher.query<{ done: boolean }>(
      `SELECT count(*) = $3 AND bool_and((last_transaction_id, last_position) >= ($1::xid8, $2::bigint)) AS done
       FROM projection_checkpoints WHERE name = ANY($4::text[])`,
      [target.tx, target.position, names.length, names],
    );
    if (done.rows[0].done) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const elapsedMs = performance.now() - started;
  await watcher.end();
  const result = { elapsedMs, maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 };
  await new Promise<void>((resolve) => tell({ result }, resolve));
  await app.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
