import { Module } from '@nestjs/common';
import { TrackingModule } from '@app/tracking';
import { AuthModule } from '../auth/auth.module';
import { ProjectionNotices } from './projection-notices.service';
import { StreamController } from './stream.controller';

/**
 * The web app's live updates (server-sent events). The pages themselves are static files in
 * ./public, served by serveWebApp() (static.ts) from bootstrap.
 */
@Module({
  imports: [TrackingModule, AuthModule],
  controllers: [StreamController],
  providers: [ProjectionNotices],
  exports: [ProjectionNotices],
})
export class WebModule {}
