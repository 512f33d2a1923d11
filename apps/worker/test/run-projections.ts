/**
 * The worker's projection loop without Nest, for the crash test: runs TRACKING_PROJECTIONS on
 * DATABASE_URL until SIGTERM (or SIGKILL). Run it with
 * `node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.json apps/worker/test/run-projections.ts`.
 */
import { createPool } from '@app/database';
import { EventStore, ProjectionRunner, upcasters } from '@app/event-store';
import { TRACKING_PROJECTIONS, TRACKING_UPCASTERS } from '@app/tracking';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const pool = createPool(url, TRACKING_PROJECTIONS.length + 2);
  // Outside Nest: the domain's upcasters are passed here (TrackingModule registers them in the apps).
  const runner = new ProjectionRunner(pool, new EventStore(pool, upcasters(TRACKING_UPCASTERS)), TRACKING_PROJECTIONS, {
    batchSize: Number(process.env.PROJECTION_BATCH_SIZE ?? 1000),
    pollIntervalMs: Number(process.env.PROJECTION_POLL_MS ?? 100),
    log: (level, message, context) => console.error(JSON.stringify({ level, message, ...context })),
  });
  await runner.prepare();
  await runner.clearFailures();
  runner.start();
  console.log('projections started');

  process.once('SIGTERM', () => {
    void runner
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
