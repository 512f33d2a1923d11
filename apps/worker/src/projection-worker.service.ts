import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { AppConfig } from '@app/config';
import { EventStore, EVENTS_CHANNEL, PROJECTED_CHANNEL, ProjectionRunner } from '@app/event-store';
import { TRACKING_PROJECTIONS } from '@app/tracking';

/** Runs every projection; LISTEN/NOTIFY wakes it early, polling is the fallback and the truth. */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  readonly runner: ProjectionRunner;
  private listener: Client | null = null;
  private stopped = false;

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.runner = new ProjectionRunner(pool, store, TRACKING_PROJECTIONS, {
      batchSize: 1000,
      pollIntervalMs: 500,
      log: (level, message, context) => this.logger[level === 'info' ? 'log' : level](`${message} ${JSON.stringify(context ?? {})}`),
      onApplied: (projection, events) => this.announce(projection, events),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.prepare();
    // A failed projection retries the event it stopped at: a restart after a fix continues.
    await this.runner.clearFailures();
    this.runner.start();
    void this.listen();
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.DATABASE_URL });
      try {
        await client.connect();
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        this.listener = client;
        client.on('notification', () => this.runner.wake());
        await new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
      } catch {
        // The hint is optional; polling goes on. Reconnect after a pause.
      } finally {
        this.listener = null;
        await client.end().catch(() => undefined);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  /** Tells api processes which departments' figures changed (dashboards refresh over SSE). */
  private announce(projection: string, events: readonly { tenant: string }[]): void {
    const departments = [...new Set(events.map((e) => e.tenant))].slice(0, 50);
    const payload = JSON.stringify({ projection, departments });
    this.pool.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, payload]).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
    await this.runner.stop();
  }
}
