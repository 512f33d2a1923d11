import { HttpException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { forbidden } from './access.guard';
import { Authenticator, QUEUE_ADMIN_COOKIE } from './authenticator';
import { isAdmin } from '@app/accounts';

/**
 * Bull Board (/admin/queues) is an express router, outside Nest's guards: this middleware admits
 * the admin only. A token comes as a Bearer header, or as ?access_token= on a browser visit, which
 * then sets a cookie limited to /admin/queues (HttpOnly, SameSite=Strict, lives as long as the
 * token) so the board's own requests are signed in too.
 */
@Injectable()
export class QueueAdminAccess implements NestMiddleware {
  constructor(private readonly authenticator: Authenticator) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    try {
      const user = await this.authenticator.authenticate(request, { queueAdmin: true });
      if (!isAdmin(user)) throw forbidden();
      if (user.tokenSource === 'query') {
        const token = String(request.query.access_token);
        const maxAge = Math.max(0, user.tokenExp - Math.floor(Date.now() / 1000));
        response.setHeader(
          'Set-Cookie',
          `${QUEUE_ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/admin/queues; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${request.secure ? '; Secure' : ''}`,
        );
      }
      next();
    } catch (error) {
      if (error instanceof URIError) {
        // The cookie's value is not valid percent-encoding (kw_queue_admin=%E0%A4%A): the client's
        // mistake, a 401 (not a 500); the broken cookie is dropped so the next visit can sign in.
        response.setHeader('Set-Cookie', `${QUEUE_ADMIN_COOKIE}=; Path=/admin/queues; Max-Age=0; HttpOnly; SameSite=Strict`);
        response.setHeader('WWW-Authenticate', 'Bearer realm="keywork"');
        response.status(401).json({
          statusCode: 401,
          error: 'AUTH.UNAUTHENTICATED',
          message: `${QUEUE_ADMIN_COOKIE} Cookie 不是有效的编码：请重新打开 /admin/queues?access_token=<管理员令牌> 登录`,
        });
        return;
      }
      const status = error instanceof HttpException ? error.getStatus() : 500;
      const body =
        error instanceof HttpException
          ? (error.getResponse() as Record<string, unknown>)
          : { error: 'INTERNAL', message: 'Internal error' };
      if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="keywork"');
      response.status(status).json({ statusCode: status, ...body });
    }
  }
}
