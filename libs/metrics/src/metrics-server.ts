import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { isScrapeToken } from './scrape-token';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  registry: Registry;
  /** The scrape token (METRICS_TOKEN); every request without it gets 401. */
  token: string;
  /** Brings gauges read at scrape time up to date (queue depth, projection lag) before the registry is written out. */
  refresh?: () => Promise<void>;
  /** Told when a scrape fails (the answer is then a 500). */
  onError?: (error: unknown) => void;
}

export interface MetricsServer {
  /** The port it listens on (the one chosen when asked for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A bare node:http server answering only `GET /metrics` (and HEAD) with the registry in the
 * Prometheus text format, for processes with no HTTP of their own (the worker). Everything else
 * is 404 (405 for other methods on /metrics); a scrape without the bearer token is 401.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    void answer(options, request, response);
  });
  // Scrapers keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(options: MetricsServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  const text = (status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (path !== '/metrics') return text(404, 'Not found: this port serves GET /metrics only\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed\n', { allow: 'GET, HEAD' });
  if (!isScrapeToken(request.headers.authorization, options.token)) {
    return text(401, 'Send Authorization: Bearer <METRICS_TOKEN>\n', { 'www-authenticate': 'Bearer realm="keywork-metrics"' });
  }
  try {
    await options.refresh?.();
    const body = await options.registry.metrics();
    text(200, body, { 'content-type': options.registry.contentType });
  } catch (error) {
    options.onError?.(error);
    text(500, 'The metrics could not be collected\n');
  }
}
