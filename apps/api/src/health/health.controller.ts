import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Pool } from 'pg';
import { readProjectionStatus } from '@app/event-store';
import { RedisHealth } from './redis-health';
import { Public } from '../auth/access.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly redis: RedisHealth,
  ) {}

  /** 200 when the database and Redis answer; 503 otherwise. Projection lag and failures are shown. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: Response) {
    const database = await this.pool
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = await this.redis.ping();
    const projections = database === 'up' ? await readProjectionStatus(this.pool).catch(() => []) : [];
    const ok = database === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    return {
      status: ok ? (projections.some((p) => p.status === 'failed') ? 'degraded' : 'ok') : 'down',
      database,
      redis,
      projections: projections.map((p) => ({
        name: p.name,
        status: p.status,
        eventsBehind: p.eventsBehind,
        secondsBehind: p.secondsBehind,
        error: p.error,
        errorPosition: p.errorPosition,
      })),
    };
  }
}
