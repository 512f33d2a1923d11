import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS } from '../src/auth/login-limiter';
import { startApi, type ApiHarness } from './api-harness';

/**
 * Issue 12, item 5 over HTTP: the client address of the login limits and the Secure flag of the
 * queue admin's cookie come from X-Forwarded-For / X-Forwarded-Proto only when TRUST_PROXY
 * trusts the proxy that sent them (here: the test, on loopback).
 */
let direct: ApiHarness;
let proxied: ApiHarness;

beforeAll(async () => {
  direct = await startApi();
  proxied = await startApi({ TRUST_PROXY: 'loopback' });
});

afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

const login = (api: ApiHarness, username: string, password: string, headers: Record<string, string> = {}) =>
  api.as(null).request('POST', '/api/auth/login', { username, password }, headers);
const from = (address: string) => ({ 'x-forwarded-for': address });

describe('without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For: a client cannot choose its address to escape the limits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perUser; i++)
      statuses.push((await login(direct, 'xff-guessed', `guess-${i}`, from(`198.51.100.${i}`))).status);
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.perUser).fill(401), 429]);
  });

  it('does not mark the queue admin cookie Secure because of X-Forwarded-Proto', async () => {
    const visit = await direct
      .as(null)
      .request('GET', `/admin/queues?access_token=${direct.admin.accessToken}`, undefined, { 'x-forwarded-proto': 'https' });
    expect(visit.status).toBe(200);
    expect(visit.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('with TRUST_PROXY=loopback', () => {
  it('limits by the forwarded client address; the owner at its own address is not held back by failures elsewhere', async () => {
    // Signed in once from 127.0.0.1 (createUser): that address is the owner's.
    const owner = await proxied.createUser('proxied-owner', ['leader:wh-fao']);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perUser; i++)
      statuses.push((await login(proxied, owner.username, `guess-${i}`, from('203.0.113.1'))).status);
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.perUser).fill(401), 429]);

    // Another address gets the username's back-off (a delay of a second, not a lock)…
    const elsewhere = await login(proxied, owner.username, owner.password, from('203.0.113.2'));
    expect([elsewhere.status, elsewhere.body.error, elsewhere.headers.get('retry-after')]).toEqual([429, 'AUTH.RATE_LIMITED', '1']);
    // …the owner's own address none.
    expect((await login(proxied, owner.username, owner.password)).status).toBe(200);
    // Its success forgot the failures.
    expect((await login(proxied, owner.username, owner.password, from('203.0.113.2'))).status).toBe(200);
    // The guessing address is still limited for this username, not for others.
    expect((await login(proxied, owner.username, owner.password, from('203.0.113.1'))).status).toBe(429);
    expect((await login(proxied, proxied.admin.username, proxied.admin.password, from('203.0.113.1'))).status).toBe(200);
  });

  it('marks the queue admin cookie Secure behind a TLS proxy (X-Forwarded-Proto: https)', async () => {
    const visit = await proxied
      .as(null)
      .request('GET', `/admin/queues?access_token=${proxied.admin.accessToken}`, undefined, { 'x-forwarded-proto': 'https' });
    expect(visit.status).toBe(200);
    expect(visit.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });
});
