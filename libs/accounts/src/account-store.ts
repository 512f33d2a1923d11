import { Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { AppConfig } from '@app/config';
import { inTransaction } from '@app/event-store';
import { DomainValidationError, NotFoundError, StateConflictError, type FieldError } from '@app/tracking';
import { CLI_ACTOR, departmentsOf, grantsAdded, writeAudit, type AuditActor } from './account-audit';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { ALL_DEPARTMENTS, grantProblem, normalizeGrants, type RoleGrant } from './roles';

export const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export interface Account {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  createdAt: string;
  roles: RoleGrant[];
  /**
   * Access tokens of this user issued before this time (ISO, millisecond precision) are refused:
   * set at sign-out, password change, refresh-token reuse and disabling. Null until then.
   */
  tokensValidAfter: string | null;
}

export interface NewAccount {
  username: string;
  displayName?: string;
  password: string;
  roles: RoleGrant[];
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  created_at: Date;
  tokens_valid_after: Date | null;
  password_hash: string;
  roles: RoleGrant[] | null;
}

const SELECT_USERS = `
  SELECT u.id, u.username, u.display_name, u.disabled, u.created_at, u.tokens_valid_after, u.password_hash,
         (SELECT json_agg(json_build_object('department', r.department, 'role', r.role))
            FROM user_roles r WHERE r.user_id = u.id) AS roles
    FROM users u`;

const toAccount = (row: UserRow): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  disabled: row.disabled,
  createdAt: row.created_at.toISOString(),
  roles: normalizeGrants(row.roles ?? []),
  tokensValidAfter: row.tokens_valid_after?.toISOString() ?? null,
});

