import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import { until } from '@app/testing';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/sessions';
import { startApi, type ApiHarness, type TestUser } from './api-harness';

/**
 * Issue 12, items 3 and 4: an access token does not outlive sign-out, a password change, the
 * reuse of a refresh token or disabling (each sets the account's tokensValidAfter, ms, the
 * database's clock; a token whose own iat_ms is before it gets 401), and an open live-update
 * stream ends at its token's expiry and when a periodic check finds its session over.
 */
let api: ApiHarness;
const DEPARTMENT = 'wh-revoke';
const RECHECK_MS = 200;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `keywork-test-revoke-${process.pid}`, STREAM_RECHECK_MS: RECHECK_MS });
  expect((await api.request('POST', '/api/departments', { code: DEPARTMENT, name: '撤销测试部门' })).status).toBe(201);
  await until(
    'the department projected',
    async () => {
      await api.project();
      return (await api.request('GET', `/api/departments/${DEPARTMENT}`)).status === 200;
    },
    20_000,
  );
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

interface OpenStream {
  status: number;
  /** Resolves when the server ends the stream: the `session-ended` reason (null if it ended without one) and when. */
  ended: Promise<{ reason: string | null; at: number }>;
  close(): void;
}

/** GET …/stream?access_token= and reads its events until the server ends it (or close()). */
async function openStream(token: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${api.baseUrl}/api/departments/${DEPARTMENT}/stream?access_token=${encodeURIComponent(token)}`, {
    signal: controller.signal,
  });
  const ended = (async () => {
    let text = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    } catch {
      // aborted by close()
    }
    const reason = /event: session-ended\n(?:id: .*\n)?data: (.*)\n/.exec(text);
    return { reason: reason ? (JSON.parse(reason[1]).reason as string) : null, at: Date.now() };
  })();
  return { status: response.status, ended, close: () => controller.abort() };
}

/** Whether the promise settles within ms. */
const settlesWithin = async <T>(promise: Promise<T>, ms: number): Promise<T | 'open'> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
};

describe('an open live-update stream', () => {
  it('stays open while its user may read the department', async () => {
    const user = await api.createUser('stream-stays', [`leader:${DEPARTMENT}`]);
    const stream = await openStream(user.accessToken);
    expect(stream.status).toBe(200);
    expect(await settlesWithin(stream.ended, RECHECK_MS * 8)).toBe('open');
    stream.close();
  });

  it('ends when its access token expires', async () => {
    const user = await api.createUser('stream-expires', [`leader:${DEPARTMENT}`]);
    const jwt = new JwtService({ secret: api.app.get(AppConfig).JWT_SECRET });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = jwt.sign(
      { username: user.username, roles: [], typ: 'access', exp },
      { subject: user.id, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );
    const stream = await openStream(token);
    expect(stream.status).toBe(200);
    const ended = await settlesWithin(stream.ended, 6_000);
    expect(ended).toMatchObject({ reason: 'expired' });
    expect((ended as { at: number }).at).toBeGreaterThanOrEqual(exp * 1000);
    expect((ended as { at: number }).at).toBeLessThan(exp * 1000 + 1_500);
  });

  it('ends when its user is disabled', async () => {
    const user = await api.createUser('stream-disabled', [`leader:${DEPARTMENT}`]);
    const stream = await openStream(user.accessToken);
    expect(stream.status).toBe(200);
    expect((await api.request('POST', `/api/users/${user.id}/disable`)).status).toBe(200);
    expect(await settlesWithin(stream.ended, 5_000)).toMatchObject({ reason: 'ended' });
  });

  it('ends when its user loses the role in the department', async () => {
    const user = await api.createUser('stream-demoted', [`leader:${DEPARTMENT}`]);
    const stream = await openStream(user.accessToken);
    expect(stream.status).toBe(200);
    const changed = await api.request('PUT', `/api/users/${user.id}/roles`, { roles: [{ department: 'wh-elsewhere', role: 'leader' }] });
    expect(changed.status).toBe(200);
    expect(await settlesWithin(stream.ended, 5_000)).toMatchObject({ reason: 'forbidden' });
  });

  it('ends when its user signs out', async () => {
    const user = await api.createUser('stream-signed-out', [`leader:${DEPARTMENT}`]);
    const stream = await openStream(user.accessToken);
    expect(stream.status).toBe(200);
    expect((await api.as(user).request('POST', '/api/auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect(await settlesWithin(stream.ended, 5_000)).toMatchObject({ reason: 'ended' });
  });
});
