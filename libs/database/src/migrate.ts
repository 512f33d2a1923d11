import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Runs pending migrations; used by tests and by scripts that must not depend on a build. */
export async function migrate(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
