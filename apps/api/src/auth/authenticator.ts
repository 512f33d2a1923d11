import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { MonotonicTime } from '@app/config';
import { AccountStore, type Account } from '@app/accounts';
import type { RequestUser } from '@app/accounts';
import { issuedAtMs, Sessions, unauthenticated } from './sessions';

/** How long a user's roles and enabled flag are trusted before being read again (on MonotonicTime). */
export const PRINCIPAL_TTL_MS = 2_000;
const MAX_CACHED = 10_000;

const BEARER = /^Bearer +(\S+) *$/i;

/** The cookie /admin/queues sets after a visit with ?access_token=, so the board's own requests are signed in. */
export const QUEUE_ADMIN_COOKIE = 'kw_queue_admin';

export type TokenSource = 'header' | 'query' | 'cookie';

/**
 * Where a request's access token may come from: the Authorization header always; the
 * `access_token` query parameter only for GET requests of an SSE stream (EventSource cannot send
 * headers) and of the queue admin pages; the queue admin's own cookie only there.
 */
export function tokenOf(
  request: Request,
  options: { queueAdmin?: boolean } = {},
): { token: string; source: TokenSource } | null | 'malformed' {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = BEARER.exec(header);
    return match ? { token: match[1], source: 'header' } : 'malformed';
  }
  const query = request.query?.access_token;
  const queryAllowed = request.method === 'GET' && (options.queueAdmin || /\/stream\/?$/.test(request.path));
  if (queryAllowed && typeof query === 'string' && query.length > 0) return { token: query, source: 'query' };
  if (options.queueAdmin) {
    const cookie = cookieOf(request, QUEUE_ADMIN_COOKIE);
    if (cookie) return { token: cookie, source: 'cookie' };
  }
  return null;
}

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Turns a request into its user: a valid access token of an existing, enabled user, with the
 * roles the database holds now (cached for at most PRINCIPAL_TTL_MS), never the token's.
 */
@Injectable()
export class Authenticator {
  private readonly cache = new Map<string, { account: Account | null; until: number }>();

  constructor(
    private readonly sessions: Sessions,
    private readonly accounts: AccountStore,
    private readonly time: MonotonicTime,
  ) {}

  /** The user, or a 401 HttpException. */
  async authenticate(
    request: Request,
    options: { queueAdmin?: boolean } = {},
  ): Promise<RequestUser & { tokenExp: number; tokenSource: TokenSource }> {
    const found = tokenOf(request, options);
    if (found === null) throw unauthenticated();
    if (found === 'malformed') throw unauthenticated('The Authorization header must be "Bearer <access token>"');
    const claims = await this.sessions.verify(found.token);
    if (!claims) throw unauthenticated('The access token is invalid or expired: refresh it or sign in again');
    const account = await this.account(claims.sub);
    if (!account || account.disabled) throw unauthenticated('This account does not exist or is disabled');
    // Signed out, password changed, refresh token reused or disabled after this token was issued.
    if (account.tokensValidAfter && issuedAtMs(claims) < Date.parse(account.tokensValidAfter))
      throw unauthenticated('This sign-in has ended (signed out or password changed): refresh it or sign in again');
    return { id: account.id, username: account.username, roles: account.roles, tokenExp: claims.exp, tokenSource: found.source };
  }

  /** Drops the cached copy, so a change made by this process applies to the very next request. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async account(id: string): Promise<Account | null> {
    const now = this.time.nowMs();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.account;
    const account = await this.accounts.byId(id);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(id, { account, until: now + PRINCIPAL_TTL_MS });
    return account;
  }
}
