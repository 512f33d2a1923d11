import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness, type TestUser } from './api-harness';

/**
 * Issue 12, item 3: an access token does not outlive sign-out, a password change, the reuse of a
 * refresh token or disabling. Each sets the account's tokensValidAfter (ms, the database's
 * clock); a token whose own iat_ms is before it gets 401.
 */
let api: ApiHarness;
const DEPARTMENT = 'wh-revoke';

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `keywork-test-revoke-${process.pid}` });
  expect((await api.request('POST', '/api/departments', { code: DEPARTMENT, name: '撤销测试部门' })).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

const me = (token: string) => api.as(token).request('GET', '/api/auth/me');
const refresh = (refreshToken: string) => api.as(null).request('POST', '/api/auth/refresh', { refreshToken });
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('access tokens end with the session', () => {
  it('carry their issue time in milliseconds (iat_ms) beside iat', async () => {
    const user = await api.createUser('revoke-claims', [`leader:${DEPARTMENT}`]);
    const claims = claimsOf(user.accessToken);
    expect(Number.isInteger(claims.iat_ms)).toBe(true);
    expect(Math.abs(claims.iat_ms - claims.iat * 1000)).toBeLessThan(5_000);
  });

  it('ends at sign-out: the token that signed out and every other access token of the user; other sessions refresh', async () => {
    const user = await api.createUser('revoke-logout', [`leader:${DEPARTMENT}`]);
    const other = (await api.login(user.username, user.password)).body as { accessToken: string; refreshToken: string };
    expect((await me(user.accessToken)).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(200);

    const out = await api.as(user).request('POST', '/api/auth/logout', { refreshToken: user.refreshToken });
    expect(out.status).toBe(204);
    const after = await me(user.accessToken);
    expect([after.status, after.body.error]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    expect(after.body.message).toMatch(/sign-in has ended/);
    expect((await me(other.accessToken)).status).toBe(401);
    // The other session is still signed in: its refresh token gives it a working access token.
    const renewed = await refresh(other.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
    // And signing in again works at once.
    const again = await api.login(user.username, user.password);
    expect((await me(again.body.accessToken)).status).toBe(200);
  });

  it('ends at sign-out everywhere (no refresh token given)', async () => {
    const user = await api.createUser('revoke-logout-all', [`leader:${DEPARTMENT}`]);
    expect((await api.as(user).request('POST', '/api/auth/logout', {})).status).toBe(204);
    expect((await me(user.accessToken)).status).toBe(401);
    expect((await refresh(user.refreshToken)).status).toBe(401);
  });

  it('ends when the user changes the password, and when an admin sets one', async () => {
    const user = await api.createUser('revoke-password', [`leader:${DEPARTMENT}`]);
    const second = (await api.login(user.username, user.password)).body.accessToken as string;
    const changed = await api
      .as(user)
      .request('POST', '/api/auth/password', { currentPassword: user.password, newPassword: 'a-new-password-1' });
    expect(changed.status).toBe(204);
    expect((await me(user.accessToken)).status).toBe(401);
    expect((await me(second)).status).toBe(401);

    const fresh = (await api.login(user.username, 'a-new-password-1')).body.accessToken as string;
    expect((await me(fresh)).status).toBe(200);
    expect((await api.request('PUT', `/api/users/${user.id}/password`, { password: 'set-by-the-admin' })).status).toBe(204);
    expect((await me(fresh)).status).toBe(401);
  });

  it('ends when a refresh token is reused: the copy and the legitimate successor both lose their access tokens', async () => {
    const user = await api.createUser('revoke-reuse', [`leader:${DEPARTMENT}`]);
    const successor = await refresh(user.refreshToken);
    expect(successor.status).toBe(200);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await me(successor.body.accessToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(401);
  });

  it('ends when the user is disabled, and stays ended after the user is enabled again', async () => {
    const user = await api.createUser('revoke-disable', [`leader:${DEPARTMENT}`]);
    expect((await api.request('POST', `/api/users/${user.id}/disable`)).status).toBe(200);
    expect((await api.request('POST', `/api/users/${user.id}/enable`)).status).toBe(200);
    expect((await me(user.accessToken)).status).toBe(401);
    const again = await api.login(user.username, user.password);
    expect((await me(again.body.accessToken)).status).toBe(200);
  });

  it('is set by the database, in milliseconds, and shown to admins as tokensValidAfter', async () => {
    const user: TestUser = await api.createUser('revoke-shown', [`leader:${DEPARTMENT}`]);
    expect((await api.request('GET', `/api/users/${user.id}`)).body.tokensValidAfter).toBeNull();
    await api.as(user).request('POST', '/api/auth/logout', {});
    const shown = (await api.request('GET', `/api/users/${user.id}`)).body.tokensValidAfter as string;
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(shown)).toBeGreaterThanOrEqual(claimsOf(user.accessToken).iat_ms);
  });
});
