import type { Pool, PoolClient } from 'pg';
import { ALL_DEPARTMENTS, normalizeGrants, type RoleGrant } from './roles';

/**
 * Who changed an account: a signed-in user (its id and username), or the server itself — the
 * command line (`cli`) or the first admin created at boot (`boot`).
 */
export type AuditActor = { id: string; username: string } | { system: 'cli' | 'boot' };

export const CLI_ACTOR: AuditActor = { system: 'cli' };
export const BOOT_ACTOR: AuditActor = { system: 'boot' };

/** What happened to an account. */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.disabled',
  'user.enabled',
  'roles.changed',
  'password.reset',
  'password.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What changed, besides the action: never a password or its hash. */
export interface AuditDetails {
  /** user.created: the display name and roles it was created with. */
  displayName?: string;
  roles?: RoleGrant[];
  /** roles.changed: the roles added and taken away. */
  granted?: RoleGrant[];
  revoked?: RoleGrant[];
}

export interface AuditEntry {
  id: number;
  /** When (ISO, the database's clock, in the change's transaction). */
  at: string;
  actor: { id: string; username: string; displayName: string | null } | { system: 'cli' | 'boot' };
  action: AuditAction;
  target: { id: string; username: string; displayName: string | null };
  /** The departments the change concerns ('*': every department). */
  departments: string[];
  details: AuditDetails;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;

/** The account a change is about, as the audit names it. */
export interface AuditTarget {
  id: string;
  username: string;
}

/** The departments of some roles, each once. */
export const departmentsOf = (roles: RoleGrant[]): string[] => [...new Set(roles.map((r) => r.department))].sort();

/** The grants in `after` that `before` lacks. */
export const grantsAdded = (before: RoleGrant[], after: RoleGrant[]): RoleGrant[] =>
  normalizeGrants(after.filter((a) => !before.some((b) => b.department === a.department && b.role === a.role)));

/**
 * Appends one entry, in the caller's transaction: the change and its record commit together or
 * not at all. The table refuses UPDATE and DELETE.
 */
export async function writeAudit(
  db: PoolClient,
  entry: { actor: AuditActor; action: AuditAction; target: AuditTarget; departments: string[]; details?: AuditDetails },
): Promise<void> {
  const { actor } = entry;
  await db.query(
    `INSERT INTO account_audit (actor_id, actor_name, action, target_id, target_name, departments, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      'system' in actor ? null : actor.id,
      'system' in actor ? actor.system : actor.username,
      entry.action,
      entry.target.id,
      entry.target.username,
      entry.departments,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  actor_display: string | null;
  action: AuditAction;
  target_id: string;
  target_name: string;
  target_display: string | null;
  departments: string[];
  details: AuditDetails;
  total: string;
}

/**
 * The audit trail, newest first: every entry, or those concerning one department (its own and
 * those of roles held in every department), each showing only that department's grants.
 */
export async function readAudit(db: Pool, options: { department?: string; page?: number; pageSize?: number } = {}): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(MAX_AUDIT_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? AUDIT_PAGE_SIZE)));
  const found = await db.query<AuditRow>(
    `SELECT a.id, a.at, a.actor_id, a.actor_name, actor.display_name AS actor_display, a.action,
            a.target_id, a.target_name, target.display_name AS target_display, a.departments, a.details,
            count(*) OVER () AS total
       FROM account_audit a
       LEFT JOIN users actor ON actor.id = a.actor_id
       LEFT JOIN users target ON target.id = a.target_id
      WHERE $1::text IS NULL OR a.departments && ARRAY[$1::text, $2::text]
      ORDER BY a.at DESC, a.id DESC
      LIMIT $3 OFFSET $4`,
    [options.department ?? null, ALL_DEPARTMENTS, pageSize, (page - 1) * pageSize],
  );
  let total = Number(found.rows[0]?.total ?? 0);
  if (found.rows.length === 0 && page > 1) {
    const counted = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM account_audit a WHERE $1::text IS NULL OR a.departments && ARRAY[$1::text, $2::text]`,
      [options.department ?? null, ALL_DEPARTMENTS],
    );
    total = Number(counted.rows[0].n);
  }
  // A department's view shows only its own grants (and those of every department), never another department's.
  const seen = (grants: RoleGrant[] | undefined) =>
    grants && options.department ? grants.filter((g) => g.department === options.department || g.department === ALL_DEPARTMENTS) : grants;
  const details = (d: AuditDetails): AuditDetails =>
    options.department ? Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Array.isArray(v) ? seen(v) : v])) : d;
  const departments = (list: string[]) =>
    options.department ? list.filter((d) => d === options.department || d === ALL_DEPARTMENTS) : list;
  return {
    items: found.rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actor:
        r.actor_id === null
          ? { system: r.actor_name === 'boot' ? 'boot' : 'cli' }
          : { id: r.actor_id, username: r.actor_name, displayName: r.actor_display },
      action: r.action,
      target: { id: r.target_id, username: r.target_name, displayName: r.target_display },
      departments: departments(r.departments),
      details: details(r.details),
    })),
    total,
    page,
    pageSize,
  };
}
