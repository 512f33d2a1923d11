import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge, Histogram } from 'prom-client';
import { createRegistry, within } from '@app/metrics';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { ProjectionWorker } from '../projection-worker.service';

/** The report queue's job states worth watching; counted at scrape time. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long a scrape waits for PostgreSQL or Redis before reporting it down. */
const SOURCE_TIMEOUT_MS = 2_000;

/**
 * The worker's metrics (served by WorkerMetricsServer on WORKER_METRICS_PORT). Projection lag and
 * queue depth are read when Prometheus scrapes; report build durations are observed as jobs run.
 * Names and alerts: docs/operations.md.
 */
@Injectable()
export class WorkerMetrics {
  private readonly logger = new Logger('metrics');
  readonly registry = createRegistry();

  private readonly lagSeconds = new Gauge({
    name: 'keywork_projection_lag_seconds',
    help: 'How far a projection is behind the newest stored event, in recorded time (0 once caught up)',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  private readonly lagEvents = new Gauge({
    name: 'keywork_projection_lag_events',
    help: 'Events stored after a projection’s checkpoint (approximate: positions are not dense; 0 once caught up)',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  private readonly failed = new Gauge({
    name: 'keywork_projection_failed',
    help: '1 while a projection is stopped at an event it cannot apply (see /health for the error), else 0',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'keywork_report_queue_jobs',
    help: 'Jobs of the report queue by state (waiting, active, delayed, failed)',
    labelNames: ['state'],
    registers: [this.registry],
  });

  private readonly dependencyUp = new Gauge({
    name: 'keywork_dependency_up',
    help: 'Whether a dependency answered at scrape time (1) or not (0)',
    labelNames: ['dependency'],
    registers: [this.registry],
  });

  readonly reportBuilds = new Histogram({
    name: 'keywork_report_build_duration_seconds',
    help: 'Time to build a year-end report (one job attempt), by outcome (ok, failed, delayed: the projections were behind)',
    labelNames: ['outcome'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  constructor(
    private readonly projections: ProjectionWorker,
    @InjectQueue(REPORT_QUEUE) private readonly queue: Queue,
  ) {}

  /** Reads projection status and queue depth now; a source that does not answer is marked down and its gauges emptied. */
  async refresh(): Promise<void> {
    await Promise.all([this.refreshProjections(), this.refreshQueue()]);
  }

  private async refreshProjections(): Promise<void> {
    try {
      const statuses = await within(SOURCE_TIMEOUT_MS, this.projections.runner.status(), 'PostgreSQL');
      for (const gauge of [this.lagSeconds, this.lagEvents, this.failed]) gauge.reset();
      for (const status of statuses) {
        const labels = { projection: status.name };
        this.lagSeconds.set(labels, status.secondsBehind);
        this.lagEvents.set(labels, status.eventsBehind);
        this.failed.set(labels, status.status === 'failed' ? 1 : 0);
      }
      this.dependencyUp.set({ dependency: 'database' }, 1);
    } catch (error) {
      this.logger.warn(`projection status unavailable for metrics: ${error instanceof Error ? error.message : String(error)}`);
      for (const gauge of [this.lagSeconds, this.lagEvents, this.failed]) gauge.reset();
      this.dependencyUp.set({ dependency: 'database' }, 0);
    }
  }

  private async refreshQueue(): Promise<void> {
    try {
      const counts = await within(SOURCE_TIMEOUT_MS, this.queue.getJobCounts(...QUEUE_STATES), 'Redis');
      for (const state of QUEUE_STATES) this.queueJobs.set({ state }, counts[state] ?? 0);
      this.dependencyUp.set({ dependency: 'redis' }, 1);
    } catch (error) {
      this.logger.warn(`report queue unavailable for metrics: ${error instanceof Error ? error.message : String(error)}`);
      this.queueJobs.reset();
      this.dependencyUp.set({ dependency: 'redis' }, 0);
    }
  }
}
