import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.tokens_valid_after`: access tokens of the user issued before this time (millisecond
 * precision, the database's clock) are refused. Set at sign-out, password change, refresh-token
 * reuse and disabling, so an access token does not outlive them; null until the first of those.
 */
export class TokenValidity1764231050000 implements MigrationInterface {
  name = 'TokenValidity1764231050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN tokens_valid_after`);
  }
}
