import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { startMetricsServer, type MetricsServer } from '@app/metrics';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's only HTTP: GET /metrics on HOST:WORKER_METRICS_PORT, a bare node:http server (no
 * Nest HTTP stack), answering only the scrape token. Off when WORKER_METRICS_PORT is 0 or no
 * METRICS_TOKEN is set. A port already taken is logged, and the worker goes on working.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private server: MetricsServer | null = null;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** The port it listens on, or null when off. */
  get port(): number | null {
    return this.server?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { HOST: host, WORKER_METRICS_PORT: port, METRICS_TOKEN: token } = this.config;
    if (port === 0) return;
    if (!token) {
      this.logger.log('Worker metrics are off: set METRICS_TOKEN (and WORKER_METRICS_PORT) to serve /metrics');
      return;
    }
    try {
      this.server = await startMetricsServer({
        host,
        port,
        registry: this.metrics.registry,
        token,
        refresh: () => this.metrics.refresh(),
        onError: (error) => this.logger.error(`scrape failed: ${error instanceof Error ? error.message : String(error)}`),
      });
      this.logger.log(`Worker metrics on http://${host.includes(':') ? `[${host}]` : host}:${this.server.port}/metrics`);
    } catch (error) {
      this.logger.error(`Worker metrics could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}
