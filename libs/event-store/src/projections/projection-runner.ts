import type { Pool, PoolClient } from 'pg';
import { checkpointOf, type EventStore } from '../event-store';
import { isConnectionError } from '../sql';
import type { Checkpoint, StoredEvent } from '../types';
import { ProjectionEventError, type Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  version: number;
  status: 'running' | 'failed';
  checkpoint: Checkpoint;
  lastRecordedAt: Date | null;
  error: string | null;
  errorPosition: number | null;
  /** Events stored after the checkpoint: 0 once it has read everything, else approximate (positions are not dense). */
  eventsBehind: number;
  secondsBehind: number;
}

export interface RunnerOptions {
  batchSize?: number;
  /** Fallback polling when no wake-up hint arrives. */
  pollIntervalMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, context?: Record<string, unknown>) => void;
  /** Called after a batch committed (best effort, e.g. to tell dashboards their figures changed). */
  onApplied?: (projection: string, events: readonly StoredEvent[]) => void;
}

type BatchOutcome = { kind: 'applied'; count: number; events: readonly StoredEvent[] } | { kind: 'idle' } | { kind: 'locked' } | { kind: 'failed' };

const LOCK_CLASS = 7_301;

/**
 * Feeds projections from the global stream. Each batch and its checkpoint commit in one
 * transaction under a transaction-scoped advisory lock, so two runners never apply the same
 * batch, and a crash loses nothing: the batch is simply read again.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly log: NonNullable<RunnerOptions['log']>;
  private readonly onApplied: NonNullable<RunnerOptions['onApplied']>;
  private running = false;
  private readonly sleepers = new Set<() => void>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.log = options.log ?? (() => undefined);
    this.onApplied = options.onApplied ?? (() => undefined);
  }

  /** Registers projections; a projection whose version changed is rebuilt from zero. */
  async prepare(): Promise<void> {
    for (const projection of this.projections) {
      const existing = await this.pool.query<{ version: number }>(
        'SELECT version FROM projection_checkpoints WHERE name = $1',
        [projection.name],
      );
      if (existing.rows.length === 0) {
        await this.pool.query(
          'INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
          [projection.name, projection.version],
        );
      } else if (existing.rows[0].version !== projection.version) {
        this.log('info', 'projection version changed: rebuilding', { projection: projection.name });
        await this.reset(projection);
      }
    }
  }

  /** Clears a failed status so the projection retries the event it stopped at (after a fix). */
  async clearFailures(): Promise<void> {
    await this.pool.query(
      `UPDATE projection_checkpoints SET status = 'running', error = NULL, error_position = NULL
       WHERE status = 'failed' AND name = ANY($1::text[])`,
      [this.projections.map((p) => p.name)],
    );
  }

  /** Applies batches until the projection has seen every settled event (or another runner holds it). */
  async catchUp(projection: Projection): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await this.runBatch(projection);
      if (outcome.kind !== 'applied') return total;
      total += outcome.count;
    }
  }

  async catchUpAll(): Promise<number> {
    let total = 0;
    for (const projection of this.projections) total += await this.catchUp(projection);
    return total;
  }

  /** Empties the read model and its checkpoint in one transaction, then catches up from zero. */
  async rebuild(name: string): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    await this.reset(projection);
    return this.catchUp(projection);
  }

  private async reset(projection: Projection): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Wait for a running batch of this projection to finish, then hold others off.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, projection.name]);
      for (const table of projection.tables) await client.query(`TRUNCATE ${table}`);
      await client.query(
        `INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET version = $2, last_transaction_id = '0', last_position = 0,
           last_recorded_at = NULL, status = 'running', error = NULL, error_position = NULL, updated_at = now()`,
        [projection.name, projection.version],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Runs every projection until stop(); wake() (a LISTEN/NOTIFY hint) shortens the wait. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.projections.map((projection) => this.loop(projection));
  }

  wake(): void {
    for (const sleeper of [...this.sleepers]) sleeper();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(projection: Projection): Promise<void> {
    while (this.running) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.runBatch(projection);
      } catch (error) {
        this.log(isConnectionError(error) ? 'warn' : 'error', 'projection batch failed; retrying', {
          projection: projection.name,
          error: error instanceof Error ? error.message : String(error),
        });
        outcome = { kind: 'idle' };
      }
      // Never sleep between full batches while catching up.
      if (outcome.kind === 'applied') continue;
      await this.sleep(outcome.kind === 'failed' ? this.pollIntervalMs * 5 : this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async runBatch(projection: Projection): Promise<BatchOutcome> {
    const client = await this.pool.connect();
    let outcome: BatchOutcome;
    try {
      await client.query('BEGIN');
      outcome = await this.batchIn(client, projection);
      await client.query(outcome.kind === 'applied' ? 'COMMIT' : 'ROLLBACK');
      if (outcome.kind === 'applied') {
        try {
          this.onApplied(projection.name, outcome.events);
        } catch {
          // A listener's failure must never stop the projection.
        }
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      // Recorded on a fresh connection once this one is back in the pool.
      if (error instanceof ProjectionEventError) {
        await this.recordFailure(projection, error);
        return { kind: 'failed' };
      }
      throw error;
    }
    client.release();
    return outcome;
  }

  private async batchIn(client: PoolClient, projection: Projection, limit = this.batchSize): Promise<BatchOutcome> {
    const locked = await client.query<{ ok: boolean }>({
      name: 'pr_try_lock',
      text: 'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok',
      values: [LOCK_CLASS, projection.name],
    });
    if (!locked.rows[0].ok) return { kind: 'locked' };

    const state = await client.query<{ status: string; last_transaction_id: string; last_position: number }>({
      name: 'pr_checkpoint',
      text: `SELECT status, last_transaction_id::text AS last_transaction_id, last_position
             FROM projection_checkpoints WHERE name = $1`,
      values: [projection.name],
    });
    const row = state.rows[0];
    if (!row) throw new Error(`Projection ${projection.name} is not registered (call prepare())`);
    if (row.status === 'failed') return { kind: 'failed' };
    const from: Checkpoint = { transactionId: row.last_transaction_id, position: row.last_position };

    const events = await this.store.readAll({ after: from, limit }, client);
    if (events.length === 0) return { kind: 'idle' };
    await projection.apply(events, client);
    await this.advance(client, projection, from, events[events.length - 1]);
    return { kind: 'applied', count: events.length, events };
  }

  private async advance(client: PoolClient, projection: Projection, from: Checkpoint, last: StoredEvent): Promise<void> {
    const to = checkpointOf(last);
    const updated = await client.query({
      name: 'pr_advance',
      text: `UPDATE projection_checkpoints
             SET last_transaction_id = $2::xid8, last_position = $3, last_recorded_at = $4, updated_at = now()
             WHERE name = $1 AND last_transaction_id = $5::xid8 AND last_position = $6`,
      values: [projection.name, to.transactionId, to.position, last.recordedAt, from.transactionId, from.position],
    });
    if (updated.rowCount !== 1) throw new Error(`Checkpoint of ${projection.name} moved under the runner`);
  }

  /** Applies the events before the failing one, then marks the projection failed at it. */
  private async recordFailure(projection: Projection, failure: ProjectionEventError): Promise<void> {
    this.log('error', 'projection stopped at an event it cannot apply', {
      projection: projection.name,
      position: failure.event.globalPosition,
      error: failure.message,
    });
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const state = await client.query<{ last_transaction_id: string; last_position: number }>(
        `SELECT last_transaction_id::text AS last_transaction_id, last_position FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      const from: Checkpoint = { transactionId: state.rows[0].last_transaction_id, position: state.rows[0].last_position };
      const events = await this.store.readAll({ after: from, limit: this.batchSize }, client);
      const index = events.findIndex((e) => e.globalPosition === failure.event.globalPosition);
      // The failing event not in this batch (a concurrent rebuild moved things): apply nothing.
      const good = index > 0 ? events.slice(0, index) : [];
      if (good.length > 0) {
        await projection.apply(good, client);
        await this.advance(client, projection, from, good[good.length - 1]);
      }
      await client.query(
        `UPDATE projection_checkpoints SET status = 'failed', error = $2, error_position = $3, updated_at = now() WHERE name = $1`,
        [projection.name, failure.message, failure.event.globalPosition],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    return readProjectionStatus(this.pool);
  }
}

/** Status and lag of every registered projection. */
export async function readProjectionStatus(db: Pick<Pool, 'query'>): Promise<ProjectionStatus[]> {
  const result = await db.query<{
    name: string;
    version: number;
    status: 'running' | 'failed';
    last_transaction_id: string;
    last_position: number;
    last_recorded_at: Date | null;
    error: string | null;
    error_position: number | null;
    head_position: number | null;
    head_recorded_at: Date | null;
    caught_up: boolean;
  }>(`
    WITH newest AS (SELECT global_position, recorded_at FROM events ORDER BY global_position DESC LIMIT 1),
    -- Readers go in (transaction id, position) order, so the last event in that order, not the
    -- highest position, tells whether a checkpoint has seen everything.
    last_read AS (SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1)
    SELECT p.name, p.version, p.status, p.last_transaction_id::text AS last_transaction_id, p.last_position,
           p.last_recorded_at, p.error, p.error_position,
           (SELECT global_position FROM newest) AS head_position, (SELECT recorded_at FROM newest) AS head_recorded_at,
           COALESCE((SELECT (p.last_transaction_id, p.last_position) >= (l.transaction_id, l.global_position) FROM last_read l), true)
             AS caught_up
    FROM projection_checkpoints p ORDER BY p.name`);
  return result.rows.map((r) => ({
    name: r.name,
    version: r.version,
    status: r.status,
    checkpoint: { transactionId: r.last_transaction_id, position: r.last_position },
    lastRecordedAt: r.last_recorded_at,
    error: r.error,
    errorPosition: r.error_position,
    eventsBehind: r.caught_up ? 0 : Math.max(1, (r.head_position ?? 0) - r.last_position),
    secondsBehind:
      !r.caught_up && r.head_recorded_at
        ? Math.max(0, (r.head_recorded_at.getTime() - (r.last_recorded_at?.getTime() ?? r.head_recorded_at.getTime())) / 1000)
        : 0,
  }));
}
