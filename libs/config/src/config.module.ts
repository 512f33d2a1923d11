import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';
import { MonotonicTime, SystemMonotonicTime } from './clock';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => loadConfig() },
    { provide: MonotonicTime, useClass: SystemMonotonicTime },
  ],
  exports: [AppConfig, MonotonicTime],
})
export class ConfigModule {}
