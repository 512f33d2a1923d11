import { Controller, Get, Res, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AccessRule } from '@app/accounts';
import { ACCESS_RULE } from '../auth/access.decorators';
import { ApiMetrics } from './api-metrics';
import { MetricsAccessGuard } from './metrics-access.guard';

/** Prometheus's endpoint: the api's metrics in the text exposition format (docs/operations.md). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  // The global access guard lets it through; MetricsAccessGuard takes the scrape token or an admin.
  @SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule)
  @UseGuards(MetricsAccessGuard)
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.scrape();
    response.status(200).setHeader('Content-Type', this.metrics.registry.contentType).setHeader('Cache-Control', 'no-store').send(body);
  }
}
