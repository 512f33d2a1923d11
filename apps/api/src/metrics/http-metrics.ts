import type { NextFunction, Request, Response } from 'express';
import { statusClass } from '@app/metrics';
import type { ApiMetrics } from './api-metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const QUEUE_ADMIN = /^\/admin\/queues(\/|$|\?)/i;

/**
 * The route label of a request: the template it matched (`/api/departments/:department/activities`),
 * never the URL, so ids and query strings add no series. The queue admin's own router is one label;
 * a request no route answered is `(static)` when it got the web app's files, else `(unmatched)`
 * (unknown paths, and requests refused before routing: 413, 415).
 */
export function routeOf(request: Request, status: number): string {
  if (QUEUE_ADMIN.test(request.originalUrl ?? request.url)) return '/admin/queues/*';
  const template = request.route?.path;
  if (typeof template === 'string') return `${request.baseUrl ?? ''}${template}` || '/';
  if ((request.method === 'GET' || request.method === 'HEAD') && status < 400) return '(static)';
  return '(unmatched)';
}

/**
 * Express middleware timing every request from its arrival to the end of its answer
 * (keywork_http_request_duration_seconds). Server-sent event streams are left out: they stay
 * open for as long as the page does, which says nothing about latency.
 */
export function httpMetrics(metrics: ApiMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = response.statusCode;
      metrics.httpDuration.observe(
        {
          route: routeOf(request, status),
          method: METHODS.has(request.method) ? request.method : 'OTHER',
          status_class: statusClass(status),
        },
        seconds,
      );
    });
    next();
  };
}