/** The database's time now in whole milliseconds since the epoch (one clock for every api process). */
const NOW_MS = `floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users, their roles and passwords, in PostgreSQL. Used by the api and by the CLI. */
@Injectable()
export class AccountStore {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Inject(AppConfig) private readonly config: Pick<AppConfig, 'BCRYPT_COST'>,
  ) {}

  static normalizeUsername(username: string): string {
    return username.trim().toLowerCase();
  }

  /** Creates the user; `actor` (who did it) goes to the account audit trail, in the same transaction. */
  async create(input: NewAccount, actor: AuditActor = CLI_ACTOR): Promise<Account> {
    const username = AccountStore.normalizeUsername(input.username);
    const displayName = (input.displayName ?? '').trim() || username;
    const errors: FieldError[] = [];
    if (!USERNAME.test(username)) errors.push({ field: 'username', reason: 'must be 2–64 characters: a-z 0-9 . _ @ -' });
    if (displayName.length > 100) errors.push({ field: 'displayName', reason: 'must be at most 100 characters' });
    const weak = passwordProblem(input.password);
    if (weak) errors.push({ field: 'password', reason: weak });
    errors.push(...this.grantErrors(input.roles));
    if (errors.length > 0) throw new DomainValidationError(errors);
    const hash = await hashPassword(input.password, this.config.BCRYPT_COST);
    return this.transaction(async (db) => {
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO users (username, display_name, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [username, displayName, hash],
      );
      if (inserted.rowCount === 0) throw new StateConflictError('USER.USERNAME_TAKEN', `The username ${username} is taken`, { username });
      await this.writeRoles(db, inserted.rows[0].id, input.roles);
      const account = (await this.byId(inserted.rows[0].id, db))!;
      await writeAudit(db, {
        actor,
        action: 'user.created',
        target: account,
        departments: departmentsOf(account.roles),
        details: { displayName: account.displayName, roles: account.roles },
      });
      return account;
    });
  }

  async byId(id: string, db: Pool | PoolClient = this.pool): Promise<Account | null> {
    if (!UUID.test(id)) return null;
    const found = await db.query<UserRow>(`${SELECT_USERS} WHERE u.id = $1`, [id]);
    return found.rows[0] ? toAccount(found.rows[0]) : null;
  }

  async require(id: string): Promise<Account> {
    const account = await this.byId(id);
    if (!account) throw new NotFoundError('USER.NOT_FOUND', `No user ${id}`, { userId: id });
    return account;
  }

  async byUsername(username: string): Promise<Account | null> {
    const found = await this.pool.query<UserRow>(`${SELECT_USERS} WHERE u.username = $1`, [AccountStore.normalizeUsername(username)]);
    return found.rows[0] ? toAccount(found.rows[0]) : null;
  }

  async list(): Promise<Account[]> {
    const found = await this.pool.query<UserRow>(`${SELECT_USERS} ORDER BY u.username`);
    return found.rows.map(toAccount);
  }

  /**
   * The people of a department: every account holding a role in it or in every department ('*',
   * the admin among them), disabled ones too (histories still name them), by display name.
   */
  async members(department: string): Promise<Account[]> {
    const found = await this.pool.query<UserRow>(
      `${SELECT_USERS} WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.department IN ($1, $2))
       ORDER BY u.display_name, u.username`,
      [department, ALL_DEPARTMENTS],
    );
    return found.rows.map(toAccount);
  }

  /** The enabled account whose password this is, or null (same time whether or not the user exists). */
  async authenticate(username: string, password: string): Promise<Account | null> {
    const found = await this.pool.query<UserRow>(`${SELECT_USERS} WHERE u.username = $1`, [AccountStore.normalizeUsername(username)]);
    const row = found.rows[0];
    const ok = await verifyPassword(password, row?.password_hash ?? null, this.config.BCRYPT_COST);
    return ok && row && !row.disabled ? toAccount(row) : null;
  }

  /** Replaces the user's roles. Refuses to leave the system without an enabled admin. */
  async setRoles(id: string, roles: RoleGrant[], actor: AuditActor = CLI_ACTOR): Promise<Account> {
    const errors = this.grantErrors(roles);
    if (errors.length > 0) throw new DomainValidationError(errors);
    return this.transaction(async (db) => {
      await this.lockUser(db, id);
      const before = (await this.byId(id, db))!;
      await db.query('DELETE FROM user_roles WHERE user_id = $1', [id]);
      await this.writeRoles(db, id, roles);
      await this.assertAnAdminRemains(db);
      const after = (await this.byId(id, db))!;
      await this.auditRoles(db, actor, before, after);
      return after;
    });
  }

  /** Disabling also ends the user's sessions (endSessions); its access tokens stop working at once. */
  async setDisabled(id: string, disabled: boolean, actor: AuditActor = CLI_ACTOR): Promise<Account> {
    return this.transaction(async (db) => {
      await this.lockUser(db, id);
      const before = (await this.byId(id, db))!;
      await db.query('UPDATE users SET disabled = $2 WHERE id = $1', [id, disabled]);
      if (disabled) await this.endSessions(id, db);
      await this.assertAnAdminRemains(db);
      if (before.disabled !== disabled) {
        await writeAudit(db, {
          actor,
          action: disabled ? 'user.disabled' : 'user.enabled',
          target: before,
          departments: departmentsOf(before.roles),
        });
      }
      return (await this.byId(id, db))!;
    });
  }

  /**
   * Sets a new password and signs the user out everywhere (endSessions). The audit trail says
   * `password.changed` when the user did it, `password.reset` otherwise (never the password).
   */
  async setPassword(id: string, password: string, actor: AuditActor = CLI_ACTOR): Promise<void> {
    const weak = passwordProblem(password);
    if (weak) throw new DomainValidationError([{ field: 'password', reason: weak }]);
    const hash = await hashPassword(password, this.config.BCRYPT_COST);
    await this.transaction(async (db) => {
      await this.lockUser(db, id);
      await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
      await this.endSessions(id, db);
      const target = (await this.byId(id, db))!;
      await writeAudit(db, {
        actor,
        action: 'id' in actor && actor.id === id ? 'password.changed' : 'password.reset',
        target,
        departments: departmentsOf(target.roles),
      });
    });
  }

  /** Adds grants the user lacks (never removes any); for idempotent set-up such as the demo accounts. */
  async addRoles(id: string, roles: RoleGrant[], actor: AuditActor = CLI_ACTOR): Promise<Account> {
    const errors = this.grantErrors(roles);
    if (errors.length > 0) throw new DomainValidationError(errors);
    return this.transaction(async (db) => {
      await this.lockUser(db, id);
      const before = (await this.byId(id, db))!;
      await this.writeRoles(db, id, roles);
      const after = (await this.byId(id, db))!;
      await this.auditRoles(db, actor, before, after);
      return after;
    });
  }

  /** An audit entry of the roles granted and revoked between two states of an account (none when equal). */
  private async auditRoles(db: PoolClient, actor: AuditActor, before: Account, after: Account): Promise<void> {
    const granted = grantsAdded(before.roles, after.roles);
    const revoked = grantsAdded(after.roles, before.roles);
    if (granted.length === 0 && revoked.length === 0) return;
    await writeAudit(db, {
      actor,
      action: 'roles.changed',
      target: after,
      departments: departmentsOf([...granted, ...revoked]),
      details: { granted, revoked },
    });
  }

  // --- refresh tokens (stored as SHA-256 hashes of the opaque token) ---

  /**
   * Stores a new refresh token; returns the database's time of it in milliseconds, the issue time
   * of the access token that goes with it (compared with tokensValidAfter, from the same clock).
   */
  async storeRefreshToken(userId: string, tokenHash: string, ttlSeconds: number): Promise<number> {
    const stored = await this.pool.query<{ at: string }>(
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING ${NOW_MS} AS at`,
      [userId, tokenHash, ttlSeconds],
    );
    return Number(stored.rows[0].at);
  }

  /**
   * Revokes the token and returns its user when it was live (rotation: it can be used once).
   * A token presented again after it was revoked means it was copied: every token of that user
   * is revoked ('reused').
   */
  async consumeRefreshToken(tokenHash: string): Promise<{ userId: string } | 'reused' | null> {
    const used = await this.pool.query<{ user_id: string }>(
      `UPDATE refresh_tokens SET revoked = true, revoked_at = now()
        WHERE token_hash = $1 AND NOT revoked AND expires_at > now()
        RETURNING user_id`,
      [tokenHash],
    );
    if (used.rows[0]) return { userId: used.rows[0].user_id };
    const old = await this.pool.query<{ user_id: string; revoked: boolean }>(
      'SELECT user_id, revoked FROM refresh_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    if (old.rows[0]?.revoked) {
      await this.endSessions(old.rows[0].user_id);
      return 'reused';
    }
    return null;
  }

  /**
   * Sign-out of one session: revokes its refresh token, and ends the user's access tokens issued
   * until now (there is one cut-off per user; other sessions get a new access token by refreshing).
   */
  async revokeRefreshToken(userId: string, tokenHash: string): Promise<void> {
    await this.pool.query(
      `UPDATE refresh_tokens SET revoked = true, revoked_at = now() WHERE user_id = $1 AND token_hash = $2 AND NOT revoked`,
      [userId, tokenHash],
    );
    await this.refuseTokensIssuedUntilNow(userId);
  }

  /** Signs the user out everywhere: every refresh token revoked, every access token issued until now refused. */
  async endSessions(userId: string, db: Pool | PoolClient = this.pool): Promise<void> {
    await this.refuseTokensIssuedUntilNow(userId, db);
    await db.query(`UPDATE refresh_tokens SET revoked = true, revoked_at = now() WHERE user_id = $1 AND NOT revoked`, [userId]);
    // Expired and long-revoked rows are of no use any more.
    await db.query(`DELETE FROM refresh_tokens WHERE user_id = $1 AND expires_at < now() - interval '1 day'`, [userId]);
  }

  /** Moves tokensValidAfter to the database's time now (never back). */
  private async refuseTokensIssuedUntilNow(userId: string, db: Pool | PoolClient = this.pool): Promise<void> {
    await db.query(
      `UPDATE users SET tokens_valid_after = greatest(tokens_valid_after, date_trunc('milliseconds', clock_timestamp())) WHERE id = $1`,
      [userId],
    );
  }

  private grantErrors(roles: unknown): FieldError[] {
    if (!Array.isArray(roles)) return [{ field: 'roles', reason: 'must be an array of {department, role}' }];
    return roles.flatMap((grant, i) => {
      const problem = typeof grant === 'object' && grant !== null ? grantProblem(grant) : 'must be {department, role}';
      return problem ? [{ field: `roles.${i}`, reason: problem }] : [];
    });
  }

  private async writeRoles(db: PoolClient, id: string, roles: RoleGrant[]): Promise<void> {
    for (const grant of normalizeGrants(roles)) {
      await db.query('INSERT INTO user_roles (user_id, department, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        id,
        grant.department,
        grant.role,
      ]);
    }
  }

  private async lockUser(db: PoolClient, id: string): Promise<void> {
    const found = UUID.test(id) ? await db.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]) : { rowCount: 0 };
    if (found.rowCount === 0) throw new NotFoundError('USER.NOT_FOUND', `No user ${id}`, { userId: id });
  }

  private async assertAnAdminRemains(db: PoolClient): Promise<void> {
    // Serialises admin changes so two concurrent demotions cannot both pass the check.
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('keywork:last-admin'))`);
    const admins = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users u JOIN user_roles r ON r.user_id = u.id
        WHERE r.role = 'admin' AND r.department = $1 AND NOT u.disabled`,
      [ALL_DEPARTMENTS],
    );
    if (admins.rows[0].n === 0) throw new StateConflictError('USER.LAST_ADMIN', 'This would leave no enabled admin');
  }

  private transaction<T>(fn: (db: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }
}
