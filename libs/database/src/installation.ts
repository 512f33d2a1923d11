import type { Client, Pool, PoolClient } from 'pg';

export class InstallationIdMissingError extends Error {
  readonly code = 'INSTALLATION.MISSING';
}

/**
 * This database's installation id (a uuid the database drew when its schema was created; see
 * migrations/1764230900000-installation.ts). In a copy of another database (CREATE DATABASE …
 * TEMPLATE, as test databases are made, or a clone) the first call draws a new one: a copy is
 * another installation. Concurrent first calls agree: the second UPDATE waits for the first and
 * then finds nothing to change.
 */
export async function installationId(db: Pool | PoolClient | Client): Promise<string> {
  try {
    const redrawn = await db.query<{ id: string }>(
      `UPDATE installation SET id = gen_random_uuid(), database_oid = d.oid, created_at = now()
       FROM pg_database d WHERE d.datname = current_database() AND installation.database_oid <> d.oid
       RETURNING installation.id`,
    );
    if (redrawn.rows[0]) return redrawn.rows[0].id;
    const found = await db.query<{ id: string }>('SELECT id FROM installation');
    if (found.rows[0]) return found.rows[0].id;
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  throw new InstallationIdMissingError('This database has no installation id: run the migrations first (npm run db:migrate)');
}
