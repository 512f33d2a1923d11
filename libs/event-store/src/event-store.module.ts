import { Global, Inject, Injectable, Module, OnModuleDestroy, type DynamicModule } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from './event-store';
import { Upcasters, type UpcasterMap } from './upcasters';

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

/** Holds the providers `EventStoreModule.forFeature` adds. */
@Module({})
export class EventUpcastersModule {}

/**
 * The application's one EventStore and its upcaster registry (`Upcasters`, empty until domain
 * libraries register theirs with `EventStoreModule.forFeature`).
 */
@Global()
@Module({
  providers: [
    { provide: Upcasters, useFactory: () => new Upcasters() },
    { provide: EventStore, inject: [Pool, Upcasters], useFactory: (pool: Pool, upcasters: Upcasters) => new EventStore(pool, upcasters) },
    CommitNotifier,
  ],
  exports: [EventStore, Upcasters],
})
export class EventStoreModule {
  /**
   * Registers a domain library's upcasters with the application's event store: import it in the
   * library's module, e.g. `imports: [EventStoreModule.forFeature(TRACKING_UPCASTERS)]`. They are
   * registered while the application is created, before anything reads (outside Nest:
   * `new EventStore(pool, upcasters(TRACKING_UPCASTERS))`).
   */
  static forFeature(map: UpcasterMap): DynamicModule {
    return {
      module: EventUpcastersModule,
      providers: [{ provide: Symbol('event-upcasters'), inject: [Upcasters], useFactory: (registry: Upcasters) => registry.register(map) }],
    };
  }
}
