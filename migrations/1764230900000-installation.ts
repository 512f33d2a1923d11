import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * This database's installation id: a random uuid drawn by the database when the schema is
 * created, never derived from the database's name (a database dropped and created again under
 * the same name is another installation). The report queue's Redis keys are prefixed with it, so
 * installations sharing one Redis never take or find each other's jobs.
 *
 * `database_oid` is the database the id was drawn in: a copy (CREATE DATABASE … TEMPLATE, a
 * clone for staging) still holds the original's row, and `installationId()` draws a new id there.
 */
export class Installation1764230900000 implements MigrationInterface {
  name = 'Installation1764230900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE installation (
        one           boolean PRIMARY KEY DEFAULT true CHECK (one),
        id            uuid NOT NULL DEFAULT gen_random_uuid(),
        database_oid  oid NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`INSERT INTO installation (database_oid) SELECT oid FROM pg_database WHERE datname = current_database()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE installation`);
  }
}
