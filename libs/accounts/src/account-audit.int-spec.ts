import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { BOOT_ACTOR, readAudit, type AuditActor } from './account-audit';
import { AccountStore } from './account-store';

let db: TestDatabase;
let accounts: AccountStore;
let admin: AuditActor & { id: string };

const PASSWORD = 'first-password-123';
const NEW_PASSWORD = 'second-password-456';

beforeAll(async () => {
  db = await createTestDatabase(5);
  accounts = new AccountStore(db.pool, { BCRYPT_COST: 4 });
  const created = await accounts.create(
    { username: 'audit-admin', password: 'admin-password-1', roles: [{ department: '*', role: 'admin' }] },
    BOOT_ACTOR,
  );
  admin = { id: created.id, username: created.username };
});

afterAll(async () => db?.drop());

describe('the account audit trail', () => {
  it('records who created, granted, revoked, disabled, enabled and reset, and when; never a password or hash', async () => {
    const before = Date.now();
    const user = await accounts.create(
      { username: 'zhang.wei', displayName: '张伟', password: PASSWORD, roles: [{ department: 'wh-fao', role: 'staff' }] },
      admin,
    );
    await accounts.setRoles(
      user.id,
      [
        { department: 'wh-fao', role: 'staff' },
        { department: 'wh-fao', role: 'auditor' },
      ],
      admin,
    );
    await accounts.setRoles(user.id, [{ department: 'wh-fao', role: 'auditor' }], admin);
    await accounts.setRoles(user.id, [{ department: 'wh-fao', role: 'auditor' }], admin); // no change: no entry
    await accounts.setDisabled(user.id, true, admin);
    await accounts.setDisabled(user.id, true, admin); // already disabled: no entry
    await accounts.setDisabled(user.id, false, admin);
    await accounts.setPassword(user.id, NEW_PASSWORD, admin);
    await accounts.setPassword(user.id, PASSWORD, { id: user.id, username: user.username });

    const all = await readAudit(db.pool, { department: 'wh-fao' });
    // The admin's own creation concerns every department ('*'); the rest is this user's.
    expect(all.total).toBe(8);
    const items = all.items.filter((e) => e.target.id === user.id);
    const actorOf = { id: admin.id, username: 'audit-admin', displayName: 'audit-admin' };
    const target = { id: user.id, username: 'zhang.wei', displayName: '张伟' };
    expect(
      items.reverse().map(({ actor, action, target: t, departments, details }) => ({ actor, action, target: t, departments, details })),
    ).toEqual([
      {
        actor: actorOf,
        action: 'user.created',
        target,
        departments: ['wh-fao'],
        details: { displayName: '张伟', roles: [{ department: 'wh-fao', role: 'staff' }] },
      },
      {
        actor: actorOf,
        action: 'roles.changed',
        target,
        departments: ['wh-fao'],
        details: { granted: [{ department: 'wh-fao', role: 'auditor' }], revoked: [] },
      },
      {
        actor: actorOf,
        action: 'roles.changed',
        target,
        departments: ['wh-fao'],
        details: { granted: [], revoked: [{ department: 'wh-fao', role: 'staff' }] },
      },
      { actor: actorOf, action: 'user.disabled', target, departments: ['wh-fao'], details: {} },
      { actor: actorOf, action: 'user.enabled', target, departments: ['wh-fao'], details: {} },
      { actor: actorOf, action: 'password.reset', target, departments: ['wh-fao'], details: {} },
      { actor: { ...target }, action: 'password.changed', target, departments: ['wh-fao'], details: {} },
    ]);
    for (const entry of items) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 5_000);
    const stored = JSON.stringify((await db.pool.query('SELECT * FROM account_audit')).rows);
    const hash = (await db.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id])).rows[0]
      .password_hash;
    for (const secret of [PASSWORD, NEW_PASSWORD, hash, '$2']) expect(stored).not.toContain(secret);
  });

  it('shows a department’s auditors only what concerns it (and roles held in every department); admins see all', async () => {
    await accounts.create({ username: 'li.na', password: PASSWORD, roles: [{ department: 'wh-other', role: 'leader' }] }, admin);
    await accounts.create({ username: 'wang.fang', password: PASSWORD, roles: [{ department: '*', role: 'auditor' }] }, admin);
    const names = async (department?: string) =>
      (await readAudit(db.pool, { department, pageSize: 200 })).items.map((e) => `${e.action} ${e.target.username}`);
    expect(await names('wh-other')).toEqual(['user.created wang.fang', 'user.created li.na', 'user.created audit-admin']);
    expect(await names('wh-fao')).not.toContain('user.created li.na');
    expect(await names('wh-fao')).toContain('user.created wang.fang');
    expect(await names()).toEqual(expect.arrayContaining(['user.created li.na', 'user.created audit-admin']));
    // A change of roles in two departments: each department's view shows its own part only.
    const both = await accounts.create(
      { username: 'zhao.lei', password: PASSWORD, roles: [{ department: 'wh-fao', role: 'staff' }] },
      admin,
    );
    await accounts.setRoles(both.id, [{ department: 'wh-other', role: 'staff' }], admin);
    const [moved] = (await readAudit(db.pool, { department: 'wh-other' })).items;
    expect([moved.departments, moved.details]).toEqual([
      ['wh-other'],
      { granted: [{ department: 'wh-other', role: 'staff' }], revoked: [] },
    ]);
    const [all] = (await readAudit(db.pool)).items;
    expect(all.details).toEqual({
      granted: [{ department: 'wh-other', role: 'staff' }],
      revoked: [{ department: 'wh-fao', role: 'staff' }],
    });
    const [first] = (await readAudit(db.pool, {})).items.slice(-1);
    expect(first.actor).toEqual({ system: 'boot' });
    const paged = await readAudit(db.pool, { page: 2, pageSize: 3 });
    expect([paged.items.length, paged.total, paged.page]).toEqual([3, 12, 2]);
  });

  it('writes nothing for a change that is refused, and refuses to edit or delete an entry', async () => {
    const count = async () => (await readAudit(db.pool)).total;
    const n = await count();
    await expect(accounts.setDisabled(admin.id, true, admin)).rejects.toMatchObject({ code: 'USER.LAST_ADMIN' });
    await expect(accounts.setRoles(admin.id, [], admin)).rejects.toMatchObject({ code: 'USER.LAST_ADMIN' });
    expect(await count()).toBe(n);
    await expect(db.pool.query(`UPDATE account_audit SET actor_name = 'someone'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM account_audit`)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(n);
  });
});
