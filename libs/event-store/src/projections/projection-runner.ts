import type { Pool, PoolClient } from 'pg';
import { checkpointOf, type EventStore } from '../event-store';
import { inTransaction, isConnectionError } from '../sql';
import { compareCheckpoints, type Checkpoint, type StoredEvent } from '../types';
import { inBatchTransaction, LOCK_CLASS, type Advance, type HeldCheckpoint } from './batch-transaction';
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

type BatchOutcome =
  { kind: 'applied'; count: number; events: readonly StoredEvent[] } | { kind: 'idle' } | { kind: 'locked' } | { kind: 'failed' };

/** A batch read once for every projection whose checkpoint was `from`. */
interface SharedBatch {
  from: Checkpoint;
  events: readonly StoredEvent[];
}

/** Batches read ahead, by the checkpoint they start after. */
type Prefetched = Map<string, Promise<readonly StoredEvent[]>>;

const keyOf = (c: Checkpoint): string => `${c.transactionId}:${c.position}`;

/**
 * Feeds projections from the global stream. Each batch and its checkpoint commit in one
 * transaction under a transaction-scoped advisory lock, so two runners never apply the same
 * batch, and a crash loses nothing: the batch is simply read again.
 *
 * Projections at the same checkpoint (all of them, once caught up or when catching up together)
 * share one read of each batch: settled events never change, so a batch read before the
 * projection's transaction is exactly what it would read inside it, as long as its checkpoint is
 * still where the batch starts (checked under the lock; otherwise it reads its own).
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
      const existing = await this.pool.query<{ version: number }>('SELECT version FROM projection_checkpoints WHERE name = $1', [
        projection.name,
      ]);
      if (existing.rows.length === 0) {
        await this.pool.query('INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
          projection.name,
          projection.version,
        ]);
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

  /** Catches every projection up, reading each batch once for the projections at the same checkpoint. */
  async catchUpAll(): Promise<number> {
    return this.catchUpTogether(this.projections);
  }

  private async catchUpTogether(projections: readonly Projection[]): Promise<number> {
    let total = 0;
    let prefetched: Prefetched = new Map();
    for (;;) {
      const outcome = await this.round(projections, prefetched);
      prefetched = outcome.prefetched;
      if (outcome.errors.length > 0) throw outcome.errors[0];
      if (outcome.applied === 0) return total;
      total += outcome.applied;
    }
  }

  /** Empties the read model and its checkpoint in one transaction, then catches up from zero. */
  async rebuild(name: string): Promise<number> {
    const projection = this.named(name);
    await this.reset(projection);
    return this.catchUp(projection);
  }

  /**
   * Rebuilds several projections from zero in one pass over the events (each batch read once for
   * all of them). Returns the events each one applied.
   */
  async rebuildAll(names: readonly string[] = this.projections.map((p) => p.name)): Promise<Map<string, number>> {
    const projections = names.map((name) => this.named(name));
    for (const projection of projections) await this.reset(projection);
    const applied = new Map(projections.map((p) => [p.name, 0]));
    let prefetched: Prefetched = new Map();
    for (;;) {
      const outcome = await this.round(projections, prefetched);
      prefetched = outcome.prefetched;
      if (outcome.errors.length > 0) throw outcome.errors[0];
      for (const [name, n] of outcome.byProjection) applied.set(name, (applied.get(name) ?? 0) + n);
      if (outcome.applied === 0) return applied;
    }
  }

  private named(name: string): Projection {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    return projection;
  }

  private async reset(projection: Projection): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Wait for a running batch of this projection to finish, then hold others off.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, projection.name]);
      for (const table of projection.tables) await client.query(`TRUNCATE ${table}`);
      await client.query(
        `INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET version = $2, last_transaction_id = '0', last_position = 0,
           last_recorded_at = NULL, status = 'running', error = NULL, error_position = NULL, updated_at = now()`,
        [projection.name, projection.version],
      );
    });
  }

  /** Runs every projection until stop(); wake() (a LISTEN/NOTIFY hint) shortens the wait. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.loop()];
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

  private async loop(): Promise<void> {
    let prefetched: Prefetched = new Map();
    while (this.running) {
      let applied = 0;
      try {
        const outcome = await this.round(this.projections, prefetched);
        prefetched = outcome.prefetched;
        applied = outcome.applied;
        for (const error of outcome.errors) this.logBatchError(error);
      } catch (error) {
        prefetched = new Map();
        this.logBatchError(error);
      }
      // Never sleep between full batches while catching up.
      if (applied > 0) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private logBatchError(error: unknown): void {
    this.log(isConnectionError(error) ? 'warn' : 'error', 'projection batch failed; retrying', {
      projection: (error as { projection?: string }).projection,
      error: isErrorLike(error) ? error.message : String(error),
    });
  }

  /**
   * One batch for every projection with something to read: projections are grouped by
   * checkpoint, each group's batch is read once, then applied by each projection of the group in
   * its own transaction (concurrently). While a full batch is applied, the next one is read
   * (settled events never change, so reading early reads the same events). Failed projections
   * are skipped until cleared.
   */
  private async round(
    projections: readonly Projection[],
    prefetched: Prefetched,
  ): Promise<{ applied: number; errors: unknown[]; byProjection: Map<string, number>; prefetched: Prefetched }> {
    const found = await this.pool.query<{ name: string; status: string; last_transaction_id: string; last_position: number }>({
      name: 'pr_round_checkpoints',
      text: `SELECT name, status, last_transaction_id::text AS last_transaction_id, last_position
             FROM projection_checkpoints WHERE name = ANY($1::text[])`,
      values: [projections.map((p) => p.name)],
    });
    const rowsByName = new Map(found.rows.map((r) => [r.name, r]));
    const groups = new Map<string, { from: Checkpoint | null; projections: Projection[] }>();
    for (const projection of projections) {
      const row = rowsByName.get(projection.name);
      if (row?.status === 'failed') continue;
      // Unregistered: runBatch reports it (call prepare()).
      const from = row ? { transactionId: row.last_transaction_id, position: row.last_position } : null;
      const key = from ? `${from.transactionId}:${from.position}` : `unregistered:${projection.name}`;
      const group = groups.get(key) ?? { from, projections: [] };
      group.projections.push(projection);
      groups.set(key, group);
    }
    const byProjection = new Map<string, number>();
    const errors: unknown[] = [];
    const next: Prefetched = new Map();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        let shared: SharedBatch | undefined;
        if (group.from) {
          try {
            const events = await (prefetched.get(keyOf(group.from)) ?? this.store.readAll({ after: group.from, limit: this.batchSize }));
            shared = { from: group.from, events };
          } catch (error) {
            errors.push(error);
            return;
          }
          if (shared.events.length === 0) return;
          if (shared.events.length === this.batchSize) {
            const after = checkpointOf(shared.events[shared.events.length - 1]);
            const read = this.store.readAll({ after, limit: this.batchSize });
            read.catch(() => undefined); // read again if needed; never an unhandled rejection
            next.set(keyOf(after), read);
          }
        }
        const outcomes = await Promise.allSettled(group.projections.map((projection) => this.runBatch(projection, shared)));
        outcomes.forEach((outcome, i) => {
          if (outcome.status === 'rejected') {
            errors.push(
              // Not `instanceof Error`: the driver's socket errors may come from another realm (a test's
              // VM context); wrapping them would lose their code, and a lost connection would log as a bug.
              Object.assign(isErrorLike(outcome.reason) ? outcome.reason : new Error(String(outcome.reason)), {
                projection: group.projections[i].name,
              }),
            );
          } else if (outcome.value.kind === 'applied') {
            byProjection.set(group.projections[i].name, outcome.value.count);
          }
        });
      }),
    );
    const applied = [...byProjection.values()].reduce((sum, n) => sum + n, 0);
    return { applied, errors, byProjection, prefetched: next };
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

  private async runBatch(projection: Projection, shared?: SharedBatch): Promise<BatchOutcome> {
    let outcome: BatchOutcome;
    try {
      outcome = await inBatchTransaction<BatchOutcome>(this.pool, projection.name, (client, held) =>
        this.batchIn(client, projection, held, shared),
      );
    } catch (error) {
      // Recorded on a fresh connection once this one is back in the pool.
      if (error instanceof ProjectionEventError) {
        await this.recordFailure(projection, error);
        return { kind: 'failed' };
      }
      throw error;
    }
    if (outcome.kind === 'applied') {
      try {
        this.onApplied(projection.name, outcome.events);
      } catch {
        // A listener's failure must never stop the projection.
      }
    }
    return outcome;
  }

  /** Applies one batch under the projection's lock; nothing applied (idle, locked, failed) rolls back. */
  private async batchIn(
    client: PoolClient,
    projection: Projection,
    held: HeldCheckpoint,
    shared?: SharedBatch,
  ): Promise<{ value: BatchOutcome; advance: Advance | null }> {
    const nothing = (value: BatchOutcome) => ({ value, advance: null });
    if (held.kind === 'locked') return nothing({ kind: 'locked' });
    if (held.kind === 'unregistered') throw new Error(`Projection ${projection.name} is not registered (call prepare())`);
    if (held.status === 'failed') return nothing({ kind: 'failed' });
    const from = held.checkpoint;

    // The shared batch is valid only if nobody moved this checkpoint since it was read.
    const events =
      shared && compareCheckpoints(shared.from, from) === 0
        ? shared.events
        : await this.store.readAll({ after: from, limit: this.batchSize }, client);
    if (events.length === 0) return nothing({ kind: 'idle' });
    await projection.apply(events, client);
    const last = events[events.length - 1];
    return {
      value: { kind: 'applied', count: events.length, events },
      advance: { from, to: checkpointOf(last), recordedAt: last.recordedAt },
    };
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
    await inTransaction(this.pool, async (client) => {
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
    });
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

const isErrorLike = (value: unknown): value is Error =>
  typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
