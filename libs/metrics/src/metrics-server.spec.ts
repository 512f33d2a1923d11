import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Counter } from 'prom-client';
import { createRegistry, statusClass, within } from './registry';
import { bearerToken, isScrapeToken } from './scrape-token';
import { startMetricsServer, type MetricsServer } from './metrics-server';

const TOKEN = 'a-scrape-token-of-enough-length-0123456789';

describe('the scrape token', () => {
  it('matches only the configured token, sent as a bearer token', () => {
    expect(isScrapeToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(isScrapeToken(`bearer  ${TOKEN} `, TOKEN)).toBe(true);
    expect(isScrapeToken(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(isScrapeToken(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(isScrapeToken(undefined, TOKEN)).toBe(false);
    expect(isScrapeToken([`Bearer ${TOKEN}`], TOKEN)).toBe(false);
  });

  it('matches nothing while no token is configured', () => {
    expect(isScrapeToken('Bearer ', '')).toBe(false);
    expect(isScrapeToken('Bearer x', '')).toBe(false);
    expect(bearerToken('Bearer abc')).toBe('abc');
  });
});

describe('helpers', () => {
  it('classes statuses', () => {
    expect([200, 201, 302, 404, 429, 503, 42].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx', 'other']);
  });

  it('gives up on a source that does not answer', async () => {
    await expect(within(10, new Promise(() => undefined), 'redis')).rejects.toThrow(/redis did not answer within 10 ms/);
    await expect(within(1000, Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('the bare metrics server', () => {
  let server: MetricsServer;
  let refreshed = 0;
  const registry = createRegistry({ defaultMetrics: false });
  new Counter({ name: 'keywork_test_things_total', help: 'Things', registers: [registry] }).inc(3);

  beforeAll(async () => {
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      token: TOKEN,
      refresh: async () => {
        refreshed++;
      },
    });
  });
  afterAll(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers });

  it('answers GET /metrics with the scrape token, refreshed at scrape time', async () => {
    const before = refreshed;
    const reply = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await reply.text()).toContain('keywork_test_things_total 3');
    expect(refreshed).toBe(before + 1);
  });

  it('answers 401 without the token, and serves nothing else', async () => {
    const none = await get('/metrics');
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="keywork-metrics"']);
    expect((await get('/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get('/', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get('/metrics/x', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get('/metrics', { authorization: `Bearer ${TOKEN}` }, 'POST')).status).toBe(405);
  });
});
