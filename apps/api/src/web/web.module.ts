import { Module } from '@nestjs/common';

/** The web app's pages and live updates (server-sent events). */
@Module({})
export class WebModule {}
