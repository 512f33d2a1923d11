import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from './event-store';

export const EVENTS_CHANNEL = 'keywork_events';
/** Sent by the worker after a projection batch commits: { projection, departments }. */
export const PROJECTED_CHANNEL = 'keywork_projected';

/**
 * After a commit, tells listening workers there is something to read. A hint only: readers
 * poll anyway. Debounced so a burst of appends sends one NOTIFY, outside the append's transaction.
 */
@Injectable()
export class CommitNotifier implements OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    store: EventStore,
  ) {
    this.unsubscribe = store.onCommit(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pool.query(`NOTIFY ${EVENTS_CHANNEL}`).catch(() => undefined);
    }, 10);
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }
}

@Global()
@Module({
  providers: [{ provide: EventStore, inject: [Pool], useFactory: (pool: Pool) => new EventStore(pool) }, CommitNotifier],
  exports: [EventStore],
})
export class EventStoreModule {}
