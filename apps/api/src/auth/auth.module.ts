import { createSecretKey } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { Pool } from 'pg';
import { installationId } from '@app/database';
import { AppConfig, DEV_JWT_SECRET, signingSecret } from '@app/config';
import { AccessGuard } from './access.guard';
import { AccountStore } from '@app/accounts';
import { AdminBootstrap } from './admin-bootstrap';
import { AuditController } from './audit.controller';
import { AuthController } from './auth.controller';
import { Authenticator } from './authenticator';
import { LoginLimiter, limiterRedis, RedisLimiterStore } from './login-limiter';
import { QueueAdminAccess } from './queue-admin-access.middleware';
import { SessionWatch } from './session-watch';
import { Sessions } from './sessions';
import { UsersController } from './users.controller';
import { VisibleDepartments } from './visible-departments.interceptor';

/** The configured secret; the development default only in development and tests (refused otherwise, at boot). */
export function jwtSecret(config: AppConfig): string {
  const secret = signingSecret(config);
  if (secret === DEV_JWT_SECRET) new Logger('auth').warn(`JWT_SECRET is the development default (NODE_ENV=${config.NODE_ENV})`);
  return secret;
}

/**
 * Accounts, sign-in and access control: a global guard that needs a valid access token on every
 * /api and /admin route except those marked @Public(), and checks the route's roles in its
 * department (see roles.ts, access.decorators.ts and README.md here).
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken tries it as a PEM public key
        // (and fails, building an error) before making a secret key of it, on every verification.
        secret: createSecretKey(Buffer.from(jwtSecret(config), 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, AuditController],
  providers: [
    AccountStore,
    Sessions,
    Authenticator,
    AdminBootstrap,
    VisibleDepartments,
    QueueAdminAccess,
    SessionWatch,
    {
      // Counters shared by the installation's api processes: keys under QUEUE_PREFIX and the
      // installation id, as the report queue's.
      provide: LoginLimiter,
      inject: [AppConfig, Pool],
      useFactory: async (config: AppConfig, pool: Pool) => {
        const redis = await limiterRedis(config.REDIS_URL);
        const store = new RedisLimiterStore(redis, `${config.QUEUE_PREFIX}:${await installationId(pool)}:login:`);
        return new LoginLimiter(store, { onDestroy: () => redis.disconnect() });
      },
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountStore, Sessions, Authenticator, QueueAdminAccess, VisibleDepartments, SessionWatch],
})
export class AuthModule {}
