import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event store: streams, events, processed commands, projection checkpoints. */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        tenant      text NOT NULL,
        version     bigint NOT NULL CHECK (version > 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id       text NOT NULL,
        stream_version  bigint NOT NULL,
        tenant          text NOT NULL,
        type            text NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    // Catch-up readers order and checkpoint by (transaction_id, global_position).
    await db.query(`CREATE INDEX events_catch_up ON events (transaction_id, global_position)`);
    await db.query(`CREATE INDEX events_tenant_recorded ON events (tenant, recorded_at)`);
    await db.query(`
      CREATE TABLE processed_commands (
        command_id   text PRIMARY KEY,
        stream_id    text NOT NULL,
        result       jsonb,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name                 text PRIMARY KEY,
        version              int NOT NULL,
        last_transaction_id  xid8 NOT NULL DEFAULT '0',
        last_position        bigint NOT NULL DEFAULT 0,
        last_recorded_at     timestamptz,
        status               text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'failed')),
        error                text,
        error_position       bigint,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE projection_checkpoints, processed_commands, events, streams`);
  }
}
