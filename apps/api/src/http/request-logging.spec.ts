import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { requestIdOf, serializeRequest } from './request-logging';

const request = (headers: Record<string, string>, id?: unknown) => ({ headers, id }) as unknown as IncomingMessage & { id?: unknown };

describe('requestIdOf', () => {
  it('keeps a short safe X-Request-Id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'trace-1.a:b_c' }))).toBe('trace-1.a:b_c');
    expect(requestIdOf(request({ 'x-request-id': 'a'.repeat(64) }))).toBe('a'.repeat(64));
  });

  it.each(['a'.repeat(65), 'x'.repeat(8192), 'a b', '<script>', '', 'é'])('replaces %p by a UUID, kept for the request', (id) => {
    const r = request({ 'x-request-id': id });
    const generated = requestIdOf(r);
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(requestIdOf(r)).toBe(generated);
  });
});

describe('serializeRequest', () => {
  it('logs the path without its query and only harmless headers', () => {
    const logged = serializeRequest({
      id: 'r1',
      method: 'GET',
      url: '/admin/queues?access%5Ftoken=secret&x=1',
      headers: {
        authorization: 'Bearer secret',
        cookie: 'kw_queue_admin=secret',
        referer: '/admin/queues?access_token=secret',
        'user-agent': 'ua',
      },
    });
    expect(logged).toMatchObject({ id: 'r1', method: 'GET', url: '/admin/queues', headers: { 'user-agent': 'ua' } });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
