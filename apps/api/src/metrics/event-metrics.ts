import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { ApiMetrics } from './api-metrics';

/** Counts the events this process appends (keywork_events_appended_total), told by the store after each commit. */
@Injectable()
export class EventMetrics implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly metrics: ApiMetrics,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.store.onCommit(({ types }) => this.metrics.appended(types));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
