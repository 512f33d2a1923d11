import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1764230400000 } from '../../../migrations/1764230400000-initial-schema';
import { ReadModels1764230500000 } from '../../../migrations/1764230500000-read-models';
import { Reports1764230600000 } from '../../../migrations/1764230600000-reports';
import { Accounts1764230700000 } from '../../../migrations/1764230700000-accounts';
import { ReportCompression1764230800000 } from '../../../migrations/1764230800000-report-compression';
import { Installation1764230900000 } from '../../../migrations/1764230900000-installation';
import { ReportRetention1764231000000 } from '../../../migrations/1764231000000-report-retention';
import { TokenValidity1764231050000 } from '../../../migrations/1764231050000-token-validity';
import { CommandFingerprint1764231100000 } from '../../../migrations/1764231100000-command-fingerprint';
import { ActivityAggregates1764231400000 } from '../../../migrations/1764231400000-activity-aggregates';
import { Sangong1764231650000 } from '../../../migrations/1764231650000-sangong';
import { ImportPreviews1764232100000 } from '../../../migrations/1764232100000-import-previews';
import { AccountAudit1764232200000 } from '../../../migrations/1764232200000-account-audit';
import { IndicatorCounts1764232500000 } from '../../../migrations/1764232500000-indicator-counts';
import { ActivityWarnings1764232700000 } from '../../../migrations/1764232700000-activity-warnings';

/** TypeORM options: used for migrations only; runtime reads and writes go through the pg pool. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations: [
      InitialSchema1764230400000,
      ReadModels1764230500000,
      Reports1764230600000,
      Accounts1764230700000,
      ReportCompression1764230800000,
      Installation1764230900000,
      ReportRetention1764231000000,
      TokenValidity1764231050000,
      CommandFingerprint1764231100000,
      ActivityAggregates1764231400000,
      Sangong1764231650000,
      ImportPreviews1764232100000,
      AccountAudit1764232200000,
      IndicatorCounts1764232500000,
      ActivityWarnings1764232700000,
    ],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
  };
}
