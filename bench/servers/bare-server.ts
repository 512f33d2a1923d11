/**
 * The baseline of the record-activity benchmark: a bare NestJS endpoint in the same kind of
 * process, validating the same body with the same DTO and pipe, then one INSERT of the same row
 * (a named prepared statement, no store logic), answering with an ETag like the api.
 */
import 'reflect-metadata';
import { profileIfAsked, tell } from './profile';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Body, Controller, Inject, Module, Param, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Pool } from 'pg';
import { RecordActivityDto } from '../../apps/api/src/activities/activity.dto';
import { DepartmentCodePipe } from '../../apps/api/src/http/params';
import { strictValidationPipe } from '../../apps/api/src/http/validation';
import { createPool } from '@app/database';

@Controller('bare/departments/:department/activities')
class BareActivitiesController {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  @Post()
  async record(
    @Param('department', DepartmentCodePipe) department: string,
    @Body() body: RecordActivityDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const activityId = randomUUID();
    const data = {
      activityId,
      department,
      category: body.category,
      title: body.title,
      occurredOn: body.occurredOn,
      role: body.role,
      attributes: body.attributes ?? {},
      parentId: body.parentId ?? null,
      alsoCountsFor: body.alsoCountsFor ?? [],
      notes: body.notes ?? null,
    };
    await this.pool.query({
      name: 'bare_insert_event',
      text: `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at) VALUES ($1, 1, $2, $3, $4, $5, $6)`,
      values: [
        `activity-${activityId}`,
        department,
        'activity.recorded.v1',
        JSON.stringify(data),
        JSON.stringify({ actor: 'bare' }),
        new Date(),
      ],
    });
    response.setHeader('ETag', '"1"');
    return { activityId, version: 1 };
  }
}

@Module({
  controllers: [BareActivitiesController],
  providers: [{ provide: Pool, useFactory: () => createPool(process.env.DATABASE_URL!, Number(process.env.DATABASE_POOL_SIZE ?? 20)) }],
})
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error', 'warn'], bodyParser: false });
  app.useBodyParser('json', { limit: process.env.BODY_LIMIT ?? '256kb' });
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as { port: number };
  // Beside the api's profile (<file>.bare), not over it: both servers run in the same benchmark.
  if (process.env.BENCH_CPU_PROFILE) process.env.BENCH_CPU_PROFILE = `${process.env.BENCH_CPU_PROFILE}.bare`;
  profileIfAsked();
  tell({ ready: true, port, pid: process.pid });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
