import { createHash, randomBytes } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import { AccountStore, type Account } from '@app/accounts';
import type { RoleGrant } from '@app/accounts';

export const TOKEN_ISSUER = 'keywork';
export const TOKEN_AUDIENCE = 'keywork-api';

/** The claims of an access token. `roles` is informative for clients; the api reads roles from the database. */
export interface AccessClaims {
  sub: string;
  username: string;
  roles: RoleGrant[];
  typ: 'access';
  iat: number;
  /** Issue time in milliseconds (the database's clock; `iat` has whole seconds), compared with the account's tokensValidAfter. */
  iat_ms?: number;
  exp: number;
}

/** When the token was issued, in milliseconds; tokens without `iat_ms` count from the start of their `iat` second. */
export const issuedAtMs = (claims: Pick<AccessClaims, 'iat' | 'iat_ms'>): number =>
  typeof claims.iat_ms === 'number' ? claims.iat_ms : claims.iat * 1000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: SessionUser;
}

export const sessionUser = (account: Account): SessionUser => ({
  id: account.id,
  username: account.username,
  displayName: account.displayName,
  roles: account.roles,
});

/** Refresh tokens are random (256 bits), so a fast hash is enough to store them safely. */
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <access token>') =>
  new HttpException({ error: 'AUTH.UNAUTHENTICATED', message }, HttpStatus.UNAUTHORIZED);

/** Verified access tokens kept per process; beyond this many the cache starts again. */
const MAX_VERIFIED_TOKENS = 10_000;

/** Sign-in, token rotation and sign-out. Times are wall-clock (token expiry is security, not domain time). */
@Injectable()
export class Sessions {
  /**
   * Access tokens this process has verified, with their claims: a token's signature and claims
   * never change, so only its expiry is checked again (the account and its roles are read by the
   * Authenticator on every request as before). Saves the HMAC and JSON work of every request.
   */
  private readonly verified = new Map<string, Readonly<AccessClaims>>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** A new token pair for a correct, enabled username and password; a generic 401 otherwise. */
  async login(username: string, password: string): Promise<TokenPair> {
    const account = await this.accounts.authenticate(username, password);
    if (!account)
      throw new HttpException({ error: 'AUTH.INVALID_CREDENTIALS', message: 'Wrong username or password' }, HttpStatus.UNAUTHORIZED);
    return this.issue(account);
  }

  /** Exchanges a live refresh token for a new pair; the old token stops working (rotation). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const invalid = () => unauthenticated('The refresh token is invalid, expired or already used: sign in again');
    const used = await this.accounts.consumeRefreshToken(hashRefreshToken(refreshToken));
    if (used === null || used === 'reused') throw invalid();
    const account = await this.accounts.byId(used.userId);
    if (!account || account.disabled) throw invalid();
    return this.issue(account);
  }

  /**
   * Revokes one refresh token of the user, or all of them when none is given; either way the
   * user's access tokens issued until now stop working (other sessions refresh theirs).
   */
  async logout(userId: string, refreshToken: string | undefined): Promise<void> {
    if (refreshToken === undefined) await this.accounts.endSessions(userId);
    else await this.accounts.revokeRefreshToken(userId, hashRefreshToken(refreshToken));
  }

  /** The claims of a valid access token, or null (bad signature, expired, wrong algorithm or kind). */
  async verify(token: string): Promise<AccessClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's own rule: expired once the current whole second reaches `exp`.
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      return null;
    }
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }

  /** `issuedAtMs`: the database's time of the session's refresh token (AccountStore.storeRefreshToken). */
  async accessToken(account: Account, issuedAtMs: number = Date.now()): Promise<string> {
    return this.jwt.signAsync(
      { username: account.username, roles: account.roles, typ: 'access', iat_ms: issuedAtMs },
      { subject: account.id, expiresIn: this.config.ACCESS_TOKEN_TTL, algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );
  }

  private async issue(account: Account): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const issuedAtMs = await this.accounts.storeRefreshToken(account.id, hashRefreshToken(refreshToken), this.config.REFRESH_TOKEN_TTL);
    return {
      tokenType: 'Bearer',
      accessToken: await this.accessToken(account, issuedAtMs),
      expiresIn: this.config.ACCESS_TOKEN_TTL,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL,
      user: sessionUser(account),
    };
  }
}
