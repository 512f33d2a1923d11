import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { allows, type RequestUser } from '@app/accounts';
import { AppConfig } from '@app/config';
import { isScrapeToken } from '@app/metrics';
import { forbidden } from '../auth/access.guard';
import { Authenticator } from '../auth/authenticator';

/**
 * Who may scrape /metrics: Prometheus with the scrape token (`Authorization: Bearer
 * <METRICS_TOKEN>`), or an admin's access token. Nothing (or an invalid token) → 401, the access
 * token of a user who is not an admin → 403, as every admin route answers.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (isScrapeToken(request.headers.authorization, this.config.METRICS_TOKEN)) return true;
    let user: RequestUser;
    try {
      user = await this.authenticator.authenticate(request);
    } catch (error) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="keywork"');
      throw error;
    }
    if (!allows(user, { kind: 'admin' }, undefined)) throw forbidden();
    return true;
  }
}
