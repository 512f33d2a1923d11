import { describe, expect, it } from '@jest/globals';
import { allows, grantProblem, normalizeGrants, parseGrant, type AccessRule, type RequestUser } from './roles';

const user = (...roles: string[]): RequestUser => ({
  id: 'u',
  username: 'u',
  roles: roles.map((r) => parseGrant(r)),
});

const staffOnly: AccessRule = { kind: 'department', roles: ['staff'] };
const anyRole: AccessRule = { kind: 'department', roles: 'any' };

describe('allows', () => {
  it('lets a role act only in its own department', () => {
    expect(allows(user('staff:wh-fao'), staffOnly, 'wh-fao')).toBe(true);
    expect(allows(user('staff:wh-fao'), staffOnly, 'wh-edu')).toBe(false);
    expect(allows(user('leader:wh-fao'), staffOnly, 'wh-fao')).toBe(false);
    expect(allows(user('leader:wh-fao'), anyRole, 'wh-fao')).toBe(true);
    expect(allows(user('leader:wh-fao'), anyRole, 'wh-edu')).toBe(false);
  });

  it("gives a role held at '*' in every department, and the admin everything", () => {
    expect(allows(user('auditor:*'), { kind: 'department', roles: ['auditor'] }, 'wh-edu')).toBe(true);
    expect(allows(user('auditor:*'), staffOnly, 'wh-edu')).toBe(false);
    expect(allows(user('auditor:*'), { kind: 'admin' }, undefined)).toBe(false);
    expect(allows(user('admin'), staffOnly, 'anything')).toBe(true);
    expect(allows(user('admin:*'), { kind: 'admin' }, undefined)).toBe(true);
  });

  it('refuses a department rule on a route without a department', () => {
    expect(allows(user('staff:wh-fao'), staffOnly, undefined)).toBe(false);
    expect(allows(user(), { kind: 'signed-in' }, undefined)).toBe(true);
  });
});

describe('grants', () => {
  it('parses the CLI form and refuses what cannot be', () => {
    expect(parseGrant('admin')).toEqual({ role: 'admin', department: '*' });
    expect(parseGrant('staff:wh-fao')).toEqual({ role: 'staff', department: 'wh-fao' });
    expect(() => parseGrant('staff')).toThrow(/needs its department/);
    expect(() => parseGrant('admin:wh-fao')).toThrow(/global/);
    expect(() => parseGrant('boss:wh-fao')).toThrow(/role must be one of/);
    expect(grantProblem({ role: 'staff', department: 'Bad Code' })).toMatch(/department/);
  });

  it('normalizes to one of each grant in a stable order', () => {
    expect(normalizeGrants(['staff:d-b', 'leader:d-a', 'staff:d-b', 'staff:d-a'].map(parseGrant))).toEqual([
      { department: 'd-a', role: 'staff' },
      { department: 'd-a', role: 'leader' },
      { department: 'd-b', role: 'staff' },
    ]);
  });
});
