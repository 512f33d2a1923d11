// Jest runs global set-up outside its module mapper: the @app aliases come from tsconfig.json here.
import 'tsconfig-paths/register';
import { isProcessAlive, migrate } from '@app/database';
import { assertTestDatabaseName, databaseUrl, TEMPLATE_ENV, withAdmin } from './test-database';

/** Creates and migrates the template every integration test file copies its database from. */
export default async function globalSetup(): Promise<void> {
  const name = `keywork_test_template_${process.pid}`;
  assertTestDatabaseName(name);
  await withAdmin(async (admin) => {
    // Templates left by interrupted runs whose process is gone.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'keywork\\_test\\_template\\_%'`,
    );
    for (const { datname } of stale.rows) {
      if (isProcessAlive(Number(datname.split('_').pop()))) continue;
      assertTestDatabaseName(datname);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${name}`);
  });
  await migrate(databaseUrl(name));
  process.env[TEMPLATE_ENV] = name;
}
