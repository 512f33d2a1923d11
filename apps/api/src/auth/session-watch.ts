import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { exhaustMap, filter, from, interval, map, merge, type Observable, of, take, timer } from 'rxjs';
import { allows } from '@app/accounts';
import { AppConfig } from '@app/config';
import { guardedOf, type Guarded } from './access.guard';
import { Authenticator } from './authenticator';

/**
 * Why a long response (a live-update stream) must end: its access token `expired`; its session
 * `ended` (user disabled or deleted, signed out, password changed; or the check could not be
 * made); its user's roles are `forbidden` the route in the department now.
 */
export type SessionEnd = 'expired' | 'ended' | 'forbidden';

/**
 * The guard checks a request once, when it arrives; a server-sent-events stream stays open for
 * hours. SessionWatch repeats the guard's check for such a response: at its token's expiry, and
 * every STREAM_RECHECK_MS with the account and roles the server holds then.
 */
@Injectable()
export class SessionWatch {
  constructor(
    private readonly authenticator: Authenticator,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Emits once, then completes, when the request's session may no longer receive the response. */
  endOf(request: Request): Observable<SessionEnd> {
    const guarded = guardedOf(request);
    // Not signed in by the guard: nothing vouches for it.
    if (!guarded) return of('ended');
    const expiry = timer(Math.max(0, guarded.tokenExp * 1000 - Date.now())).pipe(map((): SessionEnd => 'expired'));
    const rechecks = interval(this.config.STREAM_RECHECK_MS).pipe(
      exhaustMap(() => from(this.verdict(request, guarded))),
      filter((verdict): verdict is SessionEnd => verdict !== null),
    );
    return merge(expiry, rechecks).pipe(take(1));
  }

  /** null while the request would still pass the guard. */
  private async verdict(request: Request, guarded: Guarded): Promise<SessionEnd | null> {
    if (Date.now() >= guarded.tokenExp * 1000) return 'expired';
    try {
      const user = await this.authenticator.authenticate(request);
      return allows(user, guarded.rule, guarded.department) ? null : 'forbidden';
    } catch {
      // 401, or the database unavailable: end it; the client reconnects and the guard decides.
      return 'ended';
    }
  }
}
