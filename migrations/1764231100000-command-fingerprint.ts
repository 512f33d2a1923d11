import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `processed_commands.fingerprint`: a hash of the command's content (over HTTP: sha256 of the
 * canonical JSON of method, route, path parameters and body). The same command id with another
 * fingerprint is refused instead of answered with the first result. Null for commands recorded
 * before this column and for callers that give none: a null on either side is not compared.
 */
export class CommandFingerprint1764231100000 implements MigrationInterface {
  name = 'CommandFingerprint1764231100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE processed_commands ADD COLUMN fingerprint text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE processed_commands DROP COLUMN fingerprint`);
  }
}
