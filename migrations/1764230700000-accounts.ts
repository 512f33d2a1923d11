import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: users with a bcrypt password hash, their roles per department ('*' = every
 * department; the admin role exists only there), and refresh tokens stored as SHA-256 hashes.
 */
export class Accounts1764230700000 implements MigrationInterface {
  name = 'Accounts1764230700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username       text NOT NULL CHECK (username = lower(username) AND length(username) BETWEEN 2 AND 64),
        display_name   text NOT NULL,
        password_hash  text NOT NULL,
        disabled       boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_unique UNIQUE (username)
      )`);
    await db.query(`
      CREATE TABLE user_roles (
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        department  text NOT NULL,
        role        text NOT NULL CHECK (role IN ('staff', 'leader', 'reporter', 'auditor', 'admin')),
        PRIMARY KEY (user_id, department, role),
        CONSTRAINT user_roles_admin_is_global CHECK (role <> 'admin' OR department = '*')
      )`);
    await db.query(`CREATE INDEX user_roles_department ON user_roles (department)`);
    await db.query(`
      CREATE TABLE refresh_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        revoked     boolean NOT NULL DEFAULT false,
        revoked_at  timestamptz,
        CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
      )`);
    await db.query(`CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE NOT revoked`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE refresh_tokens, user_roles, users`);
  }
}
