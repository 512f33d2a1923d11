import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { CodedError, CommandKeyReusedError, ConditionFailedError, StoreUnavailableError, VersionConflictError } from '@app/event-store';
import { outcomeOf } from './command-metrics';
import { routeOf } from './http-metrics';

describe('the outcome label of a command that threw', () => {
  it('names conflicts, refusals by code, and failures', () => {
    expect(outcomeOf(new VersionConflictError('activity-1', 1, 2))).toBe('conflict');
    expect(outcomeOf(new ConditionFailedError('department-wh', 1, 2))).toBe('conflict');
    expect(outcomeOf(new CodedError('ACTIVITY.NOT_FOUND', 'no such activity'))).toBe('refused-ACTIVITY.NOT_FOUND');
    expect(outcomeOf(new CommandKeyReusedError('http:x'))).toBe('refused-COMMAND.KEY_REUSED');
    expect(outcomeOf(new StoreUnavailableError(new Error('ECONNREFUSED')))).toBe('error');
    expect(outcomeOf(new TypeError('a bug'))).toBe('error');
  });
});

describe('the route label of a request', () => {
  const request = (fields: Partial<Request>) => ({ method: 'GET', url: '/', originalUrl: '/', baseUrl: '', ...fields }) as Request;

  it('is the template the request matched, never its URL', () => {
    const matched = request({
      method: 'PATCH',
      originalUrl: '/api/departments/wh-fao/activities/0b6c?x=1',
      route: { path: '/api/departments/:department/activities/:id' },
    });
    expect(routeOf(matched, 200)).toBe('/api/departments/:department/activities/:id');
  });

  it('is one label for the queue admin, the web app’s files, and the rest', () => {
    expect(routeOf(request({ originalUrl: '/admin/queues/api/queues?page=1', route: { path: '/api/queues' } }), 200)).toBe(
      '/admin/queues/*',
    );
    expect(routeOf(request({ originalUrl: '/js/main.js' }), 200)).toBe('(static)');
    expect(routeOf(request({ originalUrl: '/api/no-such-thing/123' }), 404)).toBe('(unmatched)');
    expect(routeOf(request({ method: 'POST', originalUrl: '/api/departments/wh-fao/activities' }), 413)).toBe('(unmatched)');
  });
});
