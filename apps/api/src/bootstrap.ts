import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AccountStore, demoAccountsWithPublishedPasswords } from '@app/accounts';
import { AppConfig, trustProxySetting } from '@app/config';
import { AppModule } from './app.module';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetrics } from './metrics/http-metrics';
import { requireJsonBodies } from './http/content-type.middleware';
import { spreadsheetUploads } from './imports/upload-body';
import { ProblemFilter } from './http/problem.filter';
import { BodyShapePipe } from './http/body-shape.pipe';
import { strictValidationPipe } from './http/validation';
import { memoizeValidationMetadata } from './http/validation-metadata-cache';
import { serveWebApp } from './web/static';

/** Applies everything the HTTP edge needs; shared by main.ts and the e2e tests. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  // Behind reverse proxies: the client's address (login limits) and https (Secure cookies) from
  // their X-Forwarded-For / X-Forwarded-Proto; no proxy is trusted unless TRUST_PROXY names it.
  app.set('trust proxy', trustProxySetting(config));
  // First, so that every answer is timed, also those refused before routing (413, 415).
  app.use(httpMetrics(app.get(ApiMetrics)));
  app.useLogger(app.get(Logger));
  app.use(helmet({ contentSecurityPolicy: false }));
  // A spreadsheet upload's body is the file (its own parser and 5 MB limit); every other body is JSON.
  app.use(spreadsheetUploads);
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  memoizeValidationMetadata();
  app.useGlobalPipes(new BodyShapePipe(), strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // The web app's pages (static, public); everything under /api stays the API's.
  serveWebApp(app, { bundle: config.WEB_BUNDLE === 'on' });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('重点工作跟踪 Key-work tracking API')
      .setDescription(
        'Record activities as events; read progress against the year’s targets. Errors: 400 names the field, 404 unknown, 409 version conflict (with currentVersion), 413 body too large, 503 store unavailable. Sign in at POST /api/auth/login and send the access token as Authorization: Bearer <token>; 401 without a valid token, 403 without the role (staff, leader, reporter, auditor per department; admin everywhere).',
      )
      .setVersion('1')
      // Every operation needs `Authorization: Bearer <access token>` (POST /api/auth/login) unless it shows no lock.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Addresses of this machine only (the demo accounts' published passwords may be reachable there). */
export const isLoopback = (host: string): boolean => /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);

/**
 * Listens on HOST:PORT (127.0.0.1 unless HOST says otherwise). Refuses any other address while a
 * demo account still has its published password: demo mode is for this machine only.
 */
export async function listen(app: INestApplication, port: number = app.get(AppConfig).PORT): Promise<void> {
  const { HOST: host } = app.get(AppConfig);
  if (!isLoopback(host)) {
    const exposed = await demoAccountsWithPublishedPasswords(app.get(AccountStore));
    if (exposed.length > 0) {
      throw new Error(
        `Refusing to listen on ${host}: the demo accounts ${exposed.join(', ')} still have their published passwords. ` +
          'Demo mode listens on 127.0.0.1 only: leave HOST unset, or disable those users or give them new passwords first.',
      );
    }
  }
  await app.listen(port, host);
}

export async function createApp(module: unknown = AppModule): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as typeof AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  return app;
}
