import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { AppConfig, loadConfig } from '@app/config';
import type { TestDatabase } from './test-database';

/** A Nest module compiled against a test database (and optionally a Redis prefix of its own). */
export function testModule(imports: unknown[], db: TestDatabase, overrides: Partial<AppConfig> = {}): TestingModuleBuilder {
  const config = Object.assign(loadConfig(), { DATABASE_URL: db.url, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: 10 }, overrides);
  return Test.createTestingModule({ imports: imports as never[] })
    .overrideProvider(AppConfig)
    .useValue(config);
}
