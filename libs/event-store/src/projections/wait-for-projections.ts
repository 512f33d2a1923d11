import type { Pool } from 'pg';
import type { EventStore } from '../event-store';
import { compareCheckpoints, START, type Checkpoint } from '../types';
import { readProjectionStatus, type ProjectionRunner } from './projection-runner';

export class ProjectionsBehindError extends Error {
  readonly code = 'PROJECTIONS.BEHIND';

  /** `stopped`: a projection failed and waits for an operator; otherwise it is only slow (try again later). */
  constructor(
    message: string,
    readonly stopped = false,
  ) {
    super(message);
  }
}

/**
 * Resolves once every projection has processed everything committed before the call, so a read
 * right after a write (or an import) sees it. Fails on timeout or on a failed projection.
 */
export async function waitForProjections(
  pool: Pool,
  _store: EventStore,
  options: { timeoutMs?: number; names?: string[] } = {},
): Promise<void> {
  await untilCaughtUp(pool, options.names, options.timeoutMs ?? 10_000, async () => undefined);
}

/**
 * Runs a runner's projections in this process until they have processed everything committed
 * before the call. `runner.catchUpAll()` alone stops at the settled horizon, which a transaction
 * still open anywhere in the cluster holds back, so one call can miss events committed just
 * before it: read models "caught up" that way may be missing the latest activities.
 */
export async function catchUpProjections(pool: Pool, runner: ProjectionRunner, options: { timeoutMs?: number } = {}): Promise<void> {
  const names = runner.projections.map((p) => p.name);
  await untilCaughtUp(pool, names, options.timeoutMs ?? 10_000, () => runner.catchUpAll());
}

async function untilCaughtUp(pool: Pool, names: string[] | undefined, timeoutMs: number, step: () => Promise<unknown>): Promise<void> {
  const target = await lastCommitted(pool);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await step();
    const statuses = (await readProjectionStatus(pool)).filter((s) => !names || names.includes(s.name));
    const failed = statuses.find((s) => s.status === 'failed');
    if (failed) throw new ProjectionsBehindError(`Projection ${failed.name} has stopped: ${failed.error}`, true);
    if (statuses.length > 0 && statuses.every((s) => compareCheckpoints(s.checkpoint, target) >= 0)) return;
    if (Date.now() > deadline) {
      throw new ProjectionsBehindError(`Projections did not catch up within ${timeoutMs} ms (is the worker running?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The last committed event in read order. Not the settled head (EventStore.head): an event
 * committed before the call stays unsettled while any older transaction of the cluster is open,
 * and a read right after its write must still wait for it.
 */
async function lastCommitted(pool: Pool): Promise<Checkpoint> {
  const found = await pool.query<{ txid: string; global_position: number }>({
    name: 'wp_last_committed',
    text: `SELECT transaction_id::text AS txid, global_position FROM events
           ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  });
  return found.rows[0] ? { transactionId: found.rows[0].txid, position: found.rows[0].global_position } : START;
}
