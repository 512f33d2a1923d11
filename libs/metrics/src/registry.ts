import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric of ours starts with this (`keywork_http_request_duration_seconds`, …). */
export const METRIC_PREFIX = 'keywork_';

/**
 * A registry of the process's own, with the standard process and Node.js metrics
 * (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`, …). One per application
 * instance rather than prom-client's global one, so tests can run several in one process.
 */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** `2xx`, `4xx`, … of an HTTP status: a label of a handful of values. */
export const statusClass = (status: number): string => (status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other');

/**
 * Resolves with the promise's value, or rejects after `ms`: a scrape must answer while a source
 * (PostgreSQL, Redis) hangs, with that source marked down.
 */
export function within<T>(ms: number, promise: Promise<T>, what = 'source'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
