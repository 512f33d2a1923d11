import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account audit trail: who created, disabled or enabled a user, changed its roles or set its
 * password, and when. Written in the transaction of the change itself; append-only (a trigger
 * refuses UPDATE and DELETE). Never holds a password or a hash. `departments` are those the
 * change concerns (the roles granted or revoked, the roles the user held), for auditors of a
 * department.
 */
export class AccountAudit1764232200000 implements MigrationInterface {
  name = 'AccountAudit1764232200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE account_audit (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at               timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id         uuid,
        actor_name       text NOT NULL,
        action           text NOT NULL CHECK (action IN (
                           'user.created', 'user.disabled', 'user.enabled', 'roles.changed', 'password.reset', 'password.changed')),
        target_id        uuid NOT NULL,
        target_name      text NOT NULL,
        departments      text[] NOT NULL DEFAULT '{}',
        details          jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX account_audit_departments ON account_audit USING gin (departments)`);
    await db.query(`CREATE INDEX account_audit_at ON account_audit (at DESC, id DESC)`);
    await db.query(`
      CREATE FUNCTION account_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'account_audit is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER account_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON account_audit
        FOR EACH STATEMENT EXECUTE FUNCTION account_audit_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE account_audit`);
    await db.query(`DROP FUNCTION account_audit_append_only()`);
  }
}
