import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored reports compress with lz4 instead of pglz: the row of a report of 50,000 activities
 * (8.6 MB of JSON, 5 MB of HTML) is stored in about half the time. The XLSX is a zip already and
 * is stored as it is. Only values written from now on are affected; a server built without lz4
 * keeps pglz.
 */
export class ReportCompression1764230800000 implements MigrationInterface {
  name = 'ReportCompression1764230800000';

  async up(db: QueryRunner): Promise<void> {
    const [{ lz4 }] = (await db.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    )) as { lz4: boolean }[];
    if (lz4) await db.query(`ALTER TABLE reports ALTER COLUMN report SET COMPRESSION lz4, ALTER COLUMN html SET COMPRESSION lz4`);
    await db.query(`ALTER TABLE reports ALTER COLUMN xlsx SET STORAGE EXTERNAL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE reports ALTER COLUMN report SET COMPRESSION default, ALTER COLUMN html SET COMPRESSION default, ALTER COLUMN xlsx SET STORAGE EXTENDED`,
    );
  }
}
