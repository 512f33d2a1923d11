import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports between preview and confirmation: the file as the server read it (never
 * the client's copy), what the preview showed, and once confirmed what was written. Kept until
 * `expires_at` (an hour), then deleted at the next preview. `sheet` and `preview` are gzipped
 * JSON (a 10,000-row file is megabytes of it: parsing that into jsonb cost more than the rest of
 * the preview, and nothing queries inside it).
 */
export class ImportPreviews1764232100000 implements MigrationInterface {
  name = 'ImportPreviews1764232100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE import_previews (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department    text NOT NULL,
        year          integer NOT NULL,
        created_by    uuid NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        file          text NOT NULL,
        sheet         bytea NOT NULL,
        preview       bytea NOT NULL,
        confirmed_at  timestamptz,
        result        jsonb
      )`);
    await db.query(`CREATE INDEX import_previews_expiry ON import_previews (expires_at)`);
    await db.query(`CREATE INDEX import_previews_creator ON import_previews (created_by, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE import_previews`);
  }
}
