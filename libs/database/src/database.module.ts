import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '@app/config';
import { createPool } from './pg-pool';

@Global()
@Module({
  providers: [
    {
      provide: Pool,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    },
  ],
  exports: [Pool],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
