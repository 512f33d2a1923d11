import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Pool } from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { createRegistry, within } from '@app/metrics';
import { RedisHealth } from '../health/redis-health';

/** What became of a command: done, answered from its first run, refused with a code, lost to a concurrent writer, or failed. */
export type CommandOutcome = 'ok' | 'replayed' | 'conflict' | `refused-${string}` | 'error';

/** How long a scrape waits for PostgreSQL before calling it down. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * The api process's metrics (Prometheus, GET /metrics). Names and what to alert on:
 * docs/operations.md.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = createRegistry();

  /** By route template (never the raw URL), method and status class. */
  readonly httpDuration = new Histogram({
    name: 'keywork_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status class (2xx…5xx)',
    labelNames: ['route', 'method', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'keywork_commands_total',
    help: 'Commands executed, by command type and outcome (ok, replayed, conflict, refused-<code>, error)',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'keywork_events_appended_total',
    help: 'Events this process appended, by the prefix of their type (activity, plan, department, …)',
    labelNames: ['type_prefix'],
    registers: [this.registry],
  });

  readonly loginLimited = new Counter({
    name: 'keywork_login_limited_total',
    help: 'Sign-in attempts refused by the login limiter (429), by reason (address, user-address, backoff)',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  private readonly dependencyUp = new Gauge({
    name: 'keywork_dependency_up',
    help: 'Whether a dependency answered at scrape time (1) or not (0), as /health checks it',
    labelNames: ['dependency'],
    registers: [this.registry],
  });

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly moduleRef: ModuleRef,
  ) {}

  command(command: string, outcome: CommandOutcome): void {
    this.commands.inc({ command, outcome });
  }

  /** Counts appended events by the first part of their type (`activity.recorded.v1` → `activity`). */
  appended(types: readonly string[]): void {
    for (const type of types) this.eventsAppended.inc({ type_prefix: type.split('.', 1)[0] || 'unknown' });
  }

  /** The registry in the Prometheus text format, with the dependencies checked now. */
  async scrape(): Promise<string> {
    const [database, redis] = await Promise.all([
      within(PROBE_TIMEOUT_MS, this.pool.query('SELECT 1'), 'PostgreSQL').then(
        () => 1,
        () => 0,
      ),
      this.redisHealth()
        .ping()
        .then((state) => (state === 'up' ? 1 : 0)),
    ]);
    this.dependencyUp.set({ dependency: 'database' }, database);
    this.dependencyUp.set({ dependency: 'redis' }, redis);
    return this.registry.metrics();
  }

  /** The health check's own fail-fast Redis connection (provided beside HealthController). */
  private redisHealth(): RedisHealth {
    return this.moduleRef.get(RedisHealth, { strict: false });
  }
}
